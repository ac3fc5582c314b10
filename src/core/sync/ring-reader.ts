import {
  CAPACITY,
  HEADER_INTS,
  lapBits,
  LAP_MASK,
  LAP_SHIFT,
  MASK,
  MAX_BATCH_ENTRIES,
  OP_ACQUIRED,
  OP_MARK,
  OP_RELEASED,
  OP_SHIFT,
  RING_BYTES,
  SLOT_MASK,
  ACKED,
  COUNTED,
  COUNTED_ENTRIES,
  DROPPED,
  KEEP_BURST_OPS,
  KEEP_OPS_PER_SECOND,
  POSTED,
} from '../../shared/fast-path-ring';
import { KeepRate } from '../../shared/keep-rate';
import { onMicrosecondGrid } from '../../shared/fact-encoding';
import type { FastPathBatch } from './fast-path-batch';

/** A marker's time is a Float64 written over two Int32s: read back through this pair of views. */
const SCRATCH_TIME = new Float64Array(1);
const SCRATCH_INTS = new Int32Array(SCRATCH_TIME.buffer);

/**
 * The host's end of one thread's fast-path ring (src/shared/fast-path-ring.ts): the lock slots it gave the
 * thread, the batches the thread posts (take) and, once it has ended, what it wrote but never posted
 * (ended). Ops between two time markers are dated by interpolation on their positions; ops after the last
 * marker so far take that marker's time (the thread marks before every post). Times never go backwards.
 * Whatever a batch holds, decoding it is bounded by its length and cannot throw: an entry that makes no
 * sense (a slot never given, an unknown op, a time that is not one) is skipped and counted.
 */
/** How far ahead of the host's clock a thread's time marker may be (clock skew between threads is microseconds). */
const MAX_MARK_AHEAD_MS = 1_000;

/** Locks one thread may have recorded slots for (a thread attaching more is refused recording, not memory). */
const MAX_SLOTS = 4_096;

/**
 * The host's own recording rate per thread, in entries: twice the thread's rate and a ring more of burst, so
 * a thread that keeps to its rate is never counted here; one that does not (a bug, or malice) is.
 */
const HOST_KEEP = { perSecond: 2 * KEEP_OPS_PER_SECOND, burst: KEEP_BURST_OPS + 2 * CAPACITY };

export class RingReader {
  readonly buffer = new SharedArrayBuffer(RING_BYTES);
  private readonly header = new Int32Array(this.buffer, 0, HEADER_INTS);
  private readonly entries = new Int32Array(this.buffer, HEADER_INTS * Int32Array.BYTES_PER_ELEMENT, 2 * CAPACITY);
  private readonly names: string[] = [];
  /** Per slot: false once its lock was deleted. */
  private readonly live: boolean[] = [];
  /** The position after the last batch received: where the ring is read from once the thread has ended. */
  private received = 0;
  private markPosition = 0;
  private markTime: number;
  private lastTime: number;
  /** Entries that made no sense: skipped, counted. */
  skipped = 0;
  /** The ops not kept (dropped or counted) when takeLeftOut() last looked. */
  private droppedSeen = 0;
  /** The thread's COUNTED as last read (int32, wrapping) and every op it has counted so far. */
  private countedSeen = 0;
  private countedByThread = 0;
  /** The header's COUNTED_ENTRIES (int32, wrapping) up to which the gaps between batches were explained. */
  private explained = 0;
  /** Ops of batches over the host's own rate for this thread: counted here, not decoded. */
  private countedByHost = 0;
  private readonly keep: KeepRate;

  constructor(
    readonly workerId: string,
    startedAt: number,
    /** The host's clock: a thread's time marker may not run ahead of it by more than MAX_MARK_AHEAD_MS. */
    private readonly now: () => number = Date.now,
  ) {
    this.markTime = startedAt;
    this.lastTime = startedAt;
    this.keep = new KeepRate(HOST_KEEP.perSecond, HOST_KEEP.burst, startedAt);
  }

  /** Entries the thread dropped because the host was behind (its count, from the ring's header). */
  get dropped(): number {
    return Math.max(0, Atomics.load(this.header, DROPPED));
  }

  /**
   * The live locks this thread has slots for, if it left ops out of its batches since the last call (dropped
   * under backpressure, or counted over the recording rate: either way no batch said who holds them), else null.
   * The host states them as their cells have them at `t`: the thread's ops decoded after that are dated no
   * earlier, so the record stays in time order (an op written before `t` but posted after it is dated `t`).
   */
  takeLeftOut(t: number): string[] | null {
    const gone = this.dropped + this.counted;
    if (gone === this.droppedSeen) return null;
    this.droppedSeen = gone;
    this.lastTime = Math.max(this.lastTime, t);
    return [...new Set(this.names.filter((_, slot) => this.live[slot] === true))];
  }

