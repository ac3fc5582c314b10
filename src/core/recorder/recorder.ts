import { FactIds, hotWord } from '../../shared/fact-encoding';
import type { FastPathBatch } from '../sync/fast-path-batch';
import { SYNC_FACTS_PER_EVENT } from '../../shared/fact-schema';
import type { SyncFact } from '../../shared/facts';
import type { LabEvent } from '../../shared/protocol';
import type { Clock } from '../clock';
import { Chunk, type RecordedFact } from './chunk';

/**
 * Defaults (issue 8): a keyframe every 5 s or 50k facts; kept for 30 minutes, within 32 MiB (2 million hot
 * facts: half an hour of a busy lab's brokered operations at 1,000 a second). Not 256 MiB: a thread's tight
 * fast-path loop fills any budget in seconds, and with 256 MiB of recorded facts in the host its every
 * later IPC round trip slowed down (npm run bench: a process Lock pair after the thread rows, 2.1x raw with
 * 256 MiB, 1.0x with 32 MiB; 1.16x with no thread rows before it).
 */
export const RECORDER_DEFAULTS = {
  keyframeEveryMs: 5_000,
  keyframeEveryFacts: 50_000,
  retentionMs: 30 * 60_000,
  retentionBytes: 32 * 1024 * 1024,
} as const;

/**
 * A run of sync facts becomes `sync.facts` events of at most SYNC_FACTS_PER_EVENT facts, each spanning at
 * most this much lab time. A page folds an event whole, at its last fact's time, so a seek into a recording
 * (or a late page's own history) is exact to this; live, a batch is one turn of the host's loop.
 */
export const SYNC_BATCH_SPAN_MS = 10;

/** True when `next` must start a new batch after `batch` (full, or too long a span). */
export function closesBatch(batch: readonly SyncFact[], next: SyncFact): boolean {
  return batch.length > 0 && (batch.length >= SYNC_FACTS_PER_EVENT || next.t - batch[0]!.t > SYNC_BATCH_SPAN_MS);
}

export type RecorderOptions = { -readonly [K in keyof typeof RECORDER_DEFAULTS]: number };

/**
 * The reduced state after every fact up to `seq`: the owner's state as it was then. The lab's is its
 * LabState, which is immutable, so holding a reference costs nothing until a save serialises it.
 */
export interface Keyframe<S = unknown> {
  readonly seq: number;
  readonly t: number;
  readonly state: S;
}

/** What a save streams: the kept events in order, each segment's keyframe just before the events after it. */
export type RecordingEntry<S> = { readonly kind: 'keyframe'; readonly keyframe: Keyframe<S> } | { readonly kind: 'event'; readonly event: LabEvent };

/** A keyframe and the chunks of facts after it, up to the next keyframe: retention drops whole segments. */
interface Segment<S> {
  readonly keyframe: Keyframe<S>;
  readonly chunks: Chunk[];
  facts: number;
}

/**
 * The lab's memory of what happened: every sync fact (hot, 16 bytes each in typed-array chunks) and every
 * cold fact (lab events: lifecycle, samples), in one seq order, with keyframes of the reduced state so that
 * a new client (or a seek) starts from a keyframe and folds only the tail.
 *
 * The owner folds each fact into its state after recording it: a keyframe is taken, when due, just before
 * a fact is added, so it covers every fact recorded before.
 */
export class Recorder<S = string> {
  private readonly ids = new FactIds();
  private readonly options: RecorderOptions;
  private readonly segments: Segment<S>[] = [];
  private seq = 0;
  private hotFacts = 0;
  private coldFacts = 0;

  constructor(
    private readonly clock: Clock,
    /** The reduced state now. */
    private readonly keyframeState: () => S,
    options: Partial<RecorderOptions> = {},
    /**
     * What a keyframe's state counts against the retention bytes: a JSON string its UTF-16 size; a shared
     * immutable state nothing (its parts are shared with the live state and the next keyframe, and its own
     * bounds are the reducer's: log, output and series limits).
     */
    private readonly keyframeBytes: (state: S) => number = (state) => (typeof state === 'string' ? state.length * 2 : 0),
  ) {
    this.options = { ...RECORDER_DEFAULTS, ...options };
    this.segments.push(this.newSegment(this.clock.now()));
  }

  /**
   * Records a sync fact; returns its seq. `keyframeAllowed` false: the fact belongs to something already
   * being recorded (a fast-path batch's summary), so the owner's state is not yet one a keyframe may take.
   */
  sync(fact: SyncFact, keyframeAllowed = true): number {
    const chunk = this.chunkFor(fact.t, keyframeAllowed);
    this.hotFacts += 1;
    return this.count(chunk.addHot(this.ids, fact));
  }

