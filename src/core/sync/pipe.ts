import { timeoutArg } from '../../shared/facts';
import { rememberActor } from '../../shared/remember';
import { emptySnapshot, type Item, type ParsedSyncRequest, type PrimitiveSnapshot, type SyncOp, type SyncReply } from '../../shared/sync';
import { fail, ok, timeoutMs, type Outcome, type Primitive, type SyncContext } from './primitive';
import { LAB_ID } from './lab-request';
import { costOf, sizeOf, VALUE_OVERHEAD_BYTES } from './memory-budget';
import { park, WaitQueue, type Parked } from './waiters';

const OPS: ReadonlySet<SyncOp> = new Set<SyncOp>(['pipe_send', 'pipe_send_bytes', 'pipe_recv', 'pipe_recv_bytes', 'pipe_poll', 'pipe_close']);

type End = 0 | 1;
const other = (end: End): End => (end === 0 ? 1 : 0);

/**
 * One message in flight: an object (send), kept as the item, or bytes (send_bytes), kept as the base64 the
 * worker sent; `bytes` is its size on the wire (the item's JSON in UTF-8, as a pickle's length in CPython).
 */
type Message = ({ readonly kind: 'object'; readonly item: Item } | { readonly kind: 'bytes'; readonly data: string }) & {
  readonly bytes: number;
  /** What it is charged against the memory budget while in flight (costOf). */
  readonly cost: number;
};

/** A reader blocked in recv / recv_bytes (wants a message) or poll (wants to know one is there). */
type Reader = Parked & { readonly end: End; readonly mode: 'recv' | 'recv_bytes' | 'peek'; readonly maxlength: number | null };
/** A sender blocked because the other end's buffer is full, as a real pipe's send blocks. */
type Sender = Parked & { readonly end: End; readonly message: Message };

/**
 * Bytes a direction holds before send blocks (Linux's default pipe buffer): the pipe's memory budget, with
 * one exception: a message larger than this is let in when the direction is empty (a real pipe takes it
 * in pieces while the reader reads), so a direction holds at most max(64 KiB, one message).
 */
export const PIPE_CAPACITY_BYTES = 64 * 1024;

/** The words CPython's errors say (Lib/multiprocessing/connection.py). */
const CLOSED = 'handle is closed';
const WRITE_ONLY = 'connection is write-only';
const READ_ONLY = 'connection is read-only';
const BROKEN = '[Errno 32] Broken pipe';

/**
 * multiprocessing.Pipe(duplex): `conn0, conn1`. What one end sends, the other end receives, in order.
 * One-way: end 0 only receives and end 1 only sends, as in Python. recv on an end whose peer is closed,
 * with nothing left to read, raises EOFError; using a closed end raises OSError "handle is closed"; send
 * blocks while the other end has a full buffer unread. An end is one connection shared by every worker
 * (as a Connection object is shared by Python's threads): closing it closes it for all.
 */
