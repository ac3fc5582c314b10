import { memo, useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import type { SeriesPoint } from '../../shared/time-series';
import { CHART_AXIS, secondsAgoAxis } from './chart-axes';
import { chartSpanSeconds } from '../model/queue-rates';

interface PoolThroughputChartProps {
  /** Tasks done per second, one point a second (values[0]); gaps are nulls. */
  readonly points: readonly SeriesPoint[];
  readonly windowSeconds: number;
  /** The lab's now, moved on in steps (PoolsView): drawn once a step, not on every fact. */
  readonly now: number;
}

const DONE_COLOR = '#4ade80';

/** A pool's throughput over the history window, as QueueChart draws a queue's depth. */
export const PoolThroughputChart = memo(function PoolThroughputChart({ points, windowSeconds, now }: PoolThroughputChartProps) {
  const data = useMemo(() => points.map((point) => ({ secondsAgo: (point.t - now) / 1000, done: point.values[0] ?? null })), [points, now]);
  const highest = Math.max(1, ...data.map((row) => row.done ?? 0));
  const top = niceCeiling(highest);
  const span = chartSpanSeconds(points, now, windowSeconds);
  return (
    <div className="pool-chart">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 6, right: 10, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#273142" vertical={false} />
          <XAxis {...secondsAgoAxis(span)} {...CHART_AXIS} />
          <YAxis domain={[0, top]} ticks={[0, top / 2, top]} allowDecimals={false} width={44} {...CHART_AXIS} />
          <Line dataKey="done" name="done/s" stroke={DONE_COLOR} strokeWidth={2.4} dot={false} isAnimationActive={false} connectNulls={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
});

/** The axis's top: a round number a little above the highest rate, so the line does not touch the frame. */
function niceCeiling(value: number): number {
  const step = 10 ** Math.floor(Math.log10(value * 1.1));
  return Math.ceil((value * 1.1) / step) * step;
}
