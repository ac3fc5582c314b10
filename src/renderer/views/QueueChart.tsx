import { memo, useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { CHART_AXIS, secondsAgoAxis } from './chart-axes';
import type { SeriesPoint } from '../../shared/time-series';
import { chartSpanSeconds, QUEUE_DEPTH, QUEUE_UNFINISHED } from '../model/queue-rates';

interface QueueChartProps {
  readonly points: readonly SeriesPoint[];
  /** 0: unbounded, no line. */
  readonly maxsize: number;
  readonly joinable: boolean;
  /** The longest span shown: the lab's history window. */
  readonly windowSeconds: number;
  readonly now: number;
}

const DEPTH_COLOR = '#38bdf8';
const UNFINISHED_COLOR = '#c4b5fd';
const MAXSIZE_COLOR = '#f87171';

/**
 * A queue's depth over the history window, against its maxsize: a producer blocked on a full queue is the
 * flat top. Memoised, and given a `now` that moves in steps of the sampling period (QueuesPanel): drawn
 * once a sample, not on every frame.
 */
export const QueueChart = memo(function QueueChart({ points, maxsize, joinable, windowSeconds, now }: QueueChartProps) {
  const data = useMemo(
    () => points.map((point) => ({ secondsAgo: (point.t - now) / 1000, depth: point.values[QUEUE_DEPTH] ?? null, unfinished: point.values[QUEUE_UNFINISHED] ?? null })),
    [points, now],
  );
  const highest = Math.max(maxsize, 1, ...data.map((row) => Math.max(row.depth ?? 0, row.unfinished ?? 0)));
  const span = chartSpanSeconds(points, now, windowSeconds);
  return (
    <div className="queue-chart">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#273142" vertical={false} />
          <XAxis {...secondsAgoAxis(span)} {...CHART_AXIS} />
          <YAxis domain={[0, Math.ceil(highest * 1.1)]} allowDecimals={false} width={34} {...CHART_AXIS} />
          {maxsize > 0 && (
            <ReferenceLine y={maxsize} stroke={MAXSIZE_COLOR} strokeDasharray="5 4" label={{ value: `maxsize ${maxsize}`, position: 'insideTopLeft', fill: MAXSIZE_COLOR, fontSize: 12 }} />
          )}
          {joinable && <Line dataKey="unfinished" name="unfinished" stroke={UNFINISHED_COLOR} strokeWidth={1.6} strokeDasharray="4 3" dot={false} isAnimationActive={false} connectNulls={false} />}
          <Line dataKey="depth" name="depth" stroke={DEPTH_COLOR} strokeWidth={2.6} dot={false} isAnimationActive={false} connectNulls={false} type="stepAfter" />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
});
