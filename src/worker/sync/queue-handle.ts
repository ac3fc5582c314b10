import { FLAG_RETIRED, MAX_FAST_RECORD, QueueRing } from '../../shared/queue-ring';
import type { Item } from '../../shared/sync';
import { TIMEOUT_OVERFLOW_S } from '../../shared/timeouts';
import type { LockCells } from './lock-handle';
import type { QueueBatcher } from './queue-batcher';
import type { Requester, Timeout } from './requester';
import { waitWhile } from './queue-wait';

/** A queue's ring as this thread uses it. */
interface AttachedQueue {
  readonly ring: QueueRing;
  /** This worker's index: who is inside the section, and whose ops the ring's op log records. */
  readonly index: number;
  /** A wake-up of sleeping peers is due when this thread next yields to its event loop (`afterOwnOp`). */
  wakeScheduled: boolean;
  /** Step mode's flag (step-gate.ts): while it is non-zero every op goes to the broker, which holds it. */
  readonly step: Int32Array;
}

/** What this worker knows of one queue name: its ring (once attached), and what must still go to the broker. */
interface QueueUse {
  attached: AttachedQueue | null | 'asking' | undefined;
  /** close() was called here: from now on the broker answers (ValueError), as for any worker. */
  closed: boolean;
  /** The broker has seen this worker put / get (its producers and consumers, and close()'s feeder rule). */
  putSeen: boolean;
  getSeen: boolean;
}

/** How often a thread tries the ring's section before it asks the broker instead. */
const SPINS = 200;
/**
 * The Queue fast path of a thread worker (docs/sync.md, "The fast path for threads' Queues"): puts, gets and
 * task_done on a FIFO Queue's shared ring, without a message, when nothing can block and nobody waits at
 * the broker. Everything else, and every call of a process, is one request to the broker, which uses the
 * same ring. Per name, shared by every handle of that name in this worker.
 */
export class QueueRings {
  private readonly uses = new Map<string, QueueUse>();

  constructor(
    private readonly requester: Requester,
    private readonly cells: LockCells,
  ) {}

  use(name: string): QueueUse {
    let use = this.uses.get(name);
    if (use === undefined) {
      use = { attached: this.cells.shared ? undefined : null, closed: false, putSeen: false, getSeen: false };
      this.uses.set(name, use);
    }
    return use;
  }

  /** The ring when this thread can use it now; starts the attach the first time (that call goes to the broker). */
  ready(use: QueueUse, name: string): AttachedQueue | null {
    const attached = use.attached;
    if (attached === undefined) {
      use.attached = 'asking';
      void this.cells.askAttach(name).then(({ message }) => {
        const queue = message?.queue ?? null;
        use.attached = queue === null ? null : { ring: new QueueRing(queue.ring), index: queue.index, wakeScheduled: false, step: this.cells.stepFlag };
      });
      return null;
    }
    if (attached === null || attached === 'asking' || use.closed || !this.requester.idle) return null;
    if ((attached.ring.flags & FLAG_RETIRED) !== 0) {
      // Deleted: the name may be another queue's now, or none (KeyError): ask again, through the broker.
      use.attached = undefined;
      return null;
    }
    return attached;
  }
}

/** A timeout the broker would accept without a word, for a call that does not block. */
const plainTimeout = (timeout: Timeout): boolean => timeout === undefined || timeout === null || (typeof timeout === 'number' && timeout >= 0 && timeout < TIMEOUT_OVERFLOW_S);

/**
 * After this thread's own op on the ring: a sleeping peer is woken now when a batch is ready for it, else
 * once this thread yields to its event loop (a tight loop of awaited puts does not: its awaits are
 * microtasks), so a sleeper is woken by the item that ends its wait, at most that much later.
 */
function afterOwnOp(queue: AttachedQueue): void {
  const ring = queue.ring;
  if (ring.wakeDue()) {
    ring.wakeNow();
    return;
  }
  if (queue.wakeScheduled || !ring.anyAsleep) return;
  queue.wakeScheduled = true;
  setImmediate(() => {
    queue.wakeScheduled = false;
    ring.wakeNow();
  });
}

/** Why a fast op was not done: the ring is full (or empty, for a get) and the caller may wait on it; or it is the broker's. */
const WAIT = 1;
const BROKER = 2;

/** put on the ring: null when done; WAIT when full; BROKER when the broker must do it (waiters, an item the ring does not take, a full log). */
function fastPut(queue: AttachedQueue, item: Item): typeof WAIT | typeof BROKER | null {
  const ring = queue.ring;
  if (Atomics.load(queue.step, 0) !== 0 || ring.flags !== 0 || !ring.enter(queue.index, SPINS)) return BROKER;
  const outcome = ring.flags !== 0 ? BROKER : ring.full ? WAIT : ring.put(item, false, MAX_FAST_RECORD, queue.index) ? null : BROKER;
  ring.leave();
  if (outcome === null) afterOwnOp(queue);
  return outcome;
}

