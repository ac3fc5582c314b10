import {
  ACKED,
  CAPACITY,
  CHECK_EVERY,
  COUNTED,
  COUNTED_ENTRIES,
  DROPPED,
  HEADER_INTS,
  KEEP_BURST_OPS,
  KEEP_OPS_PER_SECOND,
  lapBits,
  MARK_EVERY,
  MASK,
  MAX_UNACKED,
  OP_MARK,
  OP_SHIFT,
  POST_EVERY,
  POSTED,
} from '../../shared/fast-path-ring';
import { KeepRate } from '../../shared/keep-rate';

/** How often an idle thread posts what it wrote, so a slow loop's ops reach the host within a sample. */
const IDLE_FLUSH_MS = 50;

/** Hands a batch to the host: the entries from position `from`, a fresh Int32Array the host may keep (transferred). */
export type PostBatch = (from: number, entries: Int32Array<ArrayBuffer>) => void;

/**
 * The thread's end of its fast-path ring (src/shared/fast-path-ring.ts). The hot path is `ready()` before
 * the lock's CAS and `put()` after it: one comparison and two plain writes; every CHECK_EVERY entries
 * `ready()` takes the slow branch (maybe a time marker, maybe a post of half a ring). The thread never
 * waits for the host: `ready()` is always true, since a post (a copy and a postMessage) frees the room.
 */
export class RingWriter {
  private readonly header: Int32Array;
  private readonly entries: Int32Array;
  private readonly times: Float64Array;
  /** Entries written, for ever. */
  private position = 0;
  /** Entries handed to the host, for ever: the ring's room is CAPACITY - (position - posted). */
  private posted = 0;
  /** Where `ready()` next takes the slow branch: the next multiple of CHECK_EVERY, or now. */
  private check = 0;
  private lap = 0;
  private markedAt = -MARK_EVERY;
  /** Set after a flush: the next op is dated by a fresh marker, not by one from before the pause. */
  private markNext = true;
  private readonly timer: ReturnType<typeof setInterval>;
  /** The end of the last batch posted (not dropped): the host acknowledges up to here. */
  private sentUpTo = 0;
  /** Batches posted (the tests' and the bench's view of how often the thread paid for a copy). */
  batches = 0;
  /** Batches dropped because the host was more than MAX_UNACKED entries behind. */
  dropped = 0;
  /** Batches over the recording rate: counted (their ops, in the header's COUNTED), not posted. */
  counted = 0;
  /** Time markers written, for ever, and as of the last post: a batch's ops are its entries less two per marker. */
  private marks = 0;
  private marksHandled = 0;
  /** The last marker's time (ms, performance.now): what the recording rate's bucket is refilled by. */
  private markedMs = performance.now();
  private readonly keep: KeepRate;

  constructor(
    ring: SharedArrayBuffer,
    private readonly post: PostBatch,
    /** The recording rate (tests give another; a thread always has the default, which the host enforces too). */
    rate: { readonly perSecond: number; readonly burst: number } = { perSecond: KEEP_OPS_PER_SECOND, burst: KEEP_BURST_OPS },
  ) {
    this.keep = new KeepRate(rate.perSecond, rate.burst, this.markedMs);
    const offset = HEADER_INTS * Int32Array.BYTES_PER_ELEMENT;
    this.header = new Int32Array(ring, 0, HEADER_INTS);
    this.entries = new Int32Array(ring, offset, 2 * CAPACITY);
    this.times = new Float64Array(ring, offset, CAPACITY);
    this.timer = setInterval(() => this.flushIdle(), IDLE_FLUSH_MS);
    // Never what keeps a thread alive.
    this.timer.unref();
  }

  /** True: an op may be recorded (kept as a guard, so the lock handle's call sites read as before). */
  ready(): boolean {
    return this.position < this.check || this.slowBranch();
  }

