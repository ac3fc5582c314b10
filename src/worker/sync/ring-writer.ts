import {
  CAPACITY,
  HEADER_INTS,
  HEADROOM,
  lapBits,
  MARK_EVERY,
  MASK,
  OP_MARK,
  OP_SHIFT,
  PUBLISH_EVERY,
  READ,
  STALLS,
  WRITE,
} from '../../shared/fast-path-ring';

/** How often an idle thread publishes what it wrote, so a slow loop's ops reach the host within a sample. */
const IDLE_FLUSH_MS = 50;

/**
 * The thread's end of its fast-path ring (src/shared/fast-path-ring.ts). The hot path is `ready()` before
 * the lock's CAS and `put()` after it: one comparison and two plain writes; every PUBLISH_EVERY entries
 * `ready()` takes the slow branch (publish, maybe a time marker, look at the room left).
 */
export class RingWriter {
  private readonly header: Int32Array;
  private readonly entries: Int32Array;
  private readonly times: Float64Array;
  /** Entries written, for ever. */
  private position = 0;
  /** Where `ready()` next takes the slow branch: the next multiple of PUBLISH_EVERY, or now. */
  private check = 0;
  private lap = 0;
  private markedAt = -MARK_EVERY;
  /** Set after an idle flush: the next op is dated by a fresh marker, not by one from before the pause. */
  private markNext = true;
  private flushedAt = 0;
  private stalled = false;
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(ring: SharedArrayBuffer) {
    this.header = new Int32Array(ring, 0, HEADER_INTS);
    const offset = HEADER_INTS * Int32Array.BYTES_PER_ELEMENT;
    this.entries = new Int32Array(ring, offset, 2 * CAPACITY);
    this.times = new Float64Array(ring, offset, CAPACITY);
    this.timer = setInterval(() => this.flushIdle(), IDLE_FLUSH_MS);
    // Never what keeps a thread alive.
    this.timer.unref();
  }

  /** How many times this thread found its ring full (each time an op went through the host instead). */
  get stalls(): number {
    return Atomics.load(this.header, STALLS);
  }

  /** True when an op may be recorded; false when the ring is full: then take the slow path (a request). */
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

  /** Before a request or any wait for the host: everything written is published, and dated. */
  flush(): void {
    // Dates what was written since the last marker (if there is room for a marker: a full ring's last ops
    // are dated by the host's drain instead).
    if (this.position !== this.markedAt + 2 && this.used() + 2 <= CAPACITY) this.mark();
    this.publish();
    // The next op comes after a wait of any length: it takes the slow branch, which dates it afresh.
    this.markNext = true;
    this.check = this.position;
  }

  private slowBranch(): boolean {
    if (this.used() > CAPACITY - HEADROOM) {
      // Counted once per time full (a refused acquireNow() and the acquire() after it are one stall).
      if (!this.stalled) Atomics.add(this.header, STALLS, 1);
      this.stalled = true;
      // The request that follows drains the ring; until then every op goes through the host.
      this.flush();
      return false;
    }
    this.stalled = false;
    if (this.markNext || this.position - this.markedAt >= MARK_EVERY) this.mark();
    this.markNext = false;
    this.publish();
    this.arm();
    return true;
  }

  private used(): number {
    return ((this.position | 0) - Atomics.load(this.header, READ)) | 0;
  }

  private mark(): void {
    const at = this.position & MASK;
    this.lap = lapBits(this.position);
    this.times[(at + 1) & MASK] = performance.timeOrigin + performance.now();
    this.entries[at << 1] = (OP_MARK << OP_SHIFT) | this.lap;
    this.position += 2;
    this.markedAt = this.position - 2;
  }

  private publish(): void {
    Atomics.store(this.header, WRITE, this.position | 0);
    this.flushedAt = this.position;
  }

  /** Next slow branch at the next multiple of PUBLISH_EVERY (laps are multiples of it, so the tag holds till then). */
  private arm(): void {
    this.lap = lapBits(this.position);
    this.check = (Math.floor(this.position / PUBLISH_EVERY) + 1) * PUBLISH_EVERY;
  }

  /** The idle thread's timer: publishes ops the last PUBLISH_EVERY boundary left unpublished. */
  private flushIdle(): void {
    if (this.position !== this.flushedAt) this.flush();
  }
}
