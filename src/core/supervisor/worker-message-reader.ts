import { describeFailure } from '../../shared/describe-failure';
import { parseWorkerMessage } from '../../shared/worker-messages';
import { STDOUT_MESSAGE_PREFIX, type WorkerMessage } from '../../shared/worker-wire';
import type { LaunchCallbacks } from './launched';

const PREFIX = Buffer.from(STDOUT_MESSAGE_PREFIX, 'utf8');
const NEWLINE = 0x0a;
/** A message line longer than this is not one of ours: it is dropped and reported. */
const MAX_MESSAGE_LINE = 65_536;

/**
 * Reads what a worker says, posted by a thread, over IPC or as prefixed lines on stdout, validates it, and reports the
 * first "ready" with its latency. A worker may run anyone's code, so nothing it sends is trusted.
 */
export class WorkerMessageReader {
  private isReady = false;
  /** The start of a line that may be a message line (it begins with the prefix, or with part of it). */
  private partial: Buffer = Buffer.alloc(0);
  /** The bytes before the next newline are output already passed on: the next line has not begun yet. */
  private midLine = false;
  /** A message line grew too long: the rest of it, up to its newline, is dropped. */
  private discarding = false;

  constructor(
    private readonly callbacks: Pick<LaunchCallbacks, 'ready' | 'message' | 'rejected'> & Partial<Pick<LaunchCallbacks, 'output'>>,
    private readonly elapsedMs: () => number,
  ) {}

  accept(raw: unknown): void {
    const parsed = parseWorkerMessage(raw);
    if (!parsed.ok) return this.callbacks.rejected(parsed.reason, raw);
    const message = parsed.message;
    try {
      if (message.type === 'ready') this.ready(message);
      else this.callbacks.message(message);
    } catch (error) {
      // A bug in handling one message must not end the host; the worker is answered (a sync request
      // with an error), so it does not wait for ever.
      console.error('lab: a worker message could not be handled:', error);
      this.callbacks.rejected(`the lab could not handle that message: ${describeFailure(error)}`, raw);
    }
  }

  ready(message: Extract<WorkerMessage, { type: 'ready' }>): void {
    if (this.isReady) return;
    this.isReady = true;
    this.callbacks.ready(message, this.elapsedMs());
  }

  /**
   * Picks the worker's own lines (`@lab:` + JSON, at the start of a line) out of its stdout; every other
   * byte is the program's output, passed on as it comes, so a line printed without a newline shows too.
   */
  acceptLines(chunk: Buffer): void {
    const data = this.partial.length > 0 ? Buffer.concat([this.partial, chunk]) : chunk;
    this.partial = Buffer.alloc(0);
    let at = 0;
    if (this.discarding || this.midLine) {
      const newline = data.indexOf(NEWLINE);
      const end = newline < 0 ? data.length : newline + 1;
      if (!this.discarding) this.output(data.subarray(0, end));
      if (newline < 0) return;
      this.discarding = false;
      this.midLine = false;
      at = end;
    }
    let outputFrom = at;
    for (;;) {
      const newline = data.indexOf(NEWLINE, at);
      if (newline < 0) break;
      if (isMessageLine(data, at)) {
        this.output(data.subarray(outputFrom, at));
        this.messageLine(data.toString('utf8', at + PREFIX.length, newline));
        outputFrom = newline + 1;
      }
      at = newline + 1;
    }
    // The last line has no newline yet: hold it if it may become a message line, else pass it on now.
    const rest = data.subarray(at);
    if (rest.length > 0 && mayBeMessageLine(rest)) {
      this.output(data.subarray(outputFrom, at));
      if (rest.length > MAX_MESSAGE_LINE) {
        this.callbacks.rejected(`a message line longer than ${MAX_MESSAGE_LINE} bytes`);
        this.discarding = true;
      } else {
        this.partial = Buffer.from(rest);
      }
      return;
    }
    this.output(data.subarray(outputFrom));
    this.midLine = rest.length > 0;
  }

  private output(bytes: Buffer): void {
    if (bytes.length > 0) this.callbacks.output?.('stdout', bytes);
  }

  private messageLine(json: string): void {
    let raw: unknown;
    try {
      raw = JSON.parse(json);
    } catch {
      this.callbacks.rejected('a message line that is not JSON');
      return;
    }
    this.accept(raw);
  }
}

function isMessageLine(data: Buffer, at: number): boolean {
  return data.length - at >= PREFIX.length && data.compare(PREFIX, 0, PREFIX.length, at, at + PREFIX.length) === 0;
}

/** Begins with the prefix, or with as much of it as there is. */
function mayBeMessageLine(rest: Buffer): boolean {
  const length = Math.min(rest.length, PREFIX.length);
  return rest.compare(PREFIX, 0, length, 0, length) === 0;
}
