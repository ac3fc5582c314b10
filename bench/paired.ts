import { summarize, type Summary } from './stats';

/**
 * Every bench figure is measured the same way: one round of the raw baseline and one round of the lab,
 * alternated, so that a neighbour's burst or a slow drift of the machine falls on both sides alike. The
 * order flips every pair (raw lab, lab raw, raw lab...) so that neither side always runs first, in the
 * wake of the other. Rounds go on until the judged figure's 95% interval is tight, or a cap is reached.
 */

export interface Plan {
  /** Pairs always run, however tight the interval looks early. */
  readonly minPairs: number;
  readonly maxPairs: number;
  /** Stop adding pairs after this long (the bench must stay within minutes). */
  readonly maxSeconds: number;
  /** Stop once the judged figure's 95% interval is within ±tolerance of it (0.05: ±5%). */
  readonly tolerance: number;
  /** 'ratio': lab / raw of each pair, its median (start latency). 'lab': the lab's own figure (a p95 in ms). */
  readonly judge: 'ratio' | 'lab';
  /** The quantile the judged figure is: 0.5 (median, the default) or 0.95 (a p95). */
  readonly quantile?: number;
}

export interface Paired {
  readonly raw: Summary;
  readonly lab: Summary;
  /** lab / raw of each pair (same round index), summarised: what a ratio target is judged on. */
  readonly ratio: Summary;
  readonly pairs: number;
  readonly seconds: number;
  /** Why rounds stopped: the interval was tight, or a cap was hit (then the interval may be wide). */
  readonly stoppedBy: 'tight' | 'max pairs' | 'max seconds';
}

/** One round of one side: resolves to that round's figure (ms, µs per pair, items/s...). */
export type Round = () => Promise<number> | number;

export async function alternate(plan: Plan, raw: Round, lab: Round): Promise<Paired> {
  const rawValues: number[] = [];
  const labValues: number[] = [];
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const q = plan.quantile ?? 0.5;
  const summaries = () => {
    const ratios = labValues.map((value, index) => value / rawValues[index]!);
    return { raw: summarize(rawValues, q), lab: summarize(labValues, q), ratio: summarize(ratios, 0.5) };
  };
  let stoppedBy: Paired['stoppedBy'] = 'max pairs';
  for (let pair = 0; pair < plan.maxPairs; pair++) {
    if (pair % 2 === 0) {
      rawValues.push(await raw());
      labValues.push(await lab());
    } else {
      labValues.push(await lab());
      rawValues.push(await raw());
    }
    if (pair + 1 < plan.minPairs) continue;
    const judged = summaries()[plan.judge];
    if (judged.halfWidth <= plan.tolerance) {
      stoppedBy = 'tight';
      break;
    }
    if (elapsed() >= plan.maxSeconds) {
      stoppedBy = 'max seconds';
      break;
    }
  }
  return { ...summaries(), pairs: labValues.length, seconds: elapsed(), stoppedBy };
}

/** Rounds of one side only, for a figure with no raw twin; the same stopping rule. */
export async function repeat(plan: Omit<Plan, 'judge'>, round: Round): Promise<Omit<Paired, 'raw' | 'ratio'>> {
  const values: number[] = [];
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  let stoppedBy: Paired['stoppedBy'] = 'max pairs';
  for (let index = 0; index < plan.maxPairs; index++) {
    values.push(await round());
    if (index + 1 < plan.minPairs) continue;
    if (summarize(values, plan.quantile ?? 0.5).halfWidth <= plan.tolerance) {
      stoppedBy = 'tight';
      break;
    }
    if (elapsed() >= plan.maxSeconds) {
      stoppedBy = 'max seconds';
      break;
    }
  }
  return { lab: summarize(values, plan.quantile ?? 0.5), pairs: values.length, seconds: elapsed(), stoppedBy };
}

/** A line for the console: min / median / max, the figure's interval and the rounds' scatter. */
export function describe(name: string, summary: Summary, unit = ''): string {
  const f = (value: number) => (Number.isFinite(value) ? Number(value.toPrecision(3)).toString() : value > 0 ? '∞' : '-∞');
  const which = summary.quantile === 0.5 ? 'median' : `p${Math.round(summary.quantile * 100)}`;
  return `${name}: ${which} ${f(summary.value)}${unit} [95% ${f(summary.low)}..${f(summary.high)}], min ${f(summary.min)} / median ${f(summary.median)} / max ${f(summary.max)}, IQR/median ${(summary.iqrOverMedian * 100).toFixed(0)}%, n=${summary.n}`;
}
