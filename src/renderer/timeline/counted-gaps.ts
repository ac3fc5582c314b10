import { visibleRange, visibleRows, type Row, type TimeWindow } from './geometry';
import type { Segment, WorkerLane } from './lane-types';
import { MAX_SEGMENTS_PER_LANE } from './segments';

/**
 * A thread's fast-path ops counted over the recording rate, not kept (`sync.fastPathCounted`), as a span on
 * its lane. The event says how many, not exactly when: the host tells them at a lock-table sample, at most
 * once a second per thread (and at its end), so the ops were counted since the thread's previous such event,
 * and within about COUNTED_SPAN_MS before this one (a second's quiet period and one 200 ms sample).
 */
export const COUNTED_SPAN_MS = 1_200;

export interface CountedOps {
  /** Ops counted since the previous gap. */
  readonly ops: number;
  /** The thread's ops counted so far. */
  readonly total: number;
}

/** Adds the gap an event at `t` says to a lane's gaps: after the previous gap, at most COUNTED_SPAN_MS long, not before `laneStart` (the thread ran from then). */
export function addCountedGap(gaps: Segment<CountedOps>[], t: number, counted: CountedOps, laneStart: number): void {
  const previousEnd = gaps.at(-1)?.end ?? -Infinity;
  const start = Math.min(t, Math.max(previousEnd, t - COUNTED_SPAN_MS, laneStart));
  gaps.push({ start, end: t, state: counted });
  if (gaps.length > MAX_SEGMENTS_PER_LANE) gaps.splice(0, MAX_SEGMENTS_PER_LANE / 2);
}

/** "3,812,000 ops counted, not kept": a gap's words, on the canvas's tooltip and in its accessible text. */
export function countedWords(ops: number): string {
  return `${ops.toLocaleString('en')} ${ops === 1 ? 'op' : 'ops'} counted, not kept`;
}

/**
 * The gap of `lane` at moment `t` (the pointer over it), if any: the first that reaches it. A lane's gaps are
 * in time order and do not overlap (addCountedGap), so a binary search finds it, as the drawing does: a
 * pointer move must not scan a lane's thousands of gaps.
 */
export function gapAt(lane: Pick<WorkerLane, 'gaps'>, t: number): Segment<CountedOps> | null {
  const [from, to] = visibleRange(lane.gaps, { start: t, end: t });
  return from < to ? lane.gaps[from]! : null;
}

/** The ops counted, not kept, per worker lane in `window`: what the canvas's accessible text says. */
export function countedInWindow(lanes: readonly Pick<WorkerLane, 'label' | 'gaps'>[], window: TimeWindow): { readonly label: string; readonly ops: number }[] {
  const shown: { label: string; ops: number }[] = [];
  for (const lane of lanes) {
    let ops = 0;
    const [from, to] = visibleRange(lane.gaps, window);
    for (let index = from; index < to; index++) ops += lane.gaps[index]!.state.ops;
    if (ops > 0) shown.push({ label: lane.label, ops });
  }
  return shown;
}

/** What the pointer at lane height `y` (px from the lanes' top, scroll included) and moment `t` is over: a gap's words, or null. */
export function gapWordsAt(rows: readonly Row[], y: number, t: number): string | null {
  const row = visibleRows(rows, y, 1)[0];
  if (row === undefined || row.kind !== 'lane' || row.lane.kind !== 'worker') return null;
  const gap = gapAt(row.lane, t);
  return gap === null ? null : `${row.lane.label}: ${countedWords(gap.state.ops)} (${gap.state.total.toLocaleString('en')} so far; over the recording rate of its fast path)`;
}

/** The accessible text's sentence on the gaps in view, or '' when there are none. */
export function countedSentence(lanes: readonly Pick<WorkerLane, 'label' | 'gaps'>[], window: TimeWindow): string {
  const shown = countedInWindow(lanes, window);
  if (shown.length === 0) return '';
  const named = shown.slice(0, 5).map(({ label, ops }) => `${label}: ${countedWords(ops)}`);
  if (shown.length > 5) named.push(`and ${shown.length - 5} more`);
  return ` Hatched, fast-path ops over the recording rate: ${named.join('; ')}.`;
}
