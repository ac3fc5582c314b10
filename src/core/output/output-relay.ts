import { OUTPUT_CHUNK_MAX_CHARS, OUTPUT_STREAMS, type OutputStream } from '../../shared/output';
import type { LabEventBody } from '../../shared/protocol';
import type { Cancel, Clock } from '../clock';
import { StreamCapture } from './stream-capture';

/** How often waiting output is sent: often enough to look live, rarely enough to batch a chatty worker. */
export const OUTPUT_FLUSH_MS = 100;
/** Each stream may send this many bytes per second, after a first burst of STREAM_BURST_BYTES. */
export const STREAM_BYTES_PER_SECOND = 16 * 1024;
export const STREAM_BURST_BYTES = 16 * 1024;
/** All workers together: the pages and the reducer see at most this much output per second. */
export const TOTAL_BYTES_PER_SECOND = 256 * 1024;
export const TOTAL_BURST_BYTES = 128 * 1024;
/** What a worker that ends may always say last, per stream, even when the total has run out. */
const LAST_WORDS_MIN_BYTES = 1024;
/** Less room than this is not worth a fact: wait for the allowance to grow. */
const MIN_PIECE_BYTES = 256;
/** A piece's text is never longer than its bytes (plus a cut character), so this keeps facts in bounds. */
const MAX_PIECE_BYTES = OUTPUT_CHUNK_MAX_CHARS - 8;

interface Stream {
  readonly capture: StreamCapture;
  /** Bytes it may send now (a token bucket). */
  allowance: number;
}

interface WorkerStreams {
  readonly stdout: Stream;
  readonly stderr: Stream;
}

export interface OutputRelayDeps {
  readonly clock: Clock;
  readonly emit: (event: LabEventBody) => void;
}

/**
 * Every worker's stdout and stderr on their way to the pages, as `worker.output` facts: the host holds at
 * most CAPTURE_BYTES per stream, and sends at most STREAM_BYTES_PER_SECOND per stream and
 * TOTAL_BYTES_PER_SECOND in all, so a worker printing in a tight loop can flood neither the socket nor the
 * reducer. Held back output is not queued: the newest part is sent, and the gap is in the facts' offsets.
 */
export class OutputRelay {
  private readonly workers = new Map<string, WorkerStreams>();
  /** Workers whose end has been told: anything after that (there should be nothing) is dropped. */
  private readonly finished = new Set<string>();
  private totalAllowance = TOTAL_BURST_BYTES;
  private refilledAt: number;
  private timer: Cancel | null = null;
  private turn = 0;

  constructor(private readonly deps: OutputRelayDeps) {
    this.refilledAt = deps.clock.monotonic();
  }

  /** Output a worker wrote (the lab's own message lines already taken out). */
  push(workerId: string, stream: OutputStream, chunk: Uint8Array): void {
    if (chunk.length === 0 || this.finished.has(workerId)) return;
    this.streamsOf(workerId)[stream].capture.push(chunk);
    this.schedule();
  }

  /** The worker is gone: what it printed last is sent now (within CAPTURE_BYTES), before its exit is told. */
  ended(workerId: string): void {
    this.finished.add(workerId);
    const streams = this.workers.get(workerId);
    if (streams === undefined) return;
    this.workers.delete(workerId);
    this.refill();
    for (const stream of OUTPUT_STREAMS) {
      // Last words are charged to the total like any output; when it has run out, each worker still gets its
      // last line or so, and the debt (bounded) is paid before anyone's next piece.
      const room = Math.max(LAST_WORDS_MIN_BYTES, Math.min(MAX_PIECE_BYTES, Math.floor(this.totalAllowance)));
      const sent = this.send(workerId, stream, streams[stream], room, true);
      this.totalAllowance = Math.max(-TOTAL_BURST_BYTES, this.totalAllowance - sent);
    }
  }

  stop(): void {
    this.timer?.();
    this.timer = null;
  }

  private streamsOf(workerId: string): WorkerStreams {
    let streams = this.workers.get(workerId);
    if (streams === undefined) {
      const stream = (): Stream => ({ capture: new StreamCapture(), allowance: STREAM_BURST_BYTES });
      streams = { stdout: stream(), stderr: stream() };
      this.workers.set(workerId, streams);
    }
    return streams;
  }

  private schedule(): void {
    if (this.timer !== null) return;
    this.timer = this.deps.clock.setTimeout(() => {
      this.timer = null;
      this.flush();
    }, OUTPUT_FLUSH_MS);
  }

  private flush(): void {
    const waiting: Array<[string, OutputStream, WorkerStreams]> = [];
    for (const [workerId, streams] of this.workers) {
      for (const stream of OUTPUT_STREAMS) if (streams[stream].capture.waiting > 0) waiting.push([workerId, stream, streams]);
    }
    this.refill();
    // The total is shared among the streams with something to say; when there are so many that a share is
    // too small to show, they take turns (the next flush starts where this one ran out), so none starves.
    const share = Math.max(MIN_PIECE_BYTES, Math.floor(this.totalAllowance / Math.max(1, waiting.length)));
    const first = waiting.length === 0 ? 0 : this.turn % waiting.length;
    let ranOutAt: number | null = null;
    let more = false;
    for (let index = 0; index < waiting.length; index++) {
      const [workerId, name, streams] = waiting[(first + index) % waiting.length]!;
      const stream = streams[name];
      const room = Math.floor(Math.min(stream.allowance, share, MAX_PIECE_BYTES, this.totalAllowance));
      const waitingBytes = stream.capture.waiting;
      if (room < waitingBytes && room < MIN_PIECE_BYTES) {
        if (ranOutAt === null && this.totalAllowance < MIN_PIECE_BYTES) ranOutAt = first + index;
        more = true;
        continue;
      }
      const sent = this.send(workerId, name, stream, room, false);
      stream.allowance -= sent;
      this.totalAllowance -= sent;
      if (stream.capture.waiting > 0) more = true;
    }
    this.turn = ranOutAt ?? first + 1;
    if (more) this.schedule();
  }

  /** Takes up to `room` bytes of one stream and emits them; returns the bytes sent. */
  private send(workerId: string, stream: OutputStream, target: Stream, room: number, last: boolean): number {
    const piece = target.capture.take(room, last);
    if (piece === null) return 0;
    this.deps.emit({ type: 'worker.output', workerId, stream, from: piece.from, to: piece.to, text: piece.text });
    return Math.min(room, piece.to - piece.from);
  }

  private refill(): void {
    const now = this.deps.clock.monotonic();
    const seconds = Math.max(0, now - this.refilledAt) / 1000;
    this.refilledAt = now;
    this.totalAllowance = Math.min(TOTAL_BURST_BYTES, this.totalAllowance + seconds * TOTAL_BYTES_PER_SECOND);
    for (const streams of this.workers.values()) {
      for (const stream of OUTPUT_STREAMS) streams[stream].allowance = Math.min(STREAM_BURST_BYTES, streams[stream].allowance + seconds * STREAM_BYTES_PER_SECOND);
    }
  }
}
