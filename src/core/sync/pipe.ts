import { emptySnapshot, type Item, type ParsedSyncRequest, type PrimitiveSnapshot, type SyncOp } from '../../shared/sync';
import { fail, ok, type Outcome, type Primitive, type SyncContext } from './primitive';
import { LAB_ID } from './lab-request';
import { park, WaitQueue, type Parked } from './waiters';

const OPS: ReadonlySet<SyncOp> = new Set<SyncOp>(['pipe_send', 'pipe_recv', 'pipe_poll', 'pipe_close']);

type End = 0 | 1;
const other = (end: End): End => (end === 0 ? 1 : 0);

/** A reader blocked in recv (wants an item) or poll (wants to know one is there). */
type Reader = Parked & { readonly end: End; readonly peek: boolean };
/** A sender blocked because the other end's buffer is full, as a real pipe's send blocks. */
type Sender = Parked & { readonly end: End; readonly item: Item; readonly bytes: number };

/** Bytes a direction holds before send blocks (Linux's default pipe buffer). */
export const PIPE_CAPACITY_BYTES = 64 * 1024;

/**
 * multiprocessing.Pipe(duplex): `conn0, conn1`. What one end sends, the other end receives, in order.
 * One-way: end 0 only receives and end 1 only sends, as in Python. recv on an end whose peer is closed,
 * with nothing left to read, raises EOFError; using a closed end raises OSError "handle is closed"; send
 * blocks while the other end has a full buffer unread.
 */
export class Pipe implements Primitive {
  readonly kind = 'Pipe';
  readonly ops = OPS;
  /** inbox[end]: the messages waiting to be received at that end, with their encoded size. */
  private readonly inbox: [Array<{ item: Item; bytes: number }>, Array<{ item: Item; bytes: number }>] = [[], []];
  private readonly buffered: [number, number] = [0, 0];
  private readonly closed: [boolean, boolean] = [false, false];
  private readonly readers = new WaitQueue<Reader>();
  private readonly senders = new WaitQueue<Sender>();
  private sent = 0;
  private received = 0;
  private readonly sendersSeen = new Set<string>();
  private readonly receiversSeen = new Set<string>();

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
        // Readers at the other end with nothing left will never get anything now; senders here neither;
        // and a reader blocked on this very end is told its handle is gone.
        this.wakeReaders(other(end));
        for (const reader of this.readers.waiting().filter((each) => each.end === end)) {
          if (this.readers.remove(reader)) reader.settle(fail('OSError', 'handle is closed'));
        }
        for (const sender of this.senders.waiting().filter((each) => each.end === end || each.end === other(end))) {
          if (this.senders.remove(sender)) sender.settle(fail('OSError', 'the pipe was closed while sending'));
        }
        return ok();
      case 'pipe_send':
        return this.send(workerId, end, request.item);
      case 'pipe_recv':
      case 'pipe_poll': {
        if (!this.duplex && end === 1) return fail('OSError', 'connection is write-only');
        const peek = request.op === 'pipe_poll';
        const now = this.answer(workerId, end, peek);
        if (now !== null) return now;
        const timeout = request.op === 'pipe_poll' ? request.timeout : null;
        if (timeout === 0) return ok(false);
        // The lab's UI never waits: an empty pipe is said so.
        if (workerId === LAB_ID) return fail('Empty', 'nothing to receive yet (the lab does not wait; a worker would)');
        return park(
          this.ctx,
          { workerId, op: request.op, timeout },
          { end, peek },
          (reader) => this.readers.push(reader),
          // Only poll has a timeout; a timed-out poll answers false.
          (reader) => {
            if (this.readers.remove(reader)) reader.settle(ok(false));
          },
        );
      }
    }
  }

  private send(workerId: string, end: End, item: Item): Outcome {
    if (!this.duplex && end === 0) return fail('OSError', 'connection is read-only');
    if (this.closed[other(end)]) return fail('OSError', 'the other end is closed (broken pipe)');
    const bytes = JSON.stringify(item).length;
    if (this.buffered[other(end)] + bytes <= PIPE_CAPACITY_BYTES || this.inbox[other(end)].length === 0) {
      this.deliver(workerId, end, item, bytes);
      return ok();
    }
    if (workerId === LAB_ID) return fail('Full', 'the pipe buffer is full (the lab does not wait; a worker would)');
    return park(
      this.ctx,
      { workerId, op: 'pipe_send', timeout: null },
      { end, item, bytes },
      (sender) => this.senders.push(sender),
      () => undefined,
    );
  }

  private deliver(workerId: string, end: End, item: Item, bytes: number): void {
    this.inbox[other(end)].push({ item, bytes });
    this.buffered[other(end)] += bytes;
    this.sent += 1;
    this.sendersSeen.add(workerId);
    this.wakeReaders(other(end));
  }

  /** What a recv or poll at `end` gets right now, or null if it must wait. */
  private answer(workerId: string, end: End, peek: boolean) {
    const inbox = this.inbox[end];
    if (inbox.length > 0) {
      if (peek) return ok(true);
      const message = inbox.shift()!;
      this.buffered[end] -= message.bytes;
      this.received += 1;
      this.receiversSeen.add(workerId);
      this.wakeSenders(end);
      return ok(message.item);
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

  /** Room was made at `end`: blocked senders towards it go on, in order, while it lasts. */
  private wakeSenders(end: End): void {
    for (const sender of this.senders.waiting().filter((each) => other(each.end) === end)) {
      if (this.buffered[end] + sender.bytes > PIPE_CAPACITY_BYTES && this.inbox[end].length > 0) break;
      if (!this.senders.remove(sender)) continue;
      this.deliver(sender.workerId, sender.end, sender.item, sender.bytes);
      sender.settle(ok());
    }
  }

  workerEnded(workerId: string): boolean {
    this.readers.cancelWorker(workerId);
    this.senders.cancelWorker(workerId);
    return false;
  }

  snapshot(): PrimitiveSnapshot {
    const inFlight = [...this.inbox[0], ...this.inbox[1]];
    const closed = this.closed.flatMap((isClosed, end) => (isClosed ? [`end ${end} closed`] : []));
    return {
      ...emptySnapshot(this.name, this.kind),
      waiters: [...this.readers.snapshot(), ...this.senders.snapshot()],
      depth: inFlight.length,
      bytes: this.buffered[0] + this.buffered[1],
      puts: this.sent,
      gets: this.received,
      producers: [...this.sendersSeen],
      consumers: [...this.receiversSeen],
      contents: `${this.duplex ? 'duplex' : 'one-way (0 receives, 1 sends)'}${closed.length > 0 ? `; ${closed.join(', ')}` : ''}`,
    };
  }
}