  /** Fast-path ops not kept so far, counted: over the recording rate (the thread's, or the host's own) or dropped while the host was behind. */
  get counted(): number {
    // The header's count wraps at 2^31; read every sample period, its step is far smaller than that.
    const now = Atomics.load(this.header, COUNTED);
    const step = (now - this.countedSeen) | 0;
    if (step > 0) this.countedByThread += step;
    this.countedSeen = now;
    return this.countedByThread + this.countedByHost;
  }

  /**
   * A gap before `from` that the entries the thread did not post (dropped, or over the rate) since the last
   * gap can explain; those entries are then taken as explained. The header's count is int32 and wraps:
   * read by its step since the last look.
   */
  private droppedUpTo(from: number): boolean {
    const gap = from - this.received;
    const unexplained = (Atomics.load(this.header, COUNTED_ENTRIES) - this.explained) | 0;
    if (gap <= 0 || gap > unexplained) return false;
    this.explained = (this.explained + gap) | 0;
    return true;
  }

  /**
   * The slot for a lock this thread attached: the same one for the same live lock (a thread attaching again
   * and again does not grow the host), a new one for a lock deleted and made again; -1 past MAX_SLOTS (that
   * lock then has no fast path for this thread: every op is a request, and so a fact).
   */
  slot(name: string): number {
    const known = this.names.lastIndexOf(name);
    if (known >= 0 && this.live[known] === true) return known;
    if (this.names.length >= MAX_SLOTS) return -1;
    this.names.push(name);
    this.live.push(true);
    return this.names.length - 1;
  }

  /** A lock deleted: ops still in the thread's ring for it are skipped, not put on whatever takes its name next. */
  retire(name: string): void {
    for (let slot = 0; slot < this.names.length; slot++) if (this.names[slot] === name) this.live[slot] = false;
  }

  /** A batch the thread posted: entries from position `from` (validated by the wire: even, at most MAX_BATCH_ENTRIES). */
  take(from: number, batch: Int32Array): FastPathBatch {
    const length = Math.min(batch.length >> 1, MAX_BATCH_ENTRIES);
    // A batch after a gap the thread dropped (backpressure) or out of turn (a bug, or malice): read as it
    // is, and the ring's end position follows it.
    if (from !== this.received && !this.droppedUpTo(from)) this.skipped += 1;
    this.received = from + length;
    // Taken: the thread may post more (fast-path-ring.ts, backpressure).
    Atomics.store(this.header, ACKED, this.received | 0);
    if (!this.keep.take(length, this.now())) {
      this.countedByHost += opsIn(batch, length);
      return this.decode(batch, 0, 0, from, false);
    }
    return this.decode(batch, 0, length, from, false);
  }

  /** The thread is gone, so its writes are all visible: the entries after the last batch that carry this lap's tag. */
  ended(): FastPathBatch {
    // After a batch dropped or over the rate the thread resumed further on, however far: read from there
    // (what is read stays bounded: at most a ring, and only entries tagged with their position's lap).
    // Stored as int32 (positions wrap after 2^31 entries): the distance is taken the same way.
    const ahead = (Atomics.load(this.header, POSTED) - (this.received | 0)) | 0;
    if (ahead > 0) this.received += ahead;
    let end = this.received;
    while (end - this.received < CAPACITY - 1 && this.tagged(end)) end += this.entries[(end & MASK) << 1]! >>> OP_SHIFT === OP_MARK ? 2 : 1;
    const length = Math.min(end - this.received, CAPACITY);
    return this.decode(this.entries, this.received, length, this.received, true);
  }

  /**
   * Decodes `length` entries of `source` (from entry `at`, wrapping by MASK when `ring`), whose first is at
   * ring position `position`.
   */
  private decode(source: Int32Array, at: number, length: number, position: number, ring: boolean): FastPathBatch {
    const times = new Float64Array(length);
    const acquired = new Uint8Array(length);
    const slots = new Int32Array(length);
    const counts = new Int32Array(length);
    /** Per op kept, its ring position until a marker dates it. */
    const positions = new Float64Array(length);
    let size = 0;
    /** Ops since the last marker wait for the next one, which dates them. */
    let pendingFrom = 0;
    for (let index = 0; index < length; ) {
      const entry = ring ? ((at + index) & MASK) << 1 : (at + index) << 1;
      const word = source[entry]!;
      const op = word >>> OP_SHIFT;
      if (op === OP_MARK) {
        const timeEntry = ring ? ((at + index + 1) & MASK) << 1 : (at + index + 1) << 1;
        let time = Number.NaN;
        if (index + 1 < length) {
          SCRATCH_INTS[0] = source[timeEntry]!;
          SCRATCH_INTS[1] = source[timeEntry + 1]!;
          time = SCRATCH_TIME[0]!;
        }
        // A time from the thread is input: one ahead of the host's clock (a hostile thread, or skew) would
        // carry the recording's clock with it and retention would drop everything before it.
        if (Number.isFinite(time) && time <= this.now() + MAX_MARK_AHEAD_MS) {
          this.date(times, positions, pendingFrom, size, position + index, time);
          pendingFrom = size;
          this.markPosition = position + index;
          this.markTime = Math.max(this.lastTime, time);
        } else {
          this.skipped += 1;
        }
        index += 2;
        continue;
      }
      const slot = word & SLOT_MASK;
      if (this.live[slot] !== true || (op !== OP_ACQUIRED && op !== OP_RELEASED)) {
        this.skipped += 1;
      } else {
        acquired[size] = op === OP_ACQUIRED ? 1 : 0;
        slots[size] = slot;
        counts[size] = source[entry + 1]!;
        positions[size] = position + index;
        size += 1;
      }
      index += 1;
    }
    // Not yet followed by a marker: the last marker's time.
    const markedAt = Math.max(this.lastTime, onMicrosecondGrid(this.markTime));
    for (let index = pendingFrom; index < size; index++) times[index] = markedAt;
    if (size > pendingFrom) this.lastTime = markedAt;
    return { workerId: this.workerId, size, times: times.subarray(0, size), acquired: acquired.subarray(0, size), slots: slots.subarray(0, size), counts: counts.subarray(0, size), names: this.names };
  }

