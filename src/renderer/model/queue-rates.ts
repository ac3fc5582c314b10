import { isGap, type SeriesPoint } from '../../shared/time-series';

/** Index of the totals in a queue's series point: [depth, unfinished, puts so far, gets so far]. */
export const QUEUE_DEPTH = 0;
export const QUEUE_UNFINISHED = 1;
const PUTS = 2;
const GETS = 3;

export interface QueueRates {
  readonly putsPerSecond: number;
  readonly getsPerSecond: number;
}

/**
 * Puts and gets per second over the last `windowMs` of samples: the difference of the running totals
 * between the oldest and the newest sample in that window. A window, not the last two samples, so the
 * number holds still enough to read aloud. Null until two samples span some time; a gap ends the window.
 */
export function queueRates(points: readonly SeriesPoint[], windowMs = 3000): QueueRates | null {
  const newest = points.at(-1);
  if (newest === undefined || isGap(newest)) return null;
  let oldest = newest;
  for (let index = points.length - 2; index >= 0; index--) {
    const point = points[index]!;
    if (isGap(point) || newest.t - point.t > windowMs) break;
    oldest = point;
  }
  const seconds = (newest.t - oldest.t) / 1000;
  if (seconds <= 0) return null;
  const rate = (at: number) => Math.max(0, ((newest.values[at] ?? 0) - (oldest.values[at] ?? 0)) / seconds);
  return { putsPerSecond: rate(PUTS), getsPerSecond: rate(GETS) };
}

/** "4.0/s", "12/s": one decimal while it matters. */
export function formatRate(perSecond: number | null | undefined): string {
  if (perSecond === null || perSecond === undefined) return '–';
  return perSecond >= 10 ? `${Math.round(perSecond)}/s` : `${perSecond.toFixed(1)}/s`;
}

const MIN_SPAN_SECONDS = 10;

/**
 * How many seconds a queue's chart spans: from its first sample to now, at least 10 s, at most the
 * history window. A queue made a moment ago would otherwise be a sliver at the right of a minute's axis,
 * and a producer/consumer run of a few seconds is the whole lesson. Rounded up to a multiple of 10 s so
 * the axis does not creep every sample.
 */
export function chartSpanSeconds(points: readonly SeriesPoint[], now: number, windowSeconds: number): number {
  const first = points[0];
  const age = first === undefined ? 0 : (now - first.t) / 1000;
  return Math.min(windowSeconds, Math.max(MIN_SPAN_SECONDS, Math.ceil(age / 10) * 10));
}
