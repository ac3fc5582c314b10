import { QUEUE_GET, QUEUE_PUT, QUEUE_TASK_DONE, queueWord } from '../../shared/fast-path-ring';
import { FLAG_RETIRED, MAX_FAST_RECORD, QueueRing } from '../../shared/queue-ring';
import type { Item } from '../../shared/sync';
import { TIMEOUT_OVERFLOW_S } from '../../shared/timeouts';
import type { LockCells } from './lock-handle';
import type { Requester, Timeout } from './requester';
import type { RingWriter } from './ring-writer';

/** A queue's ring as this thread uses it, with the ring words of its ops. */
interface AttachedQueue {
  readonly ring: QueueRing;
  readonly index: number;
  readonly writer: RingWriter | null;
  readonly putWord: number;
  readonly getWord: number;
  readonly taskDoneWord: number;
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
 * A blocking put on a full ring (a get on an empty one) waits a little on the ring before it asks the broker
 * to park it: another thread usually makes room (or an item) soon, and a parked wait costs message round
 * trips and closes the fast path for everyone while it lasts. First a few looks, then futex sleeps of
 * SLEEP_MS (the peer's put or get wakes it at once), WAIT_SLEEPS of them at most: bounded, so the thread
 * hears its own messages (a stop) within about 20 ms.
 */
const WAIT_SPINS = 2_000;
const SLEEP_MS = 2;
const WAIT_SLEEPS = 10;

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
      void this.cells.askAttach(name).then(({ message, ring, slot }) => {
        const queue = message?.queue ?? null;
        use.attached =
          queue === null
            ? null
            : { ring: new QueueRing(queue.ring), index: queue.index, writer: ring, putWord: queueWord(QUEUE_PUT, slot), getWord: queueWord(QUEUE_GET, slot), taskDoneWord: queueWord(QUEUE_TASK_DONE, slot) };
      });
      return null;
    }
    if (attached === null || attached === 'asking' || use.closed || !this.requester.idle) return null;
    if ((attached.ring.flags & FLAG_RETIRED) !== 0) {
      // Deleted: the name may be another queue's now, or none (KeyError): ask again, through the broker.
      use.attached = undefined;
      return null;
    }
    if (attached.writer !== null && !attached.writer.ready()) return null;
    return attached;
  }
}

/** A timeout the broker would accept without a word, for a call that does not block. */
const plainTimeout = (timeout: Timeout): boolean => timeout === undefined || timeout === null || (typeof timeout === 'number' && timeout >= 0 && timeout < TIMEOUT_OVERFLOW_S);

/**
 * Waits (outside the section) while COUNT stays `count`: true to look again, false when the wait is over
 * (its bound, or a flag: the broker has waiters, so the call goes there).
 */
function waitWhile(ring: QueueRing, count: number): boolean {
  for (let spin = 0; spin < WAIT_SPINS; spin++) {
    if (ring.flags !== 0) return false;
    if (ring.count !== count) return true;
  }
  for (let sleeps = 0; sleeps < WAIT_SLEEPS; sleeps++) {
    ring.sleep(count, SLEEP_MS);
    if (ring.flags !== 0) return false;
    if (ring.count !== count) return true;
  }
  return false;
}

/** put on the ring: true when done; false when the broker must do it (full, waiters, an item the ring does not take). */
function fastPut(queue: AttachedQueue, item: Item, wait: boolean): boolean {
  const ring = queue.ring;
  if (ring.flags !== 0 || !ring.enter(queue.index, SPINS)) return false;
  while (wait && ring.full && ring.flags === 0) {
    // Full: let a getter in, and look again once it has taken one.
    const count = ring.count;
    ring.leave();
    if (!waitWhile(ring, count) || !ring.enter(queue.index, SPINS)) return false;
  }
  if (ring.flags !== 0 || ring.full || !ring.put(item, false, MAX_FAST_RECORD)) {
    ring.leave();
    return false;
  }
  const depth = ring.count;
  ring.leave();
  queue.writer?.put(queue.putWord, depth);
  return true;
}

/** get on the ring: the item, or `undefined` when the broker must answer (empty, waiters). */
function fastGet(queue: AttachedQueue, wait: boolean): Item | undefined {
  const ring = queue.ring;
  if (ring.flags !== 0 || !ring.enter(queue.index, SPINS)) return undefined;
  while (wait && ring.count === 0 && ring.flags === 0) {
    // Empty: let a putter in, and look again once it has put one.
    ring.leave();
    if (!waitWhile(ring, 0) || !ring.enter(queue.index, SPINS)) return undefined;
  }
  if (ring.flags !== 0 || ring.count === 0) {
    ring.leave();
    return undefined;
  }
  const item = ring.take();
  const depth = ring.count;
  ring.leave();
  queue.writer?.put(queue.getWord, depth);
  return item;
}

/** task_done on the ring: true when done; false when the broker must (joiners wait, or none is unfinished: its ValueError). */
function fastTaskDone(queue: AttachedQueue): boolean {
  const ring = queue.ring;
  if (ring.flags !== 0 || !ring.enter(queue.index, SPINS)) return false;
  if (ring.flags !== 0 || !ring.taskDone()) {
    ring.leave();
    return false;
  }
  const unfinished = ring.unfinished;
  ring.leave();
  queue.writer?.put(queue.taskDoneWord, unfinished);
  return true;
}

const DONE = Promise.resolve();

/** Only a call that waits for ever waits on the ring first: a timed one goes to the broker at once, which times it exactly. */
const forever = (timeout: Timeout): boolean => timeout === undefined || timeout === null;

export function queueHandle(requester: Requester, rings: QueueRings, name: string) {
  const use = rings.use(name);
  const slowPut = (item: Item, block: boolean, timeout: Timeout, priority?: number) =>
    requester.callThen({ op: 'put', name, item, block, timeout: timeout ?? null, ...(priority === undefined ? {} : { priority }) }, () => undefined);
  const slowGet = (block: boolean, timeout: Timeout) => requester.call({ op: 'get', name, block, timeout: timeout ?? null });
  const put = (item: Item, block = true, timeout?: Timeout, priority?: number): Promise<void> => {
    const queue = rings.ready(use, name);
    if (queue !== null && use.putSeen && priority === undefined && typeof block === 'boolean' && plainTimeout(timeout) && fastPut(queue, item, block && forever(timeout))) return DONE;
    use.putSeen = true;
    return slowPut(item, block, timeout, priority);
  };
  const get = (block = true, timeout?: Timeout): Promise<Item> => {
    const queue = rings.ready(use, name);
    if (queue !== null && use.getSeen && typeof block === 'boolean' && plainTimeout(timeout)) {
      const item = fastGet(queue, block && forever(timeout));
      if (item !== undefined) return Promise.resolve(item);
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
      return requester.callThen({ op: 'task_done', name }, () => undefined);
    },
    join: async () => void (await requester.call({ op: 'join', name })),
    /** multiprocessing.Queue.close(): this worker's later puts and gets raise ValueError; other workers' go on. */
    close: async () => {
      use.closed = true;
      await requester.call({ op: 'close', name });
    },
    /** queue.Queue.shutdown(immediate) (Python 3.13): blocked and later puts raise ShutDown, gets once it is empty. */
    shutdown: async (immediate = false) => void (await requester.call({ op: 'shutdown', name, immediate })),
    isShutdown: async () => (await requester.call({ op: 'is_shutdown', name })) === true,
  };
}
