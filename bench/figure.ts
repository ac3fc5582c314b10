import type { Paired } from './paired';
import { exactly, type Summary } from './stats';

/**
 * One figure of a bench run as it is stored in bench/results (and drawn in the README's table): the
 * judged summary, and the two sides it came from when it was measured against a raw baseline.
 */
export interface Figure {
  /** What a reader is told it is, e.g. "start latency, lab vs raw fork()". */
  readonly what: string;
  /** Unit of `value`: 'x' for a ratio, 'ms', 'µs', '/s', or '' for a count. */
  readonly unit: string;
  /** What the target is judged on (a median ratio, a p95 in ms...). */
  readonly value: Summary;
  /** The raw baseline's rounds and the lab's, when the figure compares the two. */
  readonly raw?: Summary;
  readonly lab?: Summary;
  readonly rawUnit?: string;
  /** The raw baseline in words, e.g. "fork() of a child that only says ready". */
  readonly baseline?: string;
  /** The other side in words when it is not simply "lab" (the unobserved lab of the observation figure). */
  readonly labSide?: string;
  readonly pairs: number;
  readonly seconds: number;
  readonly stoppedBy: Paired['stoppedBy'] | 'counted';
  /** How it was measured when that matters to reading it (pinned to one CPU, rounds of 10,000 pairs). */
  readonly how?: string;
}

type Described = Pick<Figure, 'what' | 'baseline' | 'labSide' | 'how'>;

/** A ratio figure: lab / raw of alternated pairs, judged on the median ratio. */
export function ratioFigure(paired: Paired, unit: string, described: Described): Figure {
  return { ...described, unit: 'x', value: paired.ratio, raw: paired.raw, lab: paired.lab, rawUnit: unit, pairs: paired.pairs, seconds: paired.seconds, stoppedBy: paired.stoppedBy };
}

/** A figure judged on the lab's own value (ms, µs), its raw twin alongside. */
export function labFigure(paired: Paired, unit: string, described: Described): Figure {
  return { ...described, unit, value: paired.lab, raw: paired.raw, lab: paired.lab, rawUnit: unit, pairs: paired.pairs, seconds: paired.seconds, stoppedBy: paired.stoppedBy };
}

/** A count (children spawned): exact, nothing to estimate. */
export function countFigure(count: number, described: Described): Figure {
  return { ...described, unit: '', value: exactly(count), pairs: 1, seconds: 0, stoppedBy: 'counted' };
}

/** A figure with no raw twin: a throughput on its own, or one of two raw baselines alternated with each other. */
export function soloFigure(summary: Summary, run: Pick<Paired, 'pairs' | 'seconds' | 'stoppedBy'>, unit: string, described: Described): Figure {
  return { ...described, unit, value: summary, pairs: run.pairs, seconds: run.seconds, stoppedBy: run.stoppedBy };
}