  /** Dates ops [from, to) (known by position) between the last marker and this one, at `position`. */
  private date(times: Float64Array, positions: Float64Array, from: number, to: number, position: number, time: number): void {
    const span = position - this.markPosition;
    const base = this.markTime;
    const rate = span > 0 ? (Math.max(base, time) - base) / span : 0;
    for (let index = from; index < to; index++) {
      // On the recorder's µs grid: the pages get these times as the recording keeps them.
      const t = Math.max(this.lastTime, onMicrosecondGrid(base + rate * (positions[index]! - this.markPosition)));
      times[index] = t;
      this.lastTime = t;
    }
  }

  /** An entry at `position` written in its own lap (not left over from an older one). */
  private tagged(position: number): boolean {
    const word = this.entries[(position & MASK) << 1]!;
    return word >>> OP_SHIFT !== 0 && ((word >>> LAP_SHIFT) & LAP_MASK) << LAP_SHIFT === lapBits(position);
  }
}

/** The ops among a batch's first `length` entries (a marker takes two), without decoding them. */
function opsIn(batch: Int32Array, length: number): number {
  let ops = 0;
  for (let index = 0; index < length; index++) {
    if (batch[index << 1]! >>> OP_SHIFT === OP_MARK) index += 1;
    else ops += 1;
  }
  return ops;
}

/** Every thread's ring, made at its first attach of a Lock or RLock. */
export class FastPathRings {
  private readonly readers = new Map<string, RingReader>();

  constructor(private readonly now: () => number) {}

  get size(): number {
    return this.readers.size;
  }

  /** The thread's ring and the lock's slot in it; null when the thread has no room for another lock. */
  attach(workerId: string, name: string): { ring: SharedArrayBuffer; slot: number } | null {
    let reader = this.readers.get(workerId);
    if (reader === undefined) {
      reader = new RingReader(workerId, this.now(), this.now);
      this.readers.set(workerId, reader);
    }
    const slot = reader.slot(name);
    return slot < 0 ? null : { ring: reader.buffer, slot };
  }

  /** A lock deleted: every thread's slots for it are retired. */
  retire(name: string): void {
    for (const reader of this.readers.values()) reader.retire(name);
  }

  /** A batch the thread posted; null when it has no ring (it never attached, or it has ended). */
  take(workerId: string, from: number, entries: Int32Array): FastPathBatch | null {
    return this.readers.get(workerId)?.take(from, entries) ?? null;
  }

  /** Threads that left ops out of their batches since the last call (dropped, counted), each with the live locks it has slots for. */
  takeLeftOut(t: number): Array<{ workerId: string; locks: string[] }> {
    const dropped: Array<{ workerId: string; locks: string[] }> = [];
    for (const reader of this.readers.values()) {
      const locks = reader.takeLeftOut(t);
      if (locks !== null) dropped.push({ workerId: reader.workerId, locks });
    }
    return dropped;
  }

  skipped(workerId: string): number {
    return this.readers.get(workerId)?.skipped ?? 0;
  }

  /** Fast-path ops this thread had over the recording rate (counted, not kept); 0 for a thread with no ring. */
  counted(workerId: string): number {
    return this.readers.get(workerId)?.counted ?? 0;
  }

  /** The threads with a ring now. */
  workerIds(): IterableIterator<string> {
    return this.readers.keys();
  }

  /**
   * The thread is gone: its last ops, written but never posted, then the locks to state from their cells if
   * it left ops out of its batches since the last sample (`dropped`, as takeLeftOut), at `at`; its ring is let go.
   */
  ended(workerId: string, at: number): { batch: FastPathBatch; dropped: string[] | null; at: number } | null {
    const reader = this.readers.get(workerId);
    if (reader === undefined) return null;
    this.readers.delete(workerId);
    const batch = reader.ended();
    return { batch, dropped: reader.takeLeftOut(at), at };
  }
}
