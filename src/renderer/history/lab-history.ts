import { INITIAL_STATE, type LabState } from '../../shared/lab-state';
import type { LabEvent } from '../../shared/protocol';
import { reduceBatch } from '../../shared/reducer';

/**
 * The page's own history of the lab, so that any view can be drawn as it was at a moment T while the lab
 * keeps running (issue 8, "the timeline"). Every batch the LabStore folds is appended here with the state it
 * produced; every ~1 s of lab time or ~2,000 events that state is kept as a keyframe. A keyframe is a
 * reference, not a copy: LabState is immutable with structural sharing, so it costs nearly nothing.
 * `stateAt(T)` folds from the nearest keyframe at or before T, so it costs at most one keyframe interval.
 *
 * Time is the lab's: the running maximum of the events' `t`, which is what the reducer calls `now`, so the
 * moments are in order even where two sources' clocks step back a little.
 */

export interface HistoryOptions {
  /** A keyframe at least this often in lab time (ms). */
  readonly keyframeEveryMs: number;
  /** ... and at least every this many events. */
  readonly keyframeEveryEvents: number;
  /** Events older than this before the newest are dropped (whole keyframe intervals at a time). */
  readonly retentionMs: number;
  /** At most this many events are kept (whole keyframe intervals are dropped beyond it). */
  readonly maxEvents: number;
  /**
   * At most this many keyframes: past it, every other one of the older half goes (the events stay, so a
   * seek there folds a little more). A keyframe shares most of its state, but not all (the log's array,
   * the series): 30 min of quiet lab at one a second would otherwise keep 1,800 of them.
   */
  readonly maxKeyframes: number;
}

export const HISTORY_DEFAULTS: HistoryOptions = {
  keyframeEveryMs: 1_000,
  keyframeEveryEvents: 2_000,
  retentionMs: 30 * 60_000,
  maxEvents: 100_000,
  maxKeyframes: 512,
};

interface Keyframe {
  /** Absolute index of the first event not folded into `state`. */
  readonly index: number;
  /** The lab time of the last event folded into it (the base's: -Infinity). */
  readonly t: number;
  readonly state: LabState;
}

export class LabHistory {
  private events: LabEvent[] = [];
  /** Running maximum of the events' t, one per event, in the same positions. */
  private times: number[] = [];
  /** Absolute index of events[0]: how many were dropped by retention. */
  private dropped = 0;
  private keyframes: Keyframe[];
  private latest: LabState;
  private clock = -Infinity;

  constructor(base: LabState = INITIAL_STATE, private readonly options: HistoryOptions = HISTORY_DEFAULTS) {
    this.keyframes = [{ index: 0, t: -Infinity, state: base }];
    this.latest = base;
  }

  /** Forgets everything: a new connection's history batch starts again from `base`. */
  reset(base: LabState = INITIAL_STATE): void {
    this.events = [];
    this.times = [];
    this.dropped = 0;
    this.keyframes = [{ index: 0, t: -Infinity, state: base }];
    this.latest = base;
    this.clock = -Infinity;
  }

  /** A batch the store folded, and the state it folded to (kept as a keyframe when one is due). */
  append(events: readonly LabEvent[], stateAfter: LabState): void {
    if (events.length === 0) return;
    for (const event of events) {
      this.clock = Math.max(this.clock, event.t);
      this.events.push(event);
      this.times.push(this.clock);
    }
    this.latest = stateAfter;
    const last = this.keyframes.at(-1)!;
    const end = this.dropped + this.events.length;
    const sinceFirst = last.t === -Infinity ? this.clock - this.times[0]! : this.clock - last.t;
    if (sinceFirst >= this.options.keyframeEveryMs || end - last.index >= this.options.keyframeEveryEvents) {
      this.keyframes.push({ index: end, t: this.clock, state: stateAfter });
      if (this.keyframes.length > this.options.maxKeyframes) this.thin();
    }
    this.prune();
  }

  /** Folds `events` from the current end in keyframe-sized batches (a recording is built this way). */
  extend(events: readonly LabEvent[]): LabState {
    let from = 0;
    while (from < events.length) {
      const startT = Math.max(this.clock, events[from]!.t);
      let to = from + 1;
      while (to < events.length && to - from < this.options.keyframeEveryEvents && events[to]!.t - startT < this.options.keyframeEveryMs) to++;
      const batch = events.slice(from, to);
      this.append(batch, reduceBatch(this.latest, batch));
      from = to;
    }
    return this.latest;
  }

  /** The newest state (what was appended last). */
  current(): LabState {
    return this.latest;
  }

  /** The lab time of the oldest and newest kept events; null while empty. */
  span(): { readonly start: number; readonly end: number } | null {
    if (this.times.length === 0) return null;
    return { start: this.times[0]!, end: this.clock };
  }

  get size(): number {
    return this.events.length;
  }

  get keyframeCount(): number {
    return this.keyframes.length;
  }

  /**
   * The state once every kept event up to lab time `t` (inclusive) is folded: the same as folding them from
   * the oldest keyframe (test/unit/renderer/lab-history.test.ts). Before the oldest kept event: the oldest
   * keyframe; at or after the newest: the newest state itself.
   */
  stateAt(t: number): LabState {
    if (t >= this.clock) return this.latest;
    const cut = this.dropped + upperBound(this.times, t);
    const keyframe = this.keyframes[lastAtOrBefore(this.keyframes, cut)]!;
    if (keyframe.index === cut) return keyframe.state;
    return reduceBatch(keyframe.state, this.events.slice(keyframe.index - this.dropped, cut - this.dropped));
  }

  /** Every other keyframe of the older half goes (never the first: the events start at it). */
  private thin(): void {
    const half = this.keyframes.length >> 1;
    this.keyframes = this.keyframes.filter((_, position) => position === 0 || position >= half || position % 2 === 0);
  }

  /**
   * Drops the oldest keyframe interval while all of it is older than the retention or too many events are
   * kept; the next keyframe becomes the base. The newest interval always stays.
   */
  private prune(): void {
    const { retentionMs, maxEvents } = this.options;
    const end = this.dropped + this.events.length;
    while (this.keyframes.length > 1) {
      const second = this.keyframes[1]!;
      const newestOfFirst = this.times[second.index - this.dropped - 1]!;
      if (this.clock - newestOfFirst <= retentionMs && end - this.dropped <= maxEvents) return;
      const drop = second.index - this.dropped;
      this.events.splice(0, drop);
      this.times.splice(0, drop);
      this.dropped = second.index;
      this.keyframes.shift();
    }
  }
}

/** How many of the sorted `times` are <= t. */
function upperBound(times: readonly number[], t: number): number {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (times[middle]! <= t) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The position of the last keyframe whose index is <= cut (the first is always at the oldest kept event). */
function lastAtOrBefore(keyframes: readonly Keyframe[], cut: number): number {
  let low = 0;
  let high = keyframes.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >>> 1;
    if (keyframes[middle]!.index <= cut) low = middle;
    else high = middle - 1;
  }
  return low;
}
