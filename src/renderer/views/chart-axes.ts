/** How the lab's small time charts draw their axes (queues, a pool's throughput, CPU cores). */
export const CHART_AXIS = { stroke: '#94a3b8', fontSize: 12, tickLine: false } as const;

/**
 * The x axis of a chart of the last `spanSeconds`: seconds before now, "now" at the right. Spread into
 * recharts' XAxis (a wrapper component would not be read as an axis).
 */
export function secondsAgoAxis(spanSeconds: number, ticks: readonly number[] = [-spanSeconds, -spanSeconds / 2, 0]) {
  return {
    dataKey: 'secondsAgo',
    type: 'number',
    domain: [-spanSeconds, 0],
    allowDataOverflow: true,
    ticks: [...ticks],
    tickFormatter: (value: number) => (value === 0 ? 'now' : `${-value} s`),
  } as const;
}
