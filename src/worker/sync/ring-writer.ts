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

/** A thread over its recording rate looks at the clock again after this many ops counted (performance.now costs about 40 ns). */
const LOOK_EVERY = 4_096;

/** It keeps ops again once the rate allows this many: a run of them between two counted spans, not one here and there. */
const KEEP_AGAIN = MARK_EVERY;

/** Hands a batch to the host: the entries from position `from`, a fresh Int32Array (a copy of the ring's, which the thread writes on). */
export type PostBatch = (from: number, entries: Int32Array<ArrayBuffer>) => void;

/**
 * The thread's end of its fast-path ring (src/shared/fast-path-ring.ts). The lock handle calls `put()` after
 * each op taken on a cell. Kept, an op is two plain writes, and every CHECK_EVERY entries a decision (maybe
 * a time marker, maybe a post of half a ring, and the recording rate's say on the next entries). The thread
 * never waits for the host: a post (a copy and a postMessage) frees the room.
 *
 * Over the recording rate the thread writes nothing: `put()` only adds one to the header's COUNTED, where
 * the host reads it (so kept + counted is every op, even for a thread killed while counting), and every
 * LOOK_EVERY ops counted, or at a flush, it looks at the clock to see whether the rate lets it keep ops again.
 * That add is all a counted op costs the loop: the bench's uncontended pair, 2,000,000 a round, is counted
 * but for its first burst (bench/recording.bench.ts, docs/facts.md).
 */