export class Pipe implements Primitive {
  readonly kind = 'Pipe';
  readonly ops = OPS;
  /** inbox[end]: the messages waiting to be received at that end. */
  private readonly inbox: [Message[], Message[]] = [[], []];
  private readonly buffered: [number, number] = [0, 0];
  private readonly closed: [boolean, boolean] = [false, false];
  /** Whether an end may still receive: false on one-way's end 1, and after a "bad message length". */
  private readonly readable: [boolean, boolean];
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
  ) {
    this.readable = [true, duplex];
  }

  handle(workerId: string, request: ParsedSyncRequest): Outcome {
    switch (request.op) {
      case 'pipe_close':
        return this.close(workerId, request.end);
      case 'pipe_send':
        return this.send(workerId, request.end, { kind: 'object', item: request.item, bytes: sizeOf(request.item), cost: costOf(request.item) });
      case 'pipe_send_bytes': {
        const bytes = Buffer.byteLength(request.data, 'base64');
        return this.send(workerId, request.end, { kind: 'bytes', data: request.data, bytes, cost: bytes + VALUE_OVERHEAD_BYTES });
      }
      case 'pipe_recv':
        return this.receive(workerId, request.end, 'recv', null, null);
      case 'pipe_recv_bytes':
        return this.receive(workerId, request.end, 'recv_bytes', request.maxlength, null);
      case 'pipe_poll':
        // CPython's poll waits through selectors, which take a negative timeout as 0: False at once.
        return this.receive(workerId, request.end, 'peek', null, request.timeout === null ? null : Math.max(0, request.timeout));
      default:
        return fail('TypeError', `a Pipe has no "${request.op}"`);
    }
  }

  /** Closing a closed connection does nothing, as in CPython. */
  private close(workerId: string, end: End): Outcome {
    if (this.closed[end]) return ok();
    this.closed[end] = true;
    this.ctx.fact({ op: 'pipe.close', actor: workerId, primitive: this.name, end });
    // Readers at the other end with nothing left will never get anything now; senders towards this end get
    // a broken pipe; and a reader or sender blocked on this very end is told its handle is gone.
    this.wakeReaders(other(end));
    for (const reader of this.readers.waiting().filter((each) => each.end === end)) {
      if (this.readers.remove(reader)) this.endWait(reader, fail('OSError', CLOSED));
    }
    for (const sender of this.senders.waiting()) {
      if (this.senders.remove(sender)) this.endWait(sender, sender.end === end ? fail('OSError', CLOSED) : fail('BrokenPipeError', BROKEN));
    }
    return ok();
  }

  /** A parked reader or sender answered otherwise than by its own `pipe.recv` or `pipe.send`: its `wait.ended`. */
  private endWait(waiter: Parked, reply: SyncReply): void {
    this.ctx.fact({ op: 'wait.ended', actor: waiter.workerId, primitive: this.name });
    waiter.settle(reply);
  }

  private send(workerId: string, end: End, message: Message): Outcome {
    if (this.closed[end]) return fail('OSError', CLOSED);
    if (!this.duplex && end === 0) return fail('OSError', READ_ONLY);
    if (this.closed[other(end)]) return fail('BrokenPipeError', BROKEN);
    if (this.fits(other(end), message.bytes)) return this.deliver(workerId, end, message) ?? ok();
    if (workerId === LAB_ID) return fail('Full', 'the pipe buffer is full (the lab does not wait; a worker would)');
    return park(
      this.ctx,
      { workerId, op: message.kind === 'object' ? 'pipe_send' : 'pipe_send_bytes', timeout: null },
      { end, message },
      (sender) => {
        this.senders.push(sender);
        this.ctx.fact({ op: 'pipe.sendWait', actor: workerId, primitive: this.name, how: message.kind === 'object' ? 0 : 1 });
      },
      () => undefined,
    );
  }

  private fits(to: End, bytes: number): boolean {
    return this.buffered[to] + bytes <= PIPE_CAPACITY_BYTES || this.inbox[to].length === 0;
  }

  /**
   * Puts a message in flight, charged to the memory budget (one message may be 12 MiB, past the 64 KiB
   * buffer): null when done, else the MemoryError to answer, and nothing was sent.
   */
  private deliver(workerId: string, end: End, message: Message): SyncReply | null {
    const refused = this.ctx.budget.charge(this.name, workerId, message.cost);
    if (refused !== null) return refused;
    this.inbox[other(end)].push(message);
    this.buffered[other(end)] += message.bytes;
    this.sent += 1;
    rememberActor(this.sendersSeen, workerId);
    this.ctx.fact({ op: 'pipe.send', actor: workerId, primitive: this.name, bytes: message.bytes });
    this.wakeReaders(other(end));
    return null;
  }

  private receive(workerId: string, end: End, mode: Reader['mode'], maxlength: number | null, timeout: number | null): Outcome {
    if (this.closed[end]) return fail('OSError', CLOSED);
    if (!this.readable[end]) return fail('OSError', WRITE_ONLY);
    if (maxlength !== null && maxlength < 0) return fail('ValueError', 'negative maxlength');
    const now = this.answer(workerId, end, mode, maxlength);
    if (now !== null) return now;
    if (mode === 'peek' && timeout === 0) return ok(false);
    // The lab's UI never waits: an empty pipe is said so.
    if (workerId === LAB_ID) return fail('Empty', 'nothing to receive yet (the lab does not wait; a worker would)');
    return park(
      this.ctx,
      { workerId, op: mode === 'peek' ? 'pipe_poll' : mode === 'recv' ? 'pipe_recv' : 'pipe_recv_bytes', timeout },
      { end, mode, maxlength },
      (reader) => {
        this.readers.push(reader);
        if (mode === 'peek') this.ctx.fact({ op: 'pipe.pollWait', actor: workerId, primitive: this.name, timeoutMs: timeoutArg(timeoutMs(timeout)) });
        else this.ctx.fact({ op: 'pipe.recvWait', actor: workerId, primitive: this.name, how: mode === 'recv' ? 0 : 1 });
      },
      // Only poll has a timeout; a timed-out poll answers false.
      (reader) => {
        if (this.readers.remove(reader)) this.endWait(reader, ok(false));
      },
    );
  }

  /** What a recv or poll at `end` gets right now, or null if it must wait. */
  private answer(workerId: string, end: End, mode: Reader['mode'], maxlength: number | null): SyncReply | null {
    // A reader still parked on an end that a "bad message length" just closed or made unreadable.
    if (this.closed[end]) return fail('OSError', CLOSED);
    if (!this.readable[end]) return fail('OSError', WRITE_ONLY);
    const inbox = this.inbox[end];
    const next = inbox[0];
    if (next !== undefined) {
      if (mode === 'peek') return ok(true);
      if (maxlength !== null && next.bytes > maxlength) return this.badLength(workerId, end);
      inbox.shift();
      this.buffered[end] -= next.bytes;
      this.ctx.budget.refund(this.name, next.cost);
      this.received += 1;
      rememberActor(this.receiversSeen, workerId);
      this.ctx.fact({ op: 'pipe.recv', actor: workerId, primitive: this.name, bytes: next.bytes });
      this.wakeSenders(end);
      return next.kind === 'object' ? ok(next.item) : { ok: true, value: next.data, bytes: true };
    }
    // Nothing to read and nobody left to send: EOF (poll says true, as Python's does, so recv can raise).
    if (this.closed[other(end)]) return mode === 'peek' ? ok(true) : fail('EOFError', 'the other end of the pipe is closed');
    return null;
  }

  /**
   * CPython has read the message's length and not its body, so the stream cannot be read any more: the end
   * stops being readable (a one-way end is closed). The message stays in flight, as its bytes stay in the OS pipe.
   */
  private badLength(workerId: string, end: End): SyncReply {
    if (this.duplex) this.readable[end] = false;
    else this.close(workerId, end);
    return fail('OSError', 'bad message length');
  }

  private wakeReaders(end: End): void {
    for (const reader of this.readers.waiting().filter((each) => each.end === end)) {
      const reply = this.answer(reader.workerId, end, reader.mode, reader.maxlength);
      if (reply === null) break;
      if (!this.readers.remove(reader)) continue;
      // A message received is its `pipe.recv` (answer states it); a poll answered, EOF or an error is not.
      if (reader.mode !== 'peek' && reply.ok) reader.settle(reply);
      else this.endWait(reader, reply);
    }
  }

  /** Room was made at `end`: blocked senders towards it go on, in order, while it lasts. */
  private wakeSenders(end: End): void {
    for (const sender of this.senders.waiting().filter((each) => other(each.end) === end)) {
      if (!this.fits(end, sender.message.bytes)) break;
      if (!this.senders.remove(sender)) continue;
      const refused = this.deliver(sender.workerId, sender.end, sender.message);
      if (refused === null) sender.settle(ok());
      else this.endWait(sender, refused);
    }
  }

  workerEnded(workerId: string): boolean {
    if (this.readers.cancelWorker(workerId) + this.senders.cancelWorker(workerId) > 0) this.ctx.fact({ op: 'wait.ended', actor: workerId, primitive: this.name });
    return false;
  }

  snapshot(): PrimitiveSnapshot {
    const inFlight = this.inbox[0].length + this.inbox[1].length;
    const closed = this.closed.flatMap((isClosed, end) => (isClosed ? [`end ${end} closed`] : []));
    return {
      ...emptySnapshot(this.name, this.kind),
      waiters: [...this.readers.snapshot(), ...this.senders.snapshot()],
      depth: inFlight,
      bytes: this.buffered[0] + this.buffered[1],
      puts: this.sent,
      gets: this.received,
      producers: [...this.sendersSeen],
      consumers: [...this.receiversSeen],
      contents: `${this.duplex ? 'duplex' : 'one-way (0 receives, 1 sends)'}${closed.length > 0 ? `; ${closed.join(', ')}` : ''}`,
    };
  }
}
