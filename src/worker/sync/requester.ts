import type { CreatePrimitiveInput, Item, SyncReply, SyncRequest } from '../../shared/sync';
import type { WorkerQuery } from '../../shared/worker-query';
import type { HostMessage, WorkerMessage } from '../../shared/worker-wire';
import { syncError } from './sync-error';

export interface SyncChannel {
  send(message: WorkerMessage): void;
  /** Calls back with every message from the host. */
  onMessage(handler: (message: HostMessage) => void): void;
}

/** Timeouts are seconds, as in Python; undefined or null waits for ever. */
export type Timeout = number | null | undefined;

/**
 * The worker's end of its requests to the host's broker: each one carries a fresh id and is answered over the
 * worker's own channel (parentPort for a thread, IPC for a forked process).
 */
export class Requester {
  private nextId = 1;
  private readonly pending = new Map<number, (message: HostMessage) => void>();
  /**
   * Keeps the worker alive while it waits for the host (a thread's port is unref'd): one timer, ref'd only
   * while a request is pending. A timer made and cleared per request cost about 1 µs of a brokered
   * operation's 20 (bench: lock.process.ratio).
   */
  private keepAlive: ReturnType<typeof setInterval> | null = null;
  /** Waits on a lock's cell under way (cell-wait.ts): they keep the worker alive too, as a request does. */
  private waitsOnCells = 0;
  private listening = false;
  /** Set when the last acquire got a lock whose owner died holding it (robust-mutex policy). */
  ownerDied: string | null = null;
  /** Called before every message to the host: the fast-path ring publishes, so the host keeps facts in order. */
  beforeAsk: (() => void) | null = null;

  constructor(private readonly channel: SyncChannel) {}

  /** No request is waiting for its answer: a fast-path operation now cannot overtake one this worker sent. */
  get idle(): boolean {
    return this.pending.size === 0;
  }

  /** Listens for replies only once a request is made: a listener on a process's IPC channel keeps it open. */
  private listen(): void {
    if (this.listening) return;
    this.listening = true;
    this.channel.onMessage((message) => {
      if (message?.type !== 'syncReply' && message?.type !== 'syncAttached' && message?.type !== 'poolReply') return;
      const resolve = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (this.pending.size === 0 && this.waitsOnCells === 0) this.keepAlive?.unref();
      resolve?.(message);
    });
  }

  /**
   * Keeps the worker alive until `wait` settles: a pending Atomics.waitAsync does not keep Node's event
   * loop alive by itself, and a script awaiting a lock must not end as if it had nothing left to do.
   */
  whileWaiting<T>(wait: Promise<T>): Promise<T> {
    this.waitsOnCells++;
    (this.keepAlive ??= setInterval(() => undefined, 1 << 30)).ref();
    const done = () => {
      if (--this.waitsOnCells === 0 && this.pending.size === 0) this.keepAlive?.unref();
    };
    return wait.finally(done);
  }

  /** Sends a message that is never answered (a thread's ring batch): not preceded by `beforeAsk`. */
  tell(message: WorkerMessage): void {
    this.channel.send(message);
  }

  /** Sends a message carrying a fresh id; resolves with the host's answer to it. */
  ask(build: (id: number) => WorkerMessage): Promise<HostMessage> {
    this.listen();
    this.beforeAsk?.();
    const id = this.nextId++;
    return new Promise<HostMessage>((resolve) => {
      this.pending.set(id, resolve);
      (this.keepAlive ??= setInterval(() => undefined, 1 << 30)).ref();
      this.channel.send(build(id));
    });
  }

  /** One request; resolves with its value, or throws the SyncError Python would raise. */
  call(request: SyncRequest): Promise<Item> {
    return this.callThen(request, (value) => value);
  }

  /**
   * One request, its value mapped. Promise callbacks, not async functions, on this path: each async layer
   * costs a promise and a turn of the microtask queue, and a process's lock pair is nothing but these
   * calls (three layers fewer took about 5% off it; bench: lock.process.ratio).
   */
  callThen<T>(request: SyncRequest, map: (value: Item) => T): Promise<T> {
    return this.reply(request).then((reply) => {
      this.ownerDied = reply.ownerDied ?? null;
      return map(reply.value);
    });
  }

  /** Creates a primitive, as the UI's New primitive does; a refusal (a name taken) throws a ValueError. */
  create(primitive: CreatePrimitiveInput): Promise<void> {
    return this.ask((id) => ({ type: 'syncCreate', id, primitive })).then(succeeded).then(() => undefined);
  }

  /** One request's whole successful reply (a Barrier's `runAction` included); failures throw. */
  reply(request: SyncRequest): Promise<Extract<SyncReply, { ok: true }>> {
    const timeout = 'timeout' in request ? request.timeout : undefined;
    if (typeof timeout === 'number' && !Number.isFinite(timeout)) {
      // JSON (a process's channel) would carry these as null, "wait for ever". NaN is CPython's ValueError;
      // an infinite timeout travels as the largest finite number, so the host raises Python's error for it
      // (OverflowError, or for -Infinity the refusal of a negative timeout).
      if (Number.isNaN(timeout)) return Promise.reject(syncError('ValueError', 'Invalid value NaN (not a number)'));
      request = { ...request, timeout: timeout > 0 ? Number.MAX_VALUE : -Number.MAX_VALUE } as SyncRequest;
    }
    return this.ask((id) => ({ type: 'sync', id, request })).then(succeeded);
  }

  /** A question about another worker (shared/worker-query.ts), answered as a request is. */
  query(query: WorkerQuery): Promise<Item> {
    return this.ask((id) => ({ type: 'workerQuery', id, query })).then((message) => succeeded(message).value);
  }
}

/** The successful reply in a host's answer; a failure throws the SyncError Python would raise. */
function succeeded(message: HostMessage): Extract<SyncReply, { ok: true }> {
  const reply: SyncReply = message.type === 'syncReply' ? message.reply : { ok: false, error: 'RuntimeError', message: 'the lab answered out of turn' };
  if (!reply.ok) throw syncError(reply.error, reply.message);
  return reply;
}
