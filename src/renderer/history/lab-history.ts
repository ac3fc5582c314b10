import { INITIAL_STATE, type LabState } from '../../shared/lab-state';
import type { LabEvent } from '../../shared/protocol';
import { reduceBatch } from '../../shared/reducer';

/**
 * The page's own history of the lab, so that any view can be drawn as it was at a moment T while the lab
 * keeps running (issue 8, "the timeline"). Every batch the LabStore folds is appended here with the state it
 * produced; every ~1 s of lab time or ~2,000 facts that state is kept as a keyframe. A keyframe is a
 * reference, not a copy: LabState is immutable with structural sharing, so it costs nearly nothing.
 * `stateAt(T)` folds from the nearest keyframe at or before T, so it costs at most one keyframe interval.
 *
 * Time is the lab's: the running maximum of the events' `t`, which is what the reducer calls `now`, so the
 * moments are in order even where two sources' clocks step back a little.
 */

export interface HistoryOptions {
  /** A keyframe at least this often in lab time (ms). */
  readonly keyframeEveryMs: number;
  /** ... and at least every this many facts (factsIn: a `sync.facts` event counts its facts, output its text). */
  readonly keyframeEveryFacts: number;
  /** Events older than this before the newest are dropped (whole keyframe intervals at a time). */
  readonly retentionMs: number;
  /**
   * At most this many facts are kept (whole keyframe intervals are dropped beyond it). Facts, not events:
   * one `sync.facts` event holds up to 1,000, so a bound on events would let a busy lab keep 1,000 times more.
   */
  readonly maxFacts: number;
  /**
   * At most this many keyframes: past it, every other one of the older half goes (the events stay, so a
   * seek there folds a little more). A keyframe shares most of its state, but not all (the log's array,
   * the series): 30 min of quiet lab at one a second would otherwise keep 1,800 of them.
   */
  readonly maxKeyframes: number;
}

export const HISTORY_DEFAULTS: HistoryOptions = {
  keyframeEveryMs: 1_000,
  keyframeEveryFacts: 2_000,
  retentionMs: 30 * 60_000,
  maxFacts: 150_000,
  maxKeyframes: 512,
};

/**
 * Output text weighs one fact more per this many characters. A `worker.output` event holds up to 16 Ki
 * characters where a fact is a few numbers: counted as one, a page whose workers print a lot would keep
 * 150,000 chunks, gigabytes of text in the worst case, and its keyframes' output tails would keep text
 * the history dropped alive for as long (the page soak's heap grew after its history filled). At one per
 * 128, the history's text is at most ~19 M characters, and printing fills it sooner rather than larger.
 */
export const OUTPUT_CHARS_PER_FACT = 128;

/**
 * What an event weighs against the bounds: the facts it holds (a process sample one per process; output
 * one, and one per OUTPUT_CHARS_PER_FACT characters of its text; a pool's batch one, and one per task step
 * it keeps; any other event one).
 */
export function factsIn(event: LabEvent): number {
  if (event.type === 'sync.facts') return event.facts.length;
  if (event.type === 'pool.tasks') return 1 + event.steps.length;
  if (event.type === 'metrics.processes') return Math.max(1, event.processes.length);
  if (event.type === 'worker.output') return 1 + Math.floor(event.text.length / OUTPUT_CHARS_PER_FACT);
  return 1;
}

/**
 * A recording's history keeps all of it: the page holds the file's events whole already (the reader's
 * bounds are the file's: docs/recordings.md), and the history refers to the same objects.
 */
export const RECORDING_HISTORY: HistoryOptions = { ...HISTORY_DEFAULTS, retentionMs: Infinity, maxFacts: Infinity };

interface Keyframe {
  /** Absolute index of the first event not folded into `state`. */
  readonly index: number;
  /** Facts in the events before `index`, since the start. */
  readonly facts: number;
  /** The lab time of the last event folded into it (the base's: -Infinity). */
  readonly t: number;
  readonly state: LabState;
}