  /**
   * Records every op of a thread's fast-path batch as a hot fact (lock.acquired / lock.released), straight
   * from its typed arrays: no object per op. A keyframe, when due, is taken before the batch only (the
   * owner folds the batch once it is recorded, so one inside it would not match its seq).
   */
  fastPath(batch: FastPathBatch): void {
    if (batch.size === 0) return;
    const actor = this.ids.actor(batch.workerId);
    const acquired = hotWord('lock.acquired', actor);
    const released = hotWord('lock.released', actor);
    const primitives = batch.names.map((name) => this.ids.primitive(name));
    let chunk = this.chunkFor(batch.times[0]!);
    let seq = this.seq;
    for (let index = 0; index < batch.size; index++) {
      const t = batch.times[index]!;
      if (!chunk.canTake(t)) chunk = this.chunkFor(t, false);
      seq = chunk.addHotRaw(t, batch.acquired[index] === 1 ? acquired : released, primitives[batch.slots[index]!]!, batch.counts[index]!);
      // Kept current: a new chunk's first seq follows from it.
      this.seq = seq;
    }
    this.hotFacts += batch.size;
    this.segments[this.segments.length - 1]!.facts += batch.size;
  }

  /** Records a lab event (lifecycle, sample); returns its seq. */
  cold(event: LabEvent): number {
    const chunk = this.chunkFor(event.t);
    this.coldFacts += 1;
    return this.count(chunk.addCold(event));
  }

  /** Every fact recorded so far, hot and cold, kept or since dropped (for facts per second). */
  get factsRecorded(): number {
    return this.hotFacts + this.coldFacts;
  }

  /** The last seq recorded (0 before any). */
  get lastSeq(): number {
    return this.seq;
  }

  /**
   * The facts after `seq`, in order; null when some of them are no longer kept (the client is too far
   * behind: it must start again from keyframeAndTail()).
   */
  since(seq: number): RecordedFact[] | null {
    if (seq < this.segments[0]!.keyframe.seq) return null;
    const out: RecordedFact[] = [];
    for (const segment of this.segments) {
      for (const chunk of segment.chunks) chunk.since(this.ids, seq, out);
    }
    return out;
  }

  /** What a new client needs: the latest keyframe and every fact after it. */
  keyframeAndTail(): { keyframe: Keyframe<S>; tail: RecordedFact[] } {
    const last = this.segments[this.segments.length - 1]!;
    const tail: RecordedFact[] = [];
    for (const chunk of last.chunks) chunk.since(this.ids, last.keyframe.seq, tail);
    return { keyframe: last.keyframe, tail };
  }

  /**
   * Every kept fact as the pages see them, in order: lab events as recorded, and each run of sync facts
   * between them as `sync.facts` events of at most SYNC_FACTS_PER_EVENT facts and SYNC_BATCH_SPAN_MS.
   * Renumbered with the recorder's own seqs (an event's is that of its last fact), so a recording's seqs
   * rise one by one and never repeat.
   * Lazy: a save or an export streams it without building the whole run in memory.
   */
  *events(): Generator<LabEvent> {
    for (const entry of this.entries()) if (entry.kind === 'event') yield entry.event;
  }

  /**
   * The events of events(), with each kept segment's keyframe before the first event after it: a reader
   * starts from the first (the oldest kept, which need not be the lab's start) and can seek from any. A
   * batch of sync facts never straddles a keyframe, so every keyframe's seq is an event's.
   */
  *entries(until = this.seq): Generator<RecordingEntry<S>> {
    let facts: SyncFact[] = [];
    let lastSeq = 0;
    const batch = (): RecordingEntry<S> => {
      const event: LabEvent = { type: 'sync.facts', seq: lastSeq, t: facts[facts.length - 1]!.t, facts };
      facts = [];
      return { kind: 'event', event };
    };
    // A copy: retention may drop a segment while a save streams; the copy keeps it until the save is done.
    for (const segment of [...this.segments]) {
      if (segment.keyframe.seq >= until && segment.keyframe.seq > this.segments[0]!.keyframe.seq) break;
      if (facts.length > 0) yield batch();
      yield { kind: 'keyframe', keyframe: segment.keyframe };
      for (const chunk of [...segment.chunks]) {
        const recorded: RecordedFact[] = [];
        chunk.since(this.ids, segment.keyframe.seq, recorded);
        for (const each of recorded) {
          if (each.seq > until) break;
          if (each.kind === 'sync') {
            if (closesBatch(facts, each.fact)) yield batch();
            facts.push(each.fact);
            lastSeq = each.seq;
            continue;
          }
          if (facts.length > 0) yield batch();
          lastSeq = each.seq;
          yield { kind: 'event', event: { ...each.event, seq: each.seq } };
        }
      }
    }
    if (facts.length > 0) yield batch();
  }

