import { memo, useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { secondsAgoAxis } from './chart-axes';
import type { SeriesPoint } from '../../shared/time-series';
import { coreColor, TOTAL_COLOR } from './core-colors';

interface CpuChartProps {
  readonly points: readonly SeriesPoint[];
  readonly cores: number;
  readonly windowSeconds: number;
  /** The lab's "now": the x axis counts seconds back from it. */
  readonly now: number;
}

type ChartRow = Record<string, number | null>;

const AXIS = { stroke: '#94a3b8', fontSize: 13, tickLine: false } as const;

/**
 * Load per core and in total over the last minute; a missing sample is a gap, not a line across it.
 * Memoised: its props change once a sample, and drawing the chart on every frame of a busy lab cost more
 * than the rest of the page.
 */
export const CpuChart = memo(function CpuChart({ points, cores, windowSeconds, now }: CpuChartProps) {
  const data = useMemo(
    () =>
      points.map((point) => {
        const row: ChartRow = { secondsAgo: (point.t - now) / 1000 };
        for (let core = 0; core < cores; core++) row[`cpu${core}`] = point.values[core] ?? null;
        row.total = point.values[cores] ?? null;
        return row;
      }),
    [points, cores, now],
  );
  const ticks = [-windowSeconds, (-windowSeconds * 3) / 4, -windowSeconds / 2, -windowSeconds / 4, 0];
  return (
    <div className="cpu-chart" data-cores={cores}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 6, right: 14, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#273142" vertical={false} />
          <XAxis {...secondsAgoAxis(windowSeconds, ticks)} {...AXIS} />
          <YAxis domain={[0, 100]} ticks={[0, 50, 100]} tickFormatter={(value: number) => `${value}%`} width={46} {...AXIS} />
          {Array.from({ length: cores }, (_, core) => (
            <Line
              key={core}
              dataKey={`cpu${core}`}
              name={`cpu${core}`}
              stroke={coreColor(core)}
              strokeWidth={1.6}
              dot={false}
              isAnimationActive={false}
              connectNulls={false}
            />
          ))}
          <Line dataKey="total" name="total" stroke={TOTAL_COLOR} strokeWidth={3.2} dot={false} isAnimationActive={false} connectNulls={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
});
