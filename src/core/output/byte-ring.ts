/**
 * The newest bytes of a stream, at most `limit` of them, in one circular buffer that grows (doubling) up to
 * the limit: a quiet worker costs a few KiB, one printing in a tight loop at most `limit`.
 * Positions are offsets in the whole stream: bytes [end - held, end) are here, byte `o` at `o % size`.
 */
export class ByteRing {
  private buffer: Buffer = Buffer.alloc(0);
  private written = 0;
  private held = 0;

  constructor(
    private readonly limit: number,
    private readonly initial = 4096,
  ) {}

  /** Offset just past the newest byte: every byte ever pushed. */
  get end(): number {
    return this.written;
  }

  /** Offset of the oldest byte still held. */
  get start(): number {
    return this.written - this.held;
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.resize(this.sizeFor(this.held + chunk.length));
    const size = this.buffer.length;
    // Only the last `size` bytes of a big chunk can be kept.
    const data = chunk.length > size ? chunk.subarray(chunk.length - size) : chunk;
    let at = (this.written + chunk.length - data.length) % size;
    for (let from = 0; from < data.length; ) {
      const run = Math.min(size - at, data.length - from);
      this.buffer.set(data.subarray(from, from + run), at);
      from += run;
      at = (at + run) % size;
    }
    this.written += chunk.length;
    this.held = Math.min(size, this.held + chunk.length);
  }

  /** Bytes [from, end) as one new Buffer (from `start` if `from` is older). */
  read(from: number): Buffer {
    const begin = Math.max(from, this.start);
    const out = Buffer.alloc(this.written - begin);
    const size = this.buffer.length;
    for (let copied = 0; copied < out.length; ) {
      const at = (begin + copied) % size;
      const run = Math.min(size - at, out.length - copied);
      this.buffer.copy(out, copied, at, at + run);
      copied += run;
    }
    return out;
  }

  /** The byte at `offset`, which must be held. */
  byteAt(offset: number): number {
    return this.buffer[offset % this.buffer.length]!;
  }

  /** A power of two from `initial` that fits `need`, at most `limit`, never smaller than now. */
  private sizeFor(need: number): number {
    let size = Math.max(this.initial, this.buffer.length);
    while (size < need && size < this.limit) size *= 2;
    return Math.min(size, this.limit);
  }

  /** Moves the held bytes into a bigger buffer, each where its offset says. */
  private resize(size: number): void {
    if (size <= this.buffer.length) return;
    const kept = this.read(this.start);
    const next = Buffer.alloc(size);
    const base = this.written - kept.length;
    for (let index = 0; index < kept.length; ) {
      const at = (base + index) % size;
      const run = Math.min(size - at, kept.length - index);
      kept.copy(next, at, index, index + run);
      index += run;
    }
    this.buffer = next;
  }
}
