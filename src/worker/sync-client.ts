import { COUNT, FREE_SLOW, INDEX_MASK, RETIRED, STATE, WAITERS, type LockAttachment } from '../shared/lock-cell';
import type { Item, SyncErrorType, SyncReply, SyncRequest } from '../shared/sync';
import type { HostMessage, WorkerMessage } from '../shared/worker-wire';

/**
 * A failed request, named as Python names it: RuntimeError, ValueError, Full, Empty, BrokenBarrierError...
 * Made by `syncError`, whose instances belong to a subclass named after the type: an uncaught one then
 * prints, and ends its worker, as Python's last traceback line reads ("OSError: handle is closed"), where
 * Node would print "SyncError [OSError]: ..." for a class whose name is not the error's.
 */
export class SyncError extends Error {
  constructor(
    readonly type: SyncErrorType,
    message: string,
  ) {
    super(message);
    this.name = type;
  }
}

const errorClasses = new Map<SyncErrorType, typeof SyncError>();

/** The SyncError of `type`, of a class named `type` (so that its stack, too, begins "Type: message"). */
export function syncError(type: SyncErrorType, message: string): SyncError {
  let named = errorClasses.get(type);
  if (named === undefined) {
    named = class extends SyncError {};
    Object.defineProperty(named, 'name', { value: type });
    // On the prototype as well, so the stack is captured under the type's name.
    Object.defineProperty(named.prototype, 'name', { value: type, writable: true, configurable: true });
    errorClasses.set(type, named);
  }
  return new named(type, message);
}

export interface SyncChannel {
  send(message: WorkerMessage): void;
  /** Calls back with every message from the host. */
  onMessage(handler: (message: HostMessage) => void): void;
}

/** Timeouts are seconds, as in Python; undefined or null waits for ever. */
type Timeout = number | null | undefined;

export interface LabSyncOptions {
  /** A thread worker shares memory with the host: Locks and RLocks take the fast path (lock-cell.ts). */
  readonly sharedMemory?: boolean;
}

/** A Lock's or RLock's cell as this worker uses it. */
interface AttachedLock {
  readonly cell: Int32Array;
  readonly index: number;
  readonly recursive: boolean;
}

/**
 * How many times a blocking acquire looks at a lock another thread holds (without waiters) before asking
 * the broker to queue it: a fast-path holder usually lets go within a few hundred nanoseconds, and a
 * queued wait costs message round trips (tens of microseconds). Bounded, so a long hold costs little.
 */
const SPINS = 20_000;

// Settled promises shared by every fast-path call, so that path allocates nothing.
const TRUE = Promise.resolve(true);
const FALSE = Promise.resolve(false);
const DONE = Promise.resolve();

/**
 * A worker's handle on the lab's primitives: every call is a request to the host's broker, answered over
 * the worker's own channel (parentPort for a thread, IPC for a forked process). The API follows Python's
 * names, made async: `await lock.acquire()`. In a thread, Locks and RLocks first try their shared cell:
 * an uncontended acquire or release is one atomic operation, and only waiting (or waking a waiter) goes
 * to the broker.
 */
export class LabSync {
  private nextId = 1;
  private readonly pending = new Map<number, (message: HostMessage) => void>();
  /**
   * Keeps the worker alive while it waits for the host (a thread's port is unref'd): one timer, ref'd only
   * while a request is pending. A timer made and cleared per request cost about 1 µs of a brokered
   * operation's 20 (bench: lock.process.ratio).
   */
  private keepAlive: ReturnType<typeof setInterval> | null = null;
  /** Set when the last acquire got a lock whose owner died holding it (robust-mutex policy). */
  ownerDied: string | null = null;

  private listening = false;
  private readonly sharedMemory: boolean;
  /** Per lock name: its cell, null when it stays brokered, or the attach under way. */
  private readonly attached = new Map<string, AttachedLock | null | Promise<AttachedLock | null>>();

  constructor(
    private readonly channel: SyncChannel,
    options: LabSyncOptions = {},
  ) {
    this.sharedMemory = options.sharedMemory === true;
  }

  /** Listens for replies only once a request is made: a listener on a process's IPC channel keeps it open. */
  private listen(): void {
    if (this.listening) return;
    this.listening = true;
    this.channel.onMessage((message) => {
      if (message?.type !== 'syncReply' && message?.type !== 'syncAttached') return;
      const resolve = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (this.pending.size === 0) this.keepAlive?.unref();
      resolve?.(message);
    });
  }