export class LabHistory {
  private events: LabEvent[] = [];
  /** Running maximum of the events' t, one per event, in the same positions. */
  private times: number[] = [];
  /** Facts in the events since the start, up to and including each kept one, in the same positions. */
  private factsUpTo: number[] = [];
  /** Absolute index of events[0]: how many were dropped by retention. */
  private dropped = 0;
  /** Facts in the events dropped by retention. */
  private droppedFacts = 0;
  private keyframes: Keyframe[] = [];
  private latest: LabState = INITIAL_STATE;
  private clock = -Infinity;
  /** Lab time of the base state (a keyframe the page started from); -Infinity for the initial state. */
  private from = -Infinity;

  constructor(
    base: LabState = INITIAL_STATE,
    private readonly options: HistoryOptions = HISTORY_DEFAULTS,
    from = -Infinity,
  ) {
    this.reset(base, from);
  }

  /** Forgets everything: starts again from `base`, the state at lab time `from` (a keyframe's). */
  reset(base: LabState = INITIAL_STATE, from = -Infinity): void {
    this.events = [];
    this.times = [];
    this.factsUpTo = [];
    this.dropped = 0;
    this.droppedFacts = 0;
    this.keyframes = [{ index: 0, facts: 0, t: from, state: base }];
    this.latest = base;
    this.clock = from;
    this.from = from;
  }

  /** A batch the store folded, and the state it folded to (kept as a keyframe when one is due). */
  append(events: readonly LabEvent[], stateAfter: LabState): void {
    if (events.length === 0) return;
    let facts = this.totalFacts;
    for (const event of events) {
      this.clock = Math.max(this.clock, event.t);
      facts += factsIn(event);
      this.events.push(event);
      this.times.push(this.clock);
      this.factsUpTo.push(facts);
    }
    this.latest = stateAfter;
    const last = this.keyframes.at(-1)!;
    const end = this.dropped + this.events.length;
    const sinceFirst = last.t === -Infinity ? this.clock - this.times[0]! : this.clock - last.t;
    if (sinceFirst >= this.options.keyframeEveryMs || facts - last.facts >= this.options.keyframeEveryFacts) {
      this.keyframes.push({ index: end, facts, t: this.clock, state: stateAfter });
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
      let facts = factsIn(events[from]!);
      while (to < events.length && facts < this.options.keyframeEveryFacts && events[to]!.t - startT < this.options.keyframeEveryMs) facts += factsIn(events[to++]!);
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

  /**
   * The lab time of the oldest and newest kept moments: from the keyframe the history started at (while its
   * first interval is kept), else the oldest kept event; null while there is neither.
   */
  span(): { readonly start: number; readonly end: number } | null {
    if (this.dropped === 0 && this.from !== -Infinity) return { start: this.from, end: this.clock };
    if (this.times.length === 0) return null;
    return { start: this.times[0]!, end: this.clock };
  }

  /** Events kept. */
  get size(): number {
    return this.events.length;
  }

  /** Facts kept: what the bound counts (factsIn). */
  get facts(): number {
    return this.totalFacts - this.droppedFacts;
  }

  private get totalFacts(): number {
    return this.factsUpTo.at(-1) ?? this.droppedFacts;
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
    const { retentionMs, maxFacts } = this.options;
    const total = this.totalFacts;
    while (this.keyframes.length > 1) {
      const second = this.keyframes[1]!;
      const newestOfFirst = this.times[second.index - this.dropped - 1]!;
      if (this.clock - newestOfFirst <= retentionMs && total - this.droppedFacts <= maxFacts) return;
      const drop = second.index - this.dropped;
      this.events.splice(0, drop);
      this.times.splice(0, drop);
      this.factsUpTo.splice(0, drop);
      this.dropped = second.index;
      this.droppedFacts = second.facts;
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
