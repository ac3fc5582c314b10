import {
  CAPACITY,
  HEADER_INTS,
  lapBits,
  LAP_MASK,
  LAP_SHIFT,
  MASK,
  OP_ACQUIRED,
  OP_MARK,
  OP_RELEASED,
  OP_SHIFT,
  READ,
  RING_BYTES,
  SLOT_MASK,
  STALLS,
  WRITE,
  type FastPathOp,
} from '../../shared/fast-path-ring';

/**
 * The host's end of one thread's fast-path ring (src/shared/fast-path-ring.ts): the lock slots it gave the
 * thread, and the drain. Ops between two time markers are dated by interpolation on their positions; ops
 * after the last marker so far take that marker's time (the thread dates before every request and when
 * idle, so those are at most a few microseconds of a hot loop). Times never go backwards.
 */
export class RingReader {
  readonly buffer = new SharedArrayBuffer(RING_BYTES);
  private readonly header = new Int32Array(this.buffer, 0, HEADER_INTS);
  private readonly entries = new Int32Array(this.buffer, HEADER_INTS * Int32Array.BYTES_PER_ELEMENT, 2 * CAPACITY);
  private readonly times = new Float64Array(this.buffer, HEADER_INTS * Int32Array.BYTES_PER_ELEMENT, CAPACITY);
  private readonly names: string[] = [];
  /** Entries read, for ever. */
  private read = 0;
  private markPosition = 0;
  private markTime: number;
  private lastTime: number;
  /** Entries that made no sense (a slot never given, an unknown op): skipped, counted. */
  skipped = 0;

  constructor(
    readonly workerId: string,
    startedAt: number,
  ) {
    this.markTime = startedAt;
    this.lastTime = startedAt;
  }

  /** A new slot for a lock this thread attached (a lock deleted and made again gets a new one). */
  slot(name: string): number {
    this.names.push(name);
    return this.names.length - 1;
  }

  get stalls(): number {
    return Atomics.load(this.header, STALLS);
  }

  /**
   * Everything the thread published since the last drain, in order. `ended`: the thread is gone, so its
   * writes are all visible: entries it wrote but never published are read too (their lap tags say which).
   */
  drain(ended: boolean): FastPathOp[] {
    const published = (Atomics.load(this.header, WRITE) - (this.read | 0)) | 0;
    // Bounded whatever the ring holds: a thread never publishes more than a ring or a position behind ours.
    let end = this.read + Math.max(0, Math.min(CAPACITY, published));
    if (ended) while (end - this.read < CAPACITY && this.tagged(end)) end += this.entryLength(end);
    const ops: FastPathOp[] = [];
    /** Ops since the last marker wait here for the next one, which dates them. */
    let pendingFrom = 0;
    for (let position = this.read; position < end; ) {
      const word = this.entries[(position & MASK) << 1]!;
      const op = word >>> OP_SHIFT;
      if (op === OP_MARK) {
        const time = this.times[(position + 1) & MASK]!;
        this.date(ops, pendingFrom, position, time);
        pendingFrom = ops.length;
        this.markPosition = position;
        this.markTime = Math.max(this.lastTime, time);
        position += 2;
        continue;
      }
      const name = this.names[word & SLOT_MASK];
      if (name === undefined || (op !== OP_ACQUIRED && op !== OP_RELEASED)) {
        this.skipped += 1;
      } else {
        const count = this.entries[((position & MASK) << 1) + 1]!;
        // Dated for now by position; date() puts the time in once the next marker is known.
        ops.push({ t: position, workerId: this.workerId, name, op: op === OP_ACQUIRED ? 'acquired' : 'released', count });
      }
      position += 1;
    }
    // Not yet followed by a marker: the last marker's time.
    for (let index = pendingFrom; index < ops.length; index++) (ops[index] as { t: number }).t = this.markTime;
    this.read = Math.max(this.read, end);
    Atomics.store(this.header, READ, this.read | 0);
    return ops;
  }

  /** Gives ops[from..] (dated by position) times between the last marker and this one, at `position`. */
  private date(ops: FastPathOp[], from: number, position: number, time: number): void {
    const span = position - this.markPosition;
    const base = this.markTime;
    const rate = span > 0 ? (Math.max(base, time) - base) / span : 0;
    for (let index = from; index < ops.length; index++) {
      const op = ops[index] as { t: number };
      op.t = Math.max(this.lastTime, base + rate * (op.t - this.markPosition));
      this.lastTime = op.t;
    }
  }

  /** An entry at `position` written in its own lap (not left over from an older one). */
  private tagged(position: number): boolean {
    const word = this.entries[(position & MASK) << 1]!;
    return word >>> OP_SHIFT !== 0 && ((word >>> LAP_SHIFT) & LAP_MASK) << LAP_SHIFT === lapBits(position);
  }

  private entryLength(position: number): number {
    return this.entries[(position & MASK) << 1]! >>> OP_SHIFT === OP_MARK ? 2 : 1;
  }
}

/** Every thread's ring, made at its first attach of a Lock or RLock. */
export class FastPathRings {
  private readonly readers = new Map<string, RingReader>();

  constructor(private readonly now: () => number) {}

  get size(): number {
    return this.readers.size;
  }

  attach(workerId: string, name: string): { ring: SharedArrayBuffer; slot: number } {
    let reader = this.readers.get(workerId);
    if (reader === undefined) {
      reader = new RingReader(workerId, this.now());
      this.readers.set(workerId, reader);
    }
    return { ring: reader.buffer, slot: reader.slot(name) };
  }

  drain(workerId: string): FastPathOp[] {
    return this.readers.get(workerId)?.drain(false) ?? [];
  }

  workerIds(): string[] {
    return [...this.readers.keys()];
  }

  stalls(workerId: string): number {
    return this.readers.get(workerId)?.stalls ?? 0;
  }

  /** The thread is gone: its last ops, published or not, and its ring is let go. */
  ended(workerId: string): FastPathOp[] {
    const reader = this.readers.get(workerId);
    if (reader === undefined) return [];
    this.readers.delete(workerId);
    return reader.drain(true);
  }
}
