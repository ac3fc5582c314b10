/**
 * Statistics for the benchmarks, pure: quantiles, a distribution-free confidence interval for a quantile,
 * a summary of repeated measurements and the verdict against a target. No timing here (see paired.ts).
 */

/** Share of the time the true quantile lies outside the interval: a 95% interval. */
const ALPHA = 0.05;

export interface Summary {
  readonly n: number;
  readonly min: number;
  readonly q1: number;
  readonly median: number;
  readonly q3: number;
  readonly max: number;
  /** Which quantile `value` is (0.5 for a median, 0.95 for a p95). */
  readonly quantile: number;
  /** The figure: that quantile of the values. */
  readonly value: number;
  /** 95% confidence interval of `value` from order statistics (no assumption about the distribution). */
  readonly low: number;
  readonly high: number;
  /** Interquartile range over the median: how widely single rounds scatter. */
  readonly iqrOverMedian: number;
  /** Half the interval's width over the figure: how well the figure itself is known. */
  readonly halfWidth: number;
}

/** The q-quantile by linear interpolation between order statistics (R's type 7, numpy's default). */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

export const median = (values: readonly number[]) => quantile(values, 0.5);

/** P(X <= k) for X ~ Binomial(n, p), summed in log space so that p = 0.95 and n = 500 do not underflow. */
function binomialCdf(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  let logPmf = n * Math.log(1 - p);
  let sum = Math.exp(logPmf);
  for (let i = 0; i < k; i++) {
    logPmf += Math.log((n - i) / (i + 1)) + Math.log(p / (1 - p));
    sum += Math.exp(logPmf);
  }
  return Math.min(1, sum);
}

/**
 * Ranks (1-based) of the order statistics that bound the q-quantile with 95% confidence: the number of
 * values below the true quantile is Binomial(n, q). 0 means no lower bound, n + 1 no upper bound: too few
 * values for that quantile (a median needs 6 values for any interval; a p95 needs 72 for an upper bound,
 * which is then the largest value, and 110 for one below it).
 */
export function quantileRanks(n: number, q: number): { lower: number; upper: number } {
  let lower = 0;
  while (lower + 1 <= n && binomialCdf(lower, n, q) <= ALPHA / 2) lower++;
  let upper = n + 1;
  for (let rank = 1; rank <= n; rank++) {
    if (binomialCdf(rank - 1, n, q) >= 1 - ALPHA / 2) {
      upper = rank;
      break;
    }
  }
  return { lower, upper };
}

export function summarize(values: readonly number[], q = 0.5): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const { lower, upper } = quantileRanks(n, q);
  const value = quantile(sorted, q);
  const low = lower === 0 ? Number.NEGATIVE_INFINITY : sorted[lower - 1]!;
  const high = upper > n ? Number.POSITIVE_INFINITY : sorted[upper - 1]!;
  const med = quantile(sorted, 0.5);
  return {
    n,
    min: sorted[0] ?? Number.NaN,
    q1: quantile(sorted, 0.25),
    median: med,
    q3: quantile(sorted, 0.75),
    max: sorted[n - 1] ?? Number.NaN,
    quantile: q,
    value,
    low,
    high,
    iqrOverMedian: (quantile(sorted, 0.75) - quantile(sorted, 0.25)) / Math.abs(med),
    halfWidth: (high - low) / 2 / Math.abs(value),
  };
}

/** A figure that is counted, not timed (children spawned): known exactly from one reading. */
export function exactly(value: number): Summary {
  return { n: 1, min: value, q1: value, median: value, q3: value, max: value, quantile: 0.5, value, low: value, high: value, iqrOverMedian: 0, halfWidth: 0 };
}

export interface Target {
  readonly limit: number;
  readonly direction: 'at most' | 'at least';
}

export type Verdict = 'met' | 'missed' | 'too noisy: not judged';

/**
 * Met only when the whole 95% interval is on the right side of the limit, missed only when it is wholly on
 * the wrong side. An interval that holds the limit cannot say which: the figure is not judged.
 */
export function judge(summary: Summary, target: Target): Verdict {
  const { low, high } = summary;
  if (target.direction === 'at most') return high <= target.limit ? 'met' : low > target.limit ? 'missed' : 'too noisy: not judged';
  return low >= target.limit ? 'met' : high < target.limit ? 'missed' : 'too noisy: not judged';
}

export function round(value: number, digits = 2): number {
  if (!Number.isFinite(value)) return value;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Rounds to `significant` digits: figures from 0.02 µs to 100,000 items/s in one table. */
export function significant(value: number, significant = 3): number {
  if (!Number.isFinite(value) || value === 0) return value;
  const digits = Math.max(0, significant - 1 - Math.floor(Math.log10(Math.abs(value))));
  return round(value, digits);
}