  /**
   * What entries(until) will give, counted without decoding a fact (a save's header says it first): its
   * events and keyframes, and the time of the newest fact.
   */
  entryCount(until = this.seq): { events: number; keyframes: number; lastT: number } {
    let events = 0;
    let keyframes = 0;
    let run = 0;
    let runStart = 0;
    let lastT = this.segments[0]!.keyframe.t;
    const endRun = () => {
      if (run > 0) events += 1;
      run = 0;
    };
    for (const segment of this.segments) {
      if (segment.keyframe.seq >= until && segment.keyframe.seq > this.segments[0]!.keyframe.seq) break;
      endRun();
      keyframes += 1;
      for (const chunk of segment.chunks) {
        if (chunk.firstSeq <= until) lastT = Math.max(lastT, chunk.lastT);
        chunk.kindsSince(segment.keyframe.seq, until, (cold, t) => {
          if (cold) {
            endRun();
            events += 1;
            return;
          }
          // As closesBatch decides in entries().
          if (run >= SYNC_FACTS_PER_EVENT || (run > 0 && t - runStart > SYNC_BATCH_SPAN_MS)) endRun();
          if (run === 0) runStart = t;
          run += 1;
        });
      }
    }
    endRun();
    return { events, keyframes, lastT };
  }

  /** The keyframe to seek from for time `t`: the latest at or before it (the oldest kept if none is). */
  keyframeAt(t: number): Keyframe<S> {
    let found = this.segments[0]!.keyframe;
    for (const segment of this.segments) if (segment.keyframe.t <= t) found = segment.keyframe;
    return found;
  }

  stats() {
    let hotBytes = 0;
    let unusedHotBytes = 0;
    let bytes = 0;
    let hot = 0;
    for (const segment of this.segments) {
      bytes += this.keyframeBytes(segment.keyframe.state);
      for (const chunk of segment.chunks) {
        hotBytes += chunk.hotBytes;
        unusedHotBytes += chunk.unusedHotBytes;
        bytes += chunk.bytes;
        hot += chunk.hot;
      }
    }
    return {
      /** Hot facts kept now, and the typed-array bytes they take (sealed chunks are trimmed; the open one is whole). */
      hotFacts: hot,
      hotBytes,
      /** The open chunk's room not used yet: one chunk's worth at most, whatever the facts kept, so not a fact's cost. */
      unusedHotBytes,
      /** What a hot fact costs: the bytes the kept facts use, over their number (the open chunk's room apart). */
      bytesPerHotFact: hot === 0 ? 0 : (hotBytes - unusedHotBytes) / hot,
      bytes: bytes + this.ids.bytes,
      segments: this.segments.length,
      oldestSeq: this.segments[0]!.keyframe.seq,
      recorded: { hot: this.hotFacts, cold: this.coldFacts },
    };
  }

  private count(seq: number): number {
    this.seq = seq;
    this.segments[this.segments.length - 1]!.facts += 1;
    return seq;
  }

  /** The chunk the next fact at `t` goes into: a new keyframe (and segment) first when one is due. */
  private chunkFor(t: number, keyframeAllowed = true): Chunk {
    let segment = this.segments[this.segments.length - 1]!;
    const due = keyframeAllowed && (segment.facts >= this.options.keyframeEveryFacts || t - segment.keyframe.t >= this.options.keyframeEveryMs);
    if (due && segment.facts > 0) {
      segment.chunks[segment.chunks.length - 1]?.seal();
      segment = this.newSegment(t);
      this.segments.push(segment);
      this.retain(t);
    }
    const open = segment.chunks[segment.chunks.length - 1];
    if (open !== undefined && open.canTake(t)) return open;
    open?.seal();
    // A clock stepped back still records, in a chunk of its own based at that time.
    const chunk = new Chunk(this.seq + 1, t);
    segment.chunks.push(chunk);
    return chunk;
  }

  private newSegment(t: number): Segment<S> {
    return { keyframe: { seq: this.seq, t, state: this.keyframeState() }, chunks: [], facts: 0 };
  }

  /** Drops the oldest segments, whole, while older than the retention time or over its bytes; the newest always stays. */
  private retain(now: number): void {
    let bytes = this.stats().bytes;
    while (this.segments.length > 1) {
      const oldest = this.segments[0]!;
      const next = this.segments[1]!;
      // A segment ends where the next begins: it is old once the next keyframe is.
      const old = now - next.keyframe.t > this.options.retentionMs;
      if (!old && bytes <= this.options.retentionBytes) return;
      bytes -= this.keyframeBytes(oldest.keyframe.state) + oldest.chunks.reduce((sum, chunk) => sum + chunk.bytes, 0);
      this.segments.shift();
    }
  }
}