/** get on the ring: the item in a box; WAIT when empty; BROKER when the broker must answer (waiters, a full log). */
function fastGet(queue: AttachedQueue): { item: Item } | typeof WAIT | typeof BROKER {
  const ring = queue.ring;
  if (Atomics.load(queue.step, 0) !== 0 || ring.flags !== 0 || !ring.enter(queue.index, SPINS)) return BROKER;
  const outcome = ring.flags !== 0 || !ring.logHasRoom ? BROKER : ring.count === 0 ? WAIT : { item: ring.take(queue.index) };
  ring.leave();
  if (typeof outcome === 'object') afterOwnOp(queue);
  return outcome;
}

/** task_done on the ring: true when done; false when the broker must (joiners wait, none is unfinished: its ValueError, a full log). */
function fastTaskDone(queue: AttachedQueue): boolean {
  const ring = queue.ring;
  if (Atomics.load(queue.step, 0) !== 0 || ring.flags !== 0 || !ring.enter(queue.index, SPINS)) return false;
  const done = ring.flags === 0 && ring.taskDone(queue.index);
  ring.leave();
  return done;
}

/** A put that waits for room on the ring; false when it must go to the broker after all. */
async function putWaiting(queue: AttachedQueue, item: Item): Promise<boolean> {
  for (;;) {
    const count = queue.ring.count;
    const outcome = fastPut(queue, item);
    if (outcome === null) return true;
    if (outcome === BROKER || !(await waitWhile(queue.ring, count, false))) return false;
  }
}

/** A get that waits for an item on the ring; undefined when it must go to the broker after all. */
async function getWaiting(queue: AttachedQueue): Promise<{ item: Item } | undefined> {
  for (;;) {
    const outcome = fastGet(queue);
    if (typeof outcome === 'object') return outcome;
    if (outcome === BROKER || !(await waitWhile(queue.ring, 0, true))) return undefined;
  }
}

const DONE = Promise.resolve();

/** Only a call that waits for ever waits on the ring first: a timed one goes to the broker at once, which times it exactly. */
const forever = (timeout: Timeout): boolean => timeout === undefined || timeout === null;

/**
 * A queue's handle. In a thread, put/get/task_done go on the shared ring when they can (above); in a forked
 * process, `batcher` batches them (queue-batcher.ts); a put with a priority, and every other call, is one
 * request as before (a request sends what is batched first).
 */
export function queueHandle(requester: Requester, rings: QueueRings, name: string, batcher?: QueueBatcher) {
  const use = rings.use(name);
  const slowPut = (item: Item, block: boolean, timeout: Timeout, priority?: number) =>
    batcher !== undefined && priority === undefined
      ? batcher.put(item, block, timeout ?? null)
      : requester.callThen({ op: 'put', name, item, block, timeout: timeout ?? null, ...(priority === undefined ? {} : { priority }) }, () => undefined);
  const slowGet = (block: boolean, timeout: Timeout) => (batcher !== undefined ? batcher.get(block, timeout ?? null) : requester.call({ op: 'get', name, block, timeout: timeout ?? null }));
  const put = (item: Item, block = true, timeout?: Timeout, priority?: number): Promise<void> => {
    const queue = rings.ready(use, name);
    if (queue !== null && use.putSeen && priority === undefined && typeof block === 'boolean' && plainTimeout(timeout)) {
      const outcome = fastPut(queue, item);
      if (outcome === null) return DONE;
      // Full: a put that waits for ever waits on the ring first; a timed one goes to the broker, which times it.
      if (outcome === WAIT && block && forever(timeout)) return putWaiting(queue, item).then((done) => (done ? undefined : slowPut(item, block, timeout)));
    }
    use.putSeen = true;
    return slowPut(item, block, timeout, priority);
  };
  const get = (block = true, timeout?: Timeout): Promise<Item> => {
    const queue = rings.ready(use, name);
    if (queue !== null && use.getSeen && typeof block === 'boolean' && plainTimeout(timeout)) {
      const outcome = fastGet(queue);
      if (typeof outcome === 'object') return Promise.resolve(outcome.item);
      if (outcome === WAIT && block && forever(timeout)) return getWaiting(queue).then((got) => (got === undefined ? slowGet(block, timeout) : got.item));
    }
    use.getSeen = true;
    return slowGet(block, timeout);
  };
  return {
    put,
    get,
    putNowait: (item: Item) => put(item, false),
    getNowait: () => get(false),
    qsize: async () => Number(await requester.call({ op: 'qsize', name })),
    empty: async () => (await requester.call({ op: 'empty', name })) === true,
    full: async () => (await requester.call({ op: 'full', name })) === true,
    taskDone: (): Promise<void> => {
      const queue = rings.ready(use, name);
      if (queue !== null && fastTaskDone(queue)) return DONE;
      if (batcher !== undefined) return batcher.taskDone();
      return requester.callThen({ op: 'task_done', name }, () => undefined);
    },
    join: async () => void (await requester.call({ op: 'join', name })),
    /** multiprocessing.Queue.close(): this worker's later puts and gets raise ValueError; other workers' go on. */
    close: async () => {
      use.closed = true;
      batcher?.close();
      await requester.call({ op: 'close', name });
    },
    /** queue.Queue.shutdown(immediate) (Python 3.13): blocked and later puts raise ShutDown, gets once it is empty. */
    shutdown: async (immediate = false) => void (await requester.call({ op: 'shutdown', name, immediate })),
    isShutdown: async () => (await requester.call({ op: 'is_shutdown', name })) === true,
  };
}
