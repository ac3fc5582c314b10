import type { Paired, Plan, Round } from './paired';
import { summarize, type Summary } from './stats';

/**
 * More than two sides measured in the same cycles (paired.ts alternates two): one round of each side per
 * cycle, in order, then in reverse order the next cycle, so that no side always runs first or in another's
 * wake, and a neighbour's burst falls on one cycle of all of them. Any two sides then make a Paired figure
 * (pairOf): their ratio is taken cycle by cycle, as alternate() takes it pair by pair.
 */

export interface Rotated {
  /** Each side's values, one per cycle, in cycle order. */
  readonly values: Readonly<Record<string, readonly number[]>>;
  readonly cycles: number;
  readonly seconds: number;
  readonly stoppedBy: Paired['stoppedBy'];
}

/** What the stopping rule judges: the ratio `side` / `reference` of each cycle, as alternate()'s 'ratio'. */
export interface RotationPlan extends Omit<Plan, 'judge' | 'minPairs' | 'maxPairs'> {
  readonly minCycles: number;
  readonly maxCycles: number;
  readonly judge: { readonly side: string; readonly reference: string };
}

export async function rotate(plan: RotationPlan, rounds: Readonly<Record<string, Round>>): Promise<Rotated> {
  const sides = Object.keys(rounds);
  for (const side of [plan.judge.side, plan.judge.reference]) if (!sides.includes(side)) throw new Error(`bench: rotate judges ${side}, not one of ${sides.join(', ')}`);
  const values: Record<string, number[]> = Object.fromEntries(sides.map((side) => [side, []]));
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  let stoppedBy: Paired['stoppedBy'] = 'max pairs';
  let cycles = 0;
  while (cycles < plan.maxCycles) {
    const order = cycles % 2 === 0 ? sides : [...sides].reverse();
    for (const side of order) values[side]!.push(await rounds[side]!());
    cycles += 1;
    if (cycles < plan.minCycles) continue;
    if (ratios(values[plan.judge.reference]!, values[plan.judge.side]!).halfWidth <= plan.tolerance) {
      stoppedBy = 'tight';
      break;
    }
    if (elapsed() >= plan.maxSeconds) {
      stoppedBy = 'max seconds';
      break;
    }
  }
  return { values, cycles, seconds: elapsed(), stoppedBy };
}

/** Two sides of a rotation as a raw baseline and a lab side: their summaries and their ratio cycle by cycle. */
export function pairOf(rotated: Rotated, raw: string, lab: string, q = 0.5): Paired {
  const rawValues = rotated.values[raw];
  const labValues = rotated.values[lab];
  if (rawValues === undefined || labValues === undefined) throw new Error(`bench: the rotation has no side ${rawValues === undefined ? raw : lab}`);
  return {
    raw: summarize(rawValues, q),
    lab: summarize(labValues, q),
    ratio: ratios(rawValues, labValues),
    pairs: rotated.cycles,
    seconds: rotated.seconds,
    stoppedBy: rotated.stoppedBy,
  };
}

/** One side of a rotation on its own (a raw pool's tasks/s). */
export function sideOf(rotated: Rotated, side: string, q = 0.5): Summary {
  const values = rotated.values[side];
  if (values === undefined) throw new Error(`bench: the rotation has no side ${side}`);
  return summarize(values, q);
}

function ratios(raw: readonly number[], lab: readonly number[]): Summary {
  return summarize(
    lab.map((value, index) => value / raw[index]!),
    0.5,
  );
}
