import type { Item, SyncErrorType, SyncReply, SyncRequest } from '../shared/sync';
import type { HostMessage, WorkerMessage } from '../shared/worker-wire';

/** A failed request, named as Python names it: RuntimeError, ValueError, Full, Empty, BrokenBarrierError... */
export class SyncError extends Error {
  constructor(
    readonly type: SyncErrorType,
    message: string,
  ) {
    super(`${type}: ${message}`);
    this.name = type;
  }
}

export interface SyncChannel {
  send(message: WorkerMessage): void;
  /** Calls back with every message from the host. */
  onMessage(handler: (message: HostMessage) => void): void;
}

/** Timeouts are seconds, as in Python; undefined or null waits for ever. */
type Timeout = number | null | undefined;

/**
 * A worker's handle on the lab's primitives: every call is a request to the host's broker, answered over
 * the worker's own channel (parentPort for a thread, IPC for a forked process). The API follows Python's
 * names, made async: `await lock.acquire()`.
 */
export class LabSync {
  private nextId = 1;
  private readonly pending = new Map<number, (reply: SyncReply) => void>();
  /** Keeps the worker alive while it waits for the host (a thread's port is unref'd). */
  private keepAlive: ReturnType<typeof setInterval> | null = null;
  /** Set when the last acquire got a lock whose owner died holding it (robust-mutex policy). */
  ownerDied: string | null = null;

  private listening = false;

  constructor(private readonly channel: SyncChannel) {}

  /** Listens for replies only once a request is made: a listener on a process's IPC channel keeps it open. */
  private listen(): void {
    if (this.listening) return;
    this.listening = true;
    this.channel.onMessage((message) => {
      if (message?.type !== 'syncReply') return;
      const resolve = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (this.pending.size === 0 && this.keepAlive !== null) {
        clearInterval(this.keepAlive);
        this.keepAlive = null;
      }
      resolve?.(message.reply);
    });
  }

  /** One request; resolves with its value, or throws the SyncError Python would raise. */
  async call(request: SyncRequest): Promise<Item> {
    this.listen();
    const id = this.nextId++;
    const reply = await new Promise<SyncReply>((resolve) => {
      this.pending.set(id, resolve);
      this.keepAlive ??= setInterval(() => undefined, 1 << 30);
      this.channel.send({ type: 'sync', id, request });
    });
    if (!reply.ok) throw new SyncError(reply.error, reply.message);
    this.ownerDied = reply.ownerDied ?? null;
    return reply.value;
  }

  /** Lock, RLock, Semaphore, BoundedSemaphore, and a Condition's lock. */
  lock(name: string) {
    return {
      acquire: async (blocking = true, timeout?: Timeout) => (await this.call({ op: 'acquire', name, blocking, timeout: timeout ?? null })) === true,
      release: async (n = 1) => void (await this.call({ op: 'release', name, n })),
    };
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
      ...this.lock(name),
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
      wait: async (timeout?: Timeout) => Number(await this.call({ op: 'wait', name, timeout: timeout ?? null })),
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
      taskDone: async () => void (await this.call({ op: 'task_done', name })),
      join: async () => void (await this.call({ op: 'join', name })),
    };
  }

  array(name: string) {
    return {
      get: async (index: number) => Number(await this.call({ op: 'array_get', name, index })),
      set: async (index: number, value: number) => void (await this.call({ op: 'array_set', name, index, value })),
    };
  }

  /** A Manager().dict(): get raises KeyError for a missing key, as `d[key]` does. */
  dict(name: string) {
    return {
      get: async (key: string) => this.call({ op: 'dict_get', name, key }),
      set: async (key: string, value: Item) => void (await this.call({ op: 'dict_set', name, key, value })),
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
      get: async () => Number(await this.call({ op: 'value_get', name })),
      set: async (value: number) => void (await this.call({ op: 'value_set', name, value })),
    };
  }
}
