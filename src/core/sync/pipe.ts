import type { Item, ParsedSyncRequest, PrimitiveSnapshot, SyncOp } from '../../shared/sync';
import { blankSnapshot, fail, ok, type Outcome, type Primitive, type SyncContext } from './primitive';
import { park, WaitQueue, type Parked } from './waiters';

const OPS: ReadonlySet<SyncOp> = new Set<SyncOp>(['pipe_send', 'pipe_recv', 'pipe_poll', 'pipe_close']);

type End = 0 | 1;
const other = (end: End): End => (end === 0 ? 1 : 0);

/** A reader blocked in recv (wants an item) or poll (wants to know one is there). */
type Reader = Parked & { readonly end: End; readonly peek: boolean };

/**
 * multiprocessing.Pipe(duplex): `conn0, conn1`. What one end sends, the other end receives, in order.
 * One-way: end 0 only receives and end 1 only sends, as in Python. recv on an end whose peer is closed,
 * with nothing left to read, raises EOFError; using a closed end raises OSError "handle is closed".
 */
export class Pipe implements Primitive {
  readonly kind = 'Pipe';
  readonly ops = OPS;
  /** inbox[end]: the messages waiting to be received at that end, with their encoded size. */
  private readonly inbox: [Array<{ item: Item; bytes: number }>, Array<{ item: Item; bytes: number }>] = [[], []];
  private readonly closed: [boolean, boolean] = [false, false];
  private readonly readers = new WaitQueue<Reader>();
  private sent = 0;
  private received = 0;
  private readonly senders = new Set<string>();
  private readonly receivers = new Set<string>();

  constructor(
    private readonly ctx: SyncContext,
    readonly name: string,
    private readonly duplex: boolean,
  ) {}

  handle(workerId: string, request: ParsedSyncRequest): Outcome {
    if (request.op !== 'pipe_send' && request.op !== 'pipe_recv' && request.op !== 'pipe_poll' && request.op !== 'pipe_close') {
      return fail('TypeError', `a Pipe has no "${request.op}"`);
    }
    const end = request.end;
    if (this.closed[end]) return fail('OSError', 'handle is closed');
    switch (request.op) {
      case 'pipe_close':
        this.closed[end] = true;
        // Readers at the other end with nothing left will never get anything now.
        this.wakeReaders(other(end));
        return ok();
      case 'pipe_send':
        if (!this.duplex && end === 0) return fail('OSError', 'connection is read-only');
        if (this.closed[other(end)]) return fail('OSError', 'the other end is closed (broken pipe)');
        this.inbox[other(end)].push({ item: request.item, bytes: JSON.stringify(request.item).length });
        this.sent += 1;
        this.senders.add(workerId);
        this.wakeReaders(other(end));
        return ok();
      case 'pipe_recv':
      case 'pipe_poll': {
        if (!this.duplex && end === 1) return fail('OSError', 'connection is write-only');
        const peek = request.op === 'pipe_poll';
        const now = this.answer(workerId, end, peek);
        if (now !== null) return now;
        if (request.timeout === 0) return peek ? ok(false) : fail('EOFError', '');
        return park(
          this.ctx,
          { workerId, op: request.op, timeout: request.timeout },
          { end, peek },
          (reader) => this.readers.push(reader),
          // Only poll takes a timeout in Python; a timed-out poll answers false.
          (reader) => {
            if (this.readers.remove(reader)) reader.settle(ok(false));
          },
        );
      }
    }
  }

  /** What a recv or poll at `end` gets right now, or null if it must wait. */
  private answer(workerId: string, end: End, peek: boolean) {
    const inbox = this.inbox[end];
    if (inbox.length > 0) {
      if (peek) return ok(true);
      this.received += 1;
      this.receivers.add(workerId);
      return ok(inbox.shift()!.item);
    }
    // Nothing to read and nobody left to send: EOF (poll says true, as Python's does, so recv can raise).
    if (this.closed[other(end)]) return peek ? ok(true) : fail('EOFError', 'the other end of the pipe is closed');
    return null;
  }

  private wakeReaders(end: End): void {
    for (const reader of this.readers.waiting().filter((each) => each.end === end)) {
      const reply = this.answer(reader.workerId, end, reader.peek);
      if (reply === null) break;
      if (this.readers.remove(reader)) reader.settle(reply);
    }
  }

  workerEnded(workerId: string): boolean {
    this.readers.cancelWorker(workerId);
    return false;
  }

  snapshot(): PrimitiveSnapshot {
    const inFlight = [...this.inbox[0], ...this.inbox[1]];
    const closed = this.closed.flatMap((isClosed, end) => (isClosed ? [`end ${end} closed`] : []));
    return {
      ...blankSnapshot(this.name, this.kind),
      waiters: this.readers.snapshot(),
      depth: inFlight.length,
      bytes: inFlight.reduce((sum, message) => sum + message.bytes, 0),
      puts: this.sent,
      gets: this.received,
      producers: [...this.senders],
      consumers: [...this.receivers],
      contents: `${this.duplex ? 'duplex' : 'one-way (0 receives, 1 sends)'}${closed.length > 0 ? `; ${closed.join(', ')}` : ''}`,
    };
  }
}
