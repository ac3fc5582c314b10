import { ByteRing } from './byte-ring';
import { TerminalText } from './terminal-text';

/** Bytes of one stream the host keeps before they are shown: what a worker prints faster is lost. */
export const CAPTURE_BYTES = 64 * 1024;

/** A piece of the stream as text: bytes [from, to), where bytes before `from` not shown earlier were skipped. */
export interface TakenOutput {
  readonly from: number;
  readonly to: number;
  readonly text: string;
}

/**
 * One stream of one worker (stdout or stderr): its newest bytes, and how far they have been shown. `take`
 * turns what is new into safe text; given less room than is waiting, it keeps the newest part (a live view
 * follows the tail) and says where the gap is.
 */
export class StreamCapture {
  private readonly ring = new ByteRing(CAPTURE_BYTES);
  /** Offset up to which bytes have been taken (shown or skipped). */
  private taken = 0;
  /** Where the last piece given out ended; a piece that follows on without a gap starts there. */
  private shownTo = 0;
  private decoder = new TextDecoder('utf-8');
  private readonly cleaner = new TerminalText();

  push(chunk: Uint8Array): void {
    this.ring.push(chunk);
  }

  /** Bytes waiting to be taken (more than are held, if some were lost). */
  get waiting(): number {
    return this.ring.end - this.taken;
  }

  /**
   * Up to `room` of the newest waiting bytes, as text; null when nothing waits or there is only text-less
   * output (escape sequences). `last`: the stream has ended, so a character cut at the end is shown as U+FFFD.
   */
  take(room: number, last = false): TakenOutput | null {
    const end = this.ring.end;
    if (end === this.taken) return null;
    let from = Math.max(this.taken, this.ring.start, end - Math.max(0, Math.floor(room)));
    const gap = from > this.taken;
    if (gap) {
      from = this.alignedStart(from, end);
      this.decoder = new TextDecoder('utf-8');
      this.cleaner.reset();
    }
    const bytes = this.ring.read(from);
    this.taken = end;
    const text = this.cleaner.push(this.decoder.decode(bytes, { stream: !last }) + (last ? this.decoder.decode() : ''));
    if (text === '' && !gap) return null;
    const start = gap ? from : this.shownTo;
    this.shownTo = end;
    return { from: start, to: end, text };
  }

  /** After a gap: not inside a UTF-8 character, and at a line start if one comes soon. */
  private alignedStart(from: number, end: number): number {
    let start = from;
    while (start < end && start - from < 3 && (this.ring.byteAt(start) & 0xc0) === 0x80) start += 1;
    const window = Math.min(end, start + Math.max(64, (end - start) >> 2));
    for (let at = start; at < window; at++) if (this.ring.byteAt(at) === 0x0a) return at + 1;
    return start;
  }
}
