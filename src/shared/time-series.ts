/**
 * A time series that keeps gaps where samples are missing and forgets what is older than its window
 * (after bottom's `insert_break` and `prune`). A gap is a point whose values are all null, so a chart
 * draws a break instead of a line across time nobody measured.
 */
export interface SeriesPoint {
  readonly t: number;
  readonly values: readonly (number | null)[];
}

/** A sample later than this many periods after the previous one means samples were missed. */
const GAP_PERIODS = 2.5;

export function appendPoint(
  points: readonly SeriesPoint[],
  point: SeriesPoint,
  periodMs: number,
  windowMs: number,
): SeriesPoint[] {
  const last = points.at(-1);
  const next = last !== undefined && point.t <= last.t ? points.filter((p) => p.t < point.t) : [...points];
  const previous = next.at(-1);
  if (previous !== undefined && point.t - previous.t > GAP_PERIODS * periodMs) {
    next.push({ t: previous.t + periodMs, values: point.values.map(() => null) });
  }
  next.push(point);
  return prune(next, point.t - windowMs);
}

export function prune(points: SeriesPoint[], oldest: number): SeriesPoint[] {
  const first = points.findIndex((p) => p.t >= oldest);
  if (first <= 0) return first === -1 ? [] : points;
  return points.slice(first);
}

export function isGap(point: SeriesPoint): boolean {
  return point.values.every((v) => v === null);
}