export class RingWriter {
  private readonly header: Int32Array;
  private readonly entries: Int32Array;
  private readonly times: Float64Array;
  /** Entries written, for ever. */
  private position = 0;
  /** Entries handed to the host, for ever: the ring's room is CAPACITY - (position - posted). */
  private posted = 0;
  /** Where the next kept op is decided on first (decide()): the next multiple of CHECK_EVERY, or now. */
  private check = 0;
  private lap = -1;
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
  /** Spans over the recording rate: their ops counted (in the header's COUNTED), never written. */
  counted = 0;
  /** 1 while the thread is over its recording rate (each op counted, not written), 0 while ops are kept. */
  private overRate = 1;
  /**
   * The COUNTED at which `put()` calls `keepOrLook()`: COUNTED itself while ops are kept (every op is
   * written there), LOOK_EVERY ops on while they are counted (a look at the clock).
   */
  private lookAt = -1;
  /** The header's COUNTED alone, as the counting `put()` adds to it. */
  private readonly countedOps: Int32Array;
  /** The position, and the markers, up to which the ops written were paid for in the rate's bucket. */
  private charged = 0;
  private marksCharged = 0;
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
    this.countedOps = new Int32Array(ring, COUNTED * Int32Array.BYTES_PER_ELEMENT, 1);
    this.entries = new Int32Array(ring, offset, 2 * CAPACITY);
    this.times = new Float64Array(ring, offset, CAPACITY);
    // Kept first. overRate, lookAt and lap are each given a second value here, before any code runs hot: a
    // field V8 has seen hold one value only may be folded into optimised code as a constant, and changing it
    // later (counting starts, the first lap ends) throws that code away, the user's loop with it.
    this.keepEach();
    this.lap = 0;
    this.timer = setInterval(() => this.flushIdle(), IDLE_FLUSH_MS);
    // Never what keeps a thread alive.
    this.timer.unref();
  }

  /**
   * Records an op: `word` is op << OP_SHIFT | slot, `count` the recursion count after it. Over the rate it
   * is one add to the header's COUNTED (`overRate` is 1) and a comparison; kept, the add is of 0 and the
   * comparison sends every op to `keepOrLook()`, which writes it. One code path for both, so V8's optimised
   * loop meets no code it has not run when counting starts (that was a deoptimisation of the user's loop).
   */
  put(word: number, count: number): void {
    // Counted where the host reads it, at once (one writer: a plain add is exact), so a killed thread's count is whole.
    const counted = (this.countedOps[0]! + this.overRate) | 0;
    this.countedOps[0] = counted;
    if (counted === this.lookAt) this.keepOrLook(word, count);
  }

  /** Before a request or any wait for the host: everything written is dated and posted. */
  flush(): void {
    // Counting: nothing written since the span began, its count is in the header already.
    if (this.overRate === 1) return this.lookAgain();
    if (this.position === this.posted) return;
    this.postAll();
    // The next op comes after a wait of any length: it goes to decide(), which dates it afresh.
    this.markNext = true;
    this.check = this.position;
  }

  /** Before the thread waits without asking the host (on a lock's cell): the next op is dated by a fresh marker. */
  paused(): void {
    this.markNext = true;
    this.check = this.position;
  }

  /**
   * Kept, every op: written. Counting, every LOOK_EVERY ops: decide() looks at the clock. Which of the two
   * is decide()'s alone (it runs apart from the user's loop, which V8 optimises with put() and this inside
   * it): a branch here first taken when counting starts would deoptimise that loop.
   */
  private keepOrLook(word: number, count: number): void {
    if (this.position >= this.check && !this.decide()) return;
    const at = (this.position & MASK) << 1;
    // The count first, the tagged word last: an entry whose tag is current is whole.
    this.entries[at + 1] = count;
    this.entries[at] = word | this.lap;
    this.position += 1;
  }

  /**
   * Every CHECK_EVERY entries kept, after a flush or pause, and every look while counting: maybe a marker,
   * maybe a post, and whether the next ops are kept. False when the op at hand is counted, not written.
   */
  private decide(): boolean {
    if (this.overRate === 1) {
      // Counted already (put() added it).
      this.lookAgain();
      return false;
    }
    if (this.position - this.posted >= POST_EVERY) {
      this.mark();
      this.postPending();
    }
    // What was written is paid for; when the rate has no room for the next CHECK_EVERY, they are counted.
    this.charge();
    if (this.keep.available(this.markedMs) < CHECK_EVERY) {
      this.startCounting();
      // This op as well.
      this.countedOps[0] = (this.countedOps[0]! + 1) | 0;
      return false;
    }
    if (this.markNext || this.position - this.markedAt >= MARK_EVERY) this.mark();
    this.markNext = false;
    this.lap = lapBits(this.position);
    this.check = (Math.floor(this.position / CHECK_EVERY) + 1) * CHECK_EVERY;
    return true;
  }

  /** Over the rate: what was written is dated and posted, and the ops from here on are only counted. */
  private startCounting(): void {
    if (this.position !== this.posted) this.postAll();
    this.counted += 1;
    this.overRate = 1;
    this.lookAt = (this.countedOps[0]! + LOOK_EVERY) | 0;
    // Every look goes to decide().
    this.check = this.position;
  }

  /** Counting: keeps ops again when the rate has room for a run of them, else counts LOOK_EVERY more. */
  private lookAgain(): void {
    if (this.keep.available(performance.now()) < KEEP_AGAIN) {
      this.lookAt = (this.countedOps[0]! + LOOK_EVERY) | 0;
      return;
    }
    // The next op decides, and is dated by a fresh marker.
    this.markNext = true;
    this.check = this.position;
    this.keepEach();
  }

  /** Ops are kept: `put()` adds 0 to COUNTED and hands each op to `keepOrLook()`. */
  private keepEach(): void {
    this.overRate = 0;
    this.lookAt = this.countedOps[0]! | 0;
  }

  /** The ops written since the last charge (markers are not ops) taken from the rate's bucket. */
  private charge(): void {
    const ops = this.position - this.charged - 2 * (this.marks - this.marksCharged);
    this.charged = this.position;
    this.marksCharged = this.marks;
    if (ops > 0) this.keep.spend(ops, this.markedMs);
  }

  /** Everything written, ended by a marker (unless one ends it already), posted. */
  private postAll(): void {
    if (this.position !== this.markedAt + 2) this.mark();
    this.postPending();
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
   * when the host is too far behind, drops it (counted) so that the host's queue stays bounded. (What is
   * over the recording rate was never written: see startCounting.)
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
    this.charge();
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
   * The pending entries are not posted (dropped: the host is behind): their ops are counted, not kept, and
   * the next batch (or the host, at the end) resumes after them.
   */
  private skipPending(count: number, ops: number): void {
    // COUNTED_ENTRIES first: a host that reads COUNTED has the entries that explain the gap.
    Atomics.add(this.header, COUNTED_ENTRIES, count);
    Atomics.add(this.header, COUNTED, ops);
    // Kept from here on (this is a post, never made while counting): each op is still handed to keepOrLook().
    this.lookAt = this.countedOps[0]! | 0;
    // Not kept, so not paid for.
    this.charged = this.position;
    this.marksCharged = this.marks;
    this.posted = this.position;
    Atomics.store(this.header, POSTED, this.posted | 0);
  }

  /** The idle thread's timer: posts ops written since the last post. */
  private flushIdle(): void {
    this.flush();
  }
}