  /** Sends a message carrying a fresh id; resolves with the host's answer to it. */
  private ask(build: (id: number) => WorkerMessage): Promise<HostMessage> {
    this.listen();
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
  private callThen<T>(request: SyncRequest, map: (value: Item) => T): Promise<T> {
    return this.reply(request).then((reply) => {
      this.ownerDied = reply.ownerDied ?? null;
      return map(reply.value);
    });
  }

  /** One request's whole successful reply (a Barrier's `runAction` included); failures throw. */
  private reply(request: SyncRequest): Promise<Extract<SyncReply, { ok: true }>> {
    return this.ask((id) => ({ type: 'sync', id, request })).then((message) => {
      const reply: SyncReply = message.type === 'syncReply' ? message.reply : { ok: false, error: 'RuntimeError', message: 'the lab answered out of turn' };
      if (!reply.ok) throw syncError(reply.error, reply.message);
      return reply;
    });
  }

  /** The lock's cell, asked for once per name; null when this worker cannot share memory or it is not a Lock/RLock. */
  private attach(name: string): AttachedLock | null | Promise<AttachedLock | null> {
    const known = this.attached.get(name);
    if (known !== undefined) return known;
    if (!this.sharedMemory) {
      this.attached.set(name, null);
      return null;
    }
    const asked = this.ask((id) => ({ type: 'syncAttach', id, name })).then((message) => {
      const lock: LockAttachment | null = message.type === 'syncAttached' ? message.lock : null;
      const attached = lock === null ? null : { cell: new Int32Array(lock.cell), index: lock.index, recursive: lock.recursive };
      this.attached.set(name, attached);
      return attached;
    });
    this.attached.set(name, asked);
    return asked;
  }

  /**
   * acquire() on the cell: a settled promise, or null when the broker must decide (it is held and this
   * call blocks, its owner died, or the arguments are ones the broker refuses, in its words).
   */
  private fastAcquire(lock: AttachedLock, blocking: boolean, timeout: Timeout): Promise<boolean> | null {
    if (blocking !== true && blocking !== false) return null;
    if (timeout !== undefined && timeout !== null && (!blocking || !(timeout >= 0 && timeout <= 86_400))) return null;
    const { cell, index } = lock;
    let state = Atomics.compareExchange(cell, STATE, 0, index);
    if (state === 0) return this.took(lock);
    const holder = state & INDEX_MASK;
    if (holder === index) {
      if (!lock.recursive) return blocking && timeout !== 0 ? null : this.refused();
      Atomics.add(cell, COUNT, 1);
      this.ownerDied = null;
      return TRUE;
    }
    if (state === FREE_SLOW || state === RETIRED) return null;
    if (!blocking || timeout === 0) return this.refused();
    // Held by another, nobody queued: it is usually let go within moments. Once WAITERS is set, the broker
    // serves the queue in order, so join it.
    for (let spin = 0; spin < SPINS && (state & WAITERS) === 0; spin++) {
      if (state === 0) {
        state = Atomics.compareExchange(cell, STATE, 0, index);
        if (state === 0) return this.took(lock);
      } else {
        state = Atomics.load(cell, STATE);
      }
    }
    return null;
  }

  private took(lock: AttachedLock): Promise<boolean> {
    if (lock.recursive) Atomics.store(lock.cell, COUNT, 1);
    this.ownerDied = null;
    return TRUE;
  }

  private refused(): Promise<boolean> {
    this.ownerDied = null;
    return FALSE;
  }

  /** release() on the cell: settled (or rejected with Python's error), or null when the broker must hand the lock on. */
  private fastRelease(lock: AttachedLock): Promise<void> | null {
    const { cell, index } = lock;
    const state = Atomics.load(cell, STATE);
    const holder = state & INDEX_MASK;
    if (holder !== index) {
      if (state === RETIRED) return null;
      if (holder === 0) return Promise.reject(syncError('RuntimeError', lock.recursive ? 'cannot release un-acquired lock' : 'release unlocked lock'));
      // Python lets any thread release a Lock (the broker does it); an RLock only by its owner.
      return lock.recursive ? Promise.reject(syncError('RuntimeError', 'cannot release un-acquired lock')) : null;
    }
    if (lock.recursive && Atomics.load(cell, COUNT) > 1) {
      Atomics.sub(cell, COUNT, 1);
    } else if ((state & WAITERS) !== 0 || Atomics.compareExchange(cell, STATE, state, 0) !== state) {
      return null;
    }
    this.ownerDied = null;
    return DONE;
  }

  /** Lock, RLock, Semaphore, BoundedSemaphore, and a Condition's lock. */
  lock(name: string) {
    return this.lockHandle(name, true);
  }

  /** `fast`: may try the shared cell (asked for at first use); a Condition's own handle never does. */
  private lockHandle(name: string, fast: boolean) {
    const slowAcquire = (blocking: boolean, timeout: Timeout) => this.callThen({ op: 'acquire', name, blocking, timeout: timeout ?? null }, (value) => value === true);
    const slowRelease = (n: number) => this.callThen({ op: 'release', name, n }, () => undefined);
    let lock: AttachedLock | null | undefined = fast ? undefined : null;
    /** The lock was deleted (and its name maybe given to a new one): forget its cell and ask again. */
    const forgetIfRetired = (attached: AttachedLock): boolean => {
      if (Atomics.load(attached.cell, STATE) !== RETIRED) return false;
      if (this.attached.get(name) === attached) this.attached.delete(name);
      lock = undefined;
      return true;
    };
    const acquire = (blocking = true, timeout?: Timeout): Promise<boolean> => {
      if (lock === undefined) {
        const found = this.attach(name);
        if (found instanceof Promise) return found.then(() => acquire(blocking, timeout));
        lock = found;
      }
      if (lock === null) return slowAcquire(blocking, timeout);
      const done = this.fastAcquire(lock, blocking, timeout);
      if (done !== null) return done;
      return forgetIfRetired(lock) ? acquire(blocking, timeout) : slowAcquire(blocking, timeout);
    };
    const release = (n = 1): Promise<void> => {
      if (lock === undefined) {
        const found = this.attach(name);
        if (found instanceof Promise) return found.then(() => release(n));
        lock = found;
      }
      if (lock === null || n !== 1) return slowRelease(n);
      const done = this.fastRelease(lock);
      if (done !== null) return done;
      return forgetIfRetired(lock) ? release(n) : slowRelease(n);
    };
    /**
     * acquire(blocking=False) answered synchronously when the shared cell can tell: true (taken), false
     * (another worker holds it). null when only the host can tell (not attached yet: the first acquire or
     * release attaches; not a thread; the owner died): then `await acquire(false)`. No `await` at all on
     * the fast path, which is what a hot loop needs.
     */
    const acquireNow = (): boolean | null => {
      if (lock === undefined || lock === null) return null;
      const { cell, index } = lock;
      const state = Atomics.compareExchange(cell, STATE, 0, index);
      if (state === 0) {
        if (lock.recursive) Atomics.store(cell, COUNT, 1);
        this.ownerDied = null;
        return true;
      }
      if (state === FREE_SLOW || state === RETIRED) return null;
      if ((state & INDEX_MASK) === index && lock.recursive) {
        Atomics.add(cell, COUNT, 1);
        return true;
      }
      // Held by another, or a plain Lock this worker holds already: acquire(False) is False.
      return false;
    };
    /** release() done synchronously on the cell (true); false when it must go through `await release()`. */
    const releaseNow = (): boolean => {
      if (lock === undefined || lock === null) return false;
      const { cell, index } = lock;
      const state = Atomics.load(cell, STATE);
      if (state !== index) return false;
      if (lock.recursive && Atomics.load(cell, COUNT) > 1) {
        Atomics.sub(cell, COUNT, 1);
        return true;
      }
      return Atomics.compareExchange(cell, STATE, index, 0) === index;
    };
    return { acquire, release, acquireNow, releaseNow };
  }

  event(name: string) {
    return {
      set: async () => void (await this.call({ op: 'set', name })),
      clear: async () => void (await this.call({ op: 'clear', name })),
      isSet: async () => (await this.call({ op: 'is_set', name })) === true,
      wait: async (timeout?: Timeout) => (await this.call({ op: 'wait', name, timeout: timeout ?? null })) === true,
    };
  }

  condition(name: string) {
    const wait = async (timeout?: Timeout) => (await this.call({ op: 'wait', name, timeout: timeout ?? null })) === true;
    return {
      ...this.lockHandle(name, false),
      wait,
      /** Python's wait_for: waits until `predicate` holds, re-checked after every wake-up; false on timeout. */
      waitFor: async (predicate: () => boolean | Promise<boolean>, timeout?: Timeout) => {
        const deadline = timeout === undefined || timeout === null ? null : Date.now() + timeout * 1000;
        let result = await predicate();
        while (!result) {
          const left = deadline === null ? null : (deadline - Date.now()) / 1000;
          if (left !== null && left <= 0) break;
          await wait(left);
          result = await predicate();
        }
        return result;
      },
      notify: async (n = 1) => void (await this.call({ op: 'notify', name, n })),
      notifyAll: async () => void (await this.call({ op: 'notify_all', name })),
    };
  }

  barrier(name: string) {
    return {
      /**
       * Python's wait(); `action` is what this worker runs if it is the one to trip a Barrier created with
       * an action (the others are released when it returns; if it throws, the barrier breaks).
       */
      wait: async (timeout?: Timeout, action?: () => unknown) => {
        const reply = await this.reply({ op: 'wait', name, timeout: timeout ?? null });
        if (reply.runAction === true) {
          try {
            await action?.();
          } catch (error) {
            await this.call({ op: 'action_done', name, failed: true });
            throw error;
          }
          await this.call({ op: 'action_done', name, failed: false });
        }
        return Number(reply.value);
      },
      abort: async () => void (await this.call({ op: 'abort', name })),
      reset: async () => void (await this.call({ op: 'reset', name })),
    };
  }

  queue(name: string) {
    return {
      put: async (item: Item, block = true, timeout?: Timeout, priority?: number) =>
        void (await this.call({ op: 'put', name, item, block, timeout: timeout ?? null, ...(priority === undefined ? {} : { priority }) })),
      get: async (block = true, timeout?: Timeout) => this.call({ op: 'get', name, block, timeout: timeout ?? null }),
      putNowait: async (item: Item) => void (await this.call({ op: 'put', name, item, block: false })),
      getNowait: async () => this.call({ op: 'get', name, block: false }),
      qsize: async () => Number(await this.call({ op: 'qsize', name })),
      empty: async () => Number(await this.call({ op: 'qsize', name })) === 0,
      full: async () => (await this.call({ op: 'full', name })) === true,
      taskDone: async () => void (await this.call({ op: 'task_done', name })),
      join: async () => void (await this.call({ op: 'join', name })),
    };
  }

  array(name: string) {
    return {
      getLock: () => this.lock(`${name}.lock`),
      get: async (index: number) => Number(await this.call({ op: 'array_get', name, index })),
      set: async (index: number, value: number) => void (await this.call({ op: 'array_set', name, index, value })),
      /** `a[:] = [value] * len(a)`. */
      fill: async (value = 0) => void (await this.call({ op: 'array_fill', name, value })),
    };
  }

  /** A Manager().dict(): get raises KeyError for a missing key, as `d[key]` does. */
  dict(name: string) {
    return {
      get: async (key: string) => this.call({ op: 'dict_get', name, key }),
      set: async (key: string, value: Item) => void (await this.call({ op: 'dict_set', name, key, value })),
      /** `del d[key]`: KeyError if missing. */
      delete: async (key: string) => void (await this.call({ op: 'dict_delete', name, key })),
      clear: async () => void (await this.call({ op: 'dict_clear', name })),
    };
  }

  /** `conn0, conn1 = Pipe()`: one connection object per end. */
  pipe(name: string) {
    const connection = (end: 0 | 1) => ({
      send: async (item: Item) => void (await this.call({ op: 'pipe_send', name, end, item })),
      recv: async () => this.call({ op: 'pipe_recv', name, end }),
      poll: async (timeout: Timeout = 0) => (await this.call({ op: 'pipe_poll', name, end, timeout: timeout ?? null })) === true,
      close: async () => void (await this.call({ op: 'pipe_close', name, end })),
    });
    return [connection(0), connection(1)] as const;
  }

  timer(name: string) {
    return {
      start: async () => void (await this.call({ op: 'timer_start', name })),
      cancel: async () => void (await this.call({ op: 'timer_cancel', name })),
    };
  }

  value(name: string) {
    return {
      /** The RLock of a Value created with `lock: true` (Python's get_lock()). */
      getLock: () => this.lock(`${name}.lock`),
      get: async () => Number(await this.call({ op: 'value_get', name })),
      set: async (value: number) => void (await this.call({ op: 'value_set', name, value })),
    };
  }
}