  /** Records an op `ready()` allowed: `word` is op << OP_SHIFT | slot. */
  put(word: number, count: number): void {
    const at = (this.position & MASK) << 1;
    // The count first, the tagged word last: an entry whose tag is current is whole.
    this.entries[at + 1] = count;
    this.entries[at] = word | this.lap;
    this.position += 1;
  }

  /** Before a request or any wait for the host: everything written is dated and posted. */
  flush(): void {
    if (this.position === this.posted) return;
    if (this.position !== this.markedAt + 2) this.mark();
    this.postPending();
    // The next op comes after a wait of any length: it takes the slow branch, which dates it afresh.
    this.markNext = true;
    this.check = this.position;
  }

  /** Before the thread waits without asking the host (on a lock's cell): the next op is dated by a fresh marker. */
  paused(): void {
    this.markNext = true;
    this.check = this.position;
  }

  private slowBranch(): boolean {
    if (this.position - this.posted >= POST_EVERY) {
      this.mark();
      this.postPending();
    }
    if (this.markNext || this.position - this.markedAt >= MARK_EVERY) this.mark();
    this.markNext = false;
    this.lap = lapBits(this.position);
    this.check = (Math.floor(this.position / CHECK_EVERY) + 1) * CHECK_EVERY;
    return true;
  }

  private mark(): void {
    const at = this.position & MASK;
    this.lap = lapBits(this.position);
    this.markedMs = performance.now();
    this.times[(at + 1) & MASK] = performance.timeOrigin + this.markedMs;
    this.marks += 1;
    this.entries[at << 1] = (OP_MARK << OP_SHIFT) | this.lap;
    this.position += 2;
    this.markedAt = this.position - 2;
    // A marker can cross a lap: the ops after it carry the new lap's tag.
    this.lap = lapBits(this.position);
  }

  /**
   * Copies [posted, position) out of the ring (in two pieces when it wraps) and hands the copy over; or,
   * when the host is too far behind, drops it (counted) so that the host's queue stays bounded; or, when
   * the batch is over the recording rate, counts its ops instead (no copy, no post, nothing for the host to
   * decode: what makes a tight loop cheap to record).
   */
  private postPending(): void {
    const count = this.position - this.posted;
    if (count === 0) return;
    const ops = count - 2 * (this.marks - this.marksHandled);
    this.marksHandled = this.marks;
    // Positions are stored as int32 (they wrap after 2^31 entries): the difference is taken the same way.
    if ((((this.sentUpTo | 0) - Atomics.load(this.header, ACKED)) | 0) > MAX_UNACKED) {
      Atomics.add(this.header, DROPPED, count);
      this.skipPending(count, ops);
      this.dropped += 1;
      return;
    }
    if (!this.keep.take(ops, this.markedMs)) {
      this.skipPending(count, ops);
      this.counted += 1;
      return;
    }
    const start = this.posted & MASK;
    const first = Math.min(count, CAPACITY - start);
    const batch = new Int32Array(2 * count);
    batch.set(this.entries.subarray(start << 1, (start + first) << 1));
    if (first < count) batch.set(this.entries.subarray(0, (count - first) << 1), first << 1);
    this.post(this.posted, batch);
    this.posted = this.position;
    this.sentUpTo = this.position;
    Atomics.store(this.header, POSTED, this.posted | 0);
    this.batches += 1;
  }

  /**
   * The pending entries are not posted (dropped or over the rate): their ops are counted, not kept, and the
   * next batch (or the host, at the end) resumes after them.
   */
  private skipPending(count: number, ops: number): void {
    // COUNTED_ENTRIES first: a host that reads COUNTED has the entries that explain the gap.
    Atomics.add(this.header, COUNTED_ENTRIES, count);
    Atomics.add(this.header, COUNTED, ops);
    this.posted = this.position;
    Atomics.store(this.header, POSTED, this.posted | 0);
  }

  /** The idle thread's timer: posts ops written since the last post. */
  private flushIdle(): void {
    this.flush();
  }
}
