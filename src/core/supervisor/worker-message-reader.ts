import { describeFailure } from '../../shared/describe-failure';
import { parseWorkerMessage } from '../../shared/worker-messages';
import { STDOUT_MESSAGE_PREFIX, type WorkerMessage } from '../../shared/worker-wire';
import type { LaunchCallbacks } from './launched';

/**
 * Reads what a worker says, posted by a thread, over IPC or as prefixed lines on stdout, validates it, and reports the
 * first "ready" with its latency. A worker may run anyone's code, so nothing it sends is trusted.
 */
export class WorkerMessageReader {
  private isReady = false;
  private partial = '';

  constructor(
    private readonly callbacks: Pick<LaunchCallbacks, 'ready' | 'message' | 'rejected'>,
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

  /** Picks the worker's own lines out of its stdout; everything else is the program's output. */
  acceptLines(chunk: Buffer): void {
    const text = this.partial + chunk.toString('utf8');
    const lines = text.split('\n');
    this.partial = (lines.pop() ?? '').slice(-65_536);
    for (const line of lines) {
      if (!line.startsWith(STDOUT_MESSAGE_PREFIX)) continue;
      let raw: unknown;
      try {
        raw = JSON.parse(line.slice(STDOUT_MESSAGE_PREFIX.length));
      } catch {
        this.callbacks.rejected('a message line that is not JSON');
        continue;
      }
      this.accept(raw);
    }
  }
}
