import { rememberActor } from '../../shared/remember';
import { timeoutArg } from '../../shared/facts';
import { emptySnapshot, type Item, type ParsedSyncRequest, type PrimitiveSnapshot, type QueueKind, type SyncOp, type SyncReply } from '../../shared/sync';
import { FLAG_RETIRED, FLAG_SHUTDOWN, FLAG_WAITERS, HOST, QUEUE_RING_BYTES, QueueRing, type QueueAttachment } from '../../shared/queue-ring';
import { createItemStore, type ItemStore, type PriorityKey } from './item-store';
import { costOf } from './memory-budget';
import { fail, ok, type Outcome, type Primitive, type SyncContext, type RequestOf } from './primitive';
import { QueueLogFacts } from './queue-log-facts';
import { SharedQueueStore } from './shared-queue-store';
import { park, WaitQueue, type Parked } from './waiters';

/** A blocked put holds its item until there is room. */
interface PutWaiter extends Parked {
  readonly item: Item;
  readonly priority: PriorityKey;
}

const OPS: ReadonlySet<SyncOp> = new Set<SyncOp>(['put', 'get', 'qsize', 'empty', 'full', 'task_done', 'join', 'close', 'shutdown', 'is_shutdown']);

const FULL = fail('Full', 'queue is full');
const EMPTY = fail('Empty', 'queue is empty');
/** Python raises a bare ShutDown; the lab says what happened. */
const SHUT_DOWN = fail('ShutDown', 'the queue is shut down');

/**
 * How often the broker tries the shared ring's section before it tries again a moment later: a thread is
 * inside for a few hundred nanoseconds, unless it was preempted there or killed (then `workerEnded` frees it).
 */
const HOST_SPINS = 2_000;
const RETRY_MS = 1;

/**
 * PriorityQueue's key: the given priority, else the item itself (True and False count as 1 and 0, as in
 * Python); a list is ordered by its first element, as a `(priority, data)` tuple is (ties: arrival order).
 */
function priorityOf(item: Item, priority: number | undefined): PriorityKey {
  if (priority !== undefined) return priority;
  const key = Array.isArray(item) && item.length > 0 ? item[0] : item;
  if (typeof key === 'boolean') return Number(key);
  if (typeof key === 'number' || typeof key === 'string' || key === null) return key;
  return { unorderable: Array.isArray(key) ? 'list' : 'dict' };
}

/**
 * queue.Queue / LifoQueue / PriorityQueue and multiprocessing.JoinableQueue. maxsize 0 is unbounded.
 * Every kind counts unfinished tasks (queue.Queue has task_done/join too); only JoinableQueue shows them.
 * Invariants after every operation (see `pump`): getters wait only when the queue is empty, putters only
 * when it is full, so waiters are served FIFO and a newcomer never overtakes them.
 */
export class SyncQueue implements Primitive {
  readonly ops = OPS;
  private readonly store: ItemStore;
  /** The items and counts in shared memory, once a thread attached the queue (FIFO kinds only); then `store` is unused. */
  private shared: SharedQueueStore | null = null;
  /** The threads' ops drained from the ring's op log, as facts (made with the ring). */
  private logFacts: QueueLogFacts | null = null;
  /** What the last `observe` saw of the ring (threads change it without the broker). */
  private seenRing = '';
  private readonly getters = new WaitQueue<Parked>();
  private readonly putters = new WaitQueue<PutWaiter>();
  private readonly joiners = new WaitQueue<Parked>();
  private ownUnfinished = 0;
  private puts = 0;
  private gets = 0;
  private readonly producers = new Set<string>();
  private readonly consumers = new Set<string>();
  /** Workers that called close(): a multiprocessing.Queue closes in the process that calls it, only. */
  private readonly closedBy = new Set<string>();
  /** Workers that have put into it: in CPython their process has a feeder thread, which close() ends. */
  private readonly putBy = new Set<string>();
  private isShutdown = false;

  constructor(
    private readonly ctx: SyncContext,
    readonly name: string,
    readonly kind: QueueKind,
    private readonly maxsize: number,
  ) {
    this.store = createItemStore(kind);
  }

  /**
   * A thread's fast path (FIFO Queue and JoinableQueue): the shared ring, made at the first attach and
   * charged to the memory budget whole; the items held so far stay first. Null for other kinds, or when the
   * budget has no room for the ring (the queue stays brokered).
   */
  attach(workerId: string): QueueAttachment | null {
    if (this.kind !== 'Queue' && this.kind !== 'JoinableQueue') return null;
    if (this.shared === null) {
      // Checked first: a queue that stays brokered is no MemoryError of anyone's, so nothing is logged.
      if (this.ctx.budget.used + QUEUE_RING_BYTES > this.ctx.budget.limit || this.ctx.budget.charge(this.name, workerId, QUEUE_RING_BYTES) !== null) return null;
      const ring = QueueRing.create(this.maxsize);
      const earlier: Item[] = [];
      while (this.store.size > 0) earlier.push(this.store.pop());
      this.shared = new SharedQueueStore(ring, earlier);
      const ctx = this.ctx;
      this.logFacts = new QueueLogFacts(this.name, { idOf: (index) => ctx.workers.idOf(index), now: () => ctx.clock.now(), monotonic: () => ctx.clock.monotonic(), fact: (fact) => ctx.factAt(fact) });
      ring.setUnfinished(this.ownUnfinished);
      this.syncFlags();
    }
    return { ring: this.shared.ring.buffer, index: this.ctx.workers.indexOf(workerId) };
  }

  /** Deleted: a thread that still has the ring finds FLAG_RETIRED and asks the host again (KeyError, or the new queue). */
  retire(): void {
    this.shared?.ring.setFlag(FLAG_RETIRED, true);
  }

  handle(workerId: string, request: ParsedSyncRequest): Outcome {
    const ring = this.shared?.ring;
    if (ring === undefined) return this.handleNow(workerId, request);
    // Every change to a shared queue is made inside its section, so a thread's put or get never interleaves.
    if (!ring.enter(HOST, HOST_SPINS)) return this.later(() => this.handle(workerId, request));
    try {
      // The threads' ops first: they happened before this one (their facts, then its own, in order).
      this.logFacts?.drain(ring);
      return this.handleNow(workerId, request);
    } finally {
      this.logFacts?.notBefore(this.ctx.clock.now());
      this.syncFlags();
      ring.leave();
    }
  }

  /** The threads' logged ops as facts, when the section is free now (else at the next look). */
  private drainLog(): number {
    const ring = this.shared?.ring;
    if (ring === undefined || this.logFacts === null || !ring.enter(HOST, HOST_SPINS)) return 0;
    try {
      return this.logFacts.drain(ring);
    } finally {
      ring.leave();
    }
  }

  /** Runs `work` a moment later: a thread is inside the ring's section (preempted there, or killed and not yet reaped). */
  private later(work: () => Outcome): Promise<SyncReply> {
    return new Promise((resolve) => this.ctx.after(RETRY_MS, () => resolve(work())));
  }

  /** The ring's flags as the broker's state says: waiters or shutdown send every thread's operation here. */
  private syncFlags(): void {
    const ring = this.shared?.ring;
    if (ring === undefined) return;
    ring.setFlag(FLAG_WAITERS, this.getters.size + this.putters.size + this.joiners.size > 0);
    ring.setFlag(FLAG_SHUTDOWN, this.isShutdown);
  }

  private get unfinished(): number {
    return this.shared === null ? this.ownUnfinished : this.shared.ring.unfinished;
  }

  private set unfinished(unfinished: number) {
    if (this.shared === null) this.ownUnfinished = unfinished;
    else this.shared.ring.setUnfinished(unfinished);
  }

  private get depth(): number {
    return this.shared === null ? this.store.size : this.shared.size;
  }

  private handleNow(workerId: string, request: ParsedSyncRequest): Outcome {
    switch (request.op) {
      case 'put':
        if (this.closedBy.has(workerId)) return this.closed();
        this.putBy.add(workerId);
        return this.put(workerId, request);
      case 'get':
        return this.closedBy.has(workerId) ? this.closed() : this.get(workerId, request);
      case 'close':
        this.closedBy.add(workerId);
        return ok();
      case 'shutdown':
        this.shutdown(workerId, request.immediate);
        return ok();
      case 'is_shutdown':
        return ok(this.isShutdown);
      case 'qsize':
        return ok(this.depth);
      case 'empty':
        // CPython: close() tells this process's feeder thread (started by its first put) to stop, and the
        // feeder closes the reader as it goes, so empty() (a poll of the reader) raises from then on; a
        // process that never put keeps its reader open. The lab takes the state once the feeder has stopped.
        if (this.closedBy.has(workerId) && this.putBy.has(workerId)) return fail('OSError', 'handle is closed');
        return ok(this.depth === 0);
      case 'full':
        return ok(this.full);
      case 'task_done':
        if (this.unfinished <= 0) return fail('ValueError', 'task_done() called too many times');
        this.unfinished -= 1;
        this.ctx.fact({ op: 'queue.taskDone', actor: workerId, primitive: this.name, unfinished: this.unfinished });
        if (this.unfinished === 0) this.releaseJoiners();
        return ok();
      case 'join':
        if (this.unfinished === 0) return ok();
        return park(
          this.ctx,
          { workerId, op: 'join', timeout: null },
          {},
          (waiter) => {
            this.joiners.push(waiter);
            this.ctx.fact({ op: 'queue.join', actor: workerId, primitive: this.name });
          },
          () => undefined,
        );
      default:
        return fail('TypeError', `a ${this.kind} has no "${request.op}"`);
    }
  }

  /** multiprocessing's words, the queue named where CPython prints its repr ("Queue <...Queue object at 0x7f...> is closed"). */
  private closed(): Outcome {
    return fail('ValueError', `Queue ${this.name} is closed`);
  }

  /**
   * Lib/queue.py's shutdown: from now on puts raise ShutDown, and gets do once the queue is empty; every
   * blocked putter and getter is woken to raise it. `immediate` also drops the items, counting a task done
   * for each, which releases join()ers once no task is left unfinished.
   */
  private shutdown(workerId: string, immediate: boolean): void {
    this.isShutdown = true;
    if (immediate) {
      while (this.depth > 0) {
        this.popItem();
        if (this.unfinished > 0) this.unfinished -= 1;
      }
    }
    this.ctx.fact({ op: 'queue.shutdown', actor: workerId, primitive: this.name, depth: this.depth });
    if (immediate && this.unfinished === 0) this.releaseJoiners();
    // Getters wait only on an empty queue, so all of them raise; putters' items are never put.
    for (const waiter of [...this.getters.drain(), ...this.putters.drain()]) {
      this.ctx.fact({ op: 'wait.ended', actor: waiter.workerId, primitive: this.name });
      waiter.settle(SHUT_DOWN);
    }
  }

  /** No task is unfinished: every join() returns. */
  private releaseJoiners(): void {
    for (const joiner of this.joiners.drain()) {
      this.ctx.fact({ op: 'queue.joined', actor: joiner.workerId, primitive: this.name });
      joiner.settle(ok());
    }
  }

  private get full(): boolean {
    return this.maxsize > 0 && this.depth >= this.maxsize;
  }

  private put(workerId: string, { item, priority, block, timeout }: RequestOf<'put'>): Outcome {
    if (this.isShutdown) return SHUT_DOWN;
    const key = priorityOf(item, priority);
    const refused = this.store.refuses(key);
    if (refused !== null) return fail('TypeError', refused);
    if (!this.full) {
      const refused = this.insert(workerId, item, key);
      if (refused !== null) return refused;
      this.pump();
      return ok();
    }
    // Python ignores the timeout of a non-blocking put; a zero timeout is also an immediate Full.
    if (!block || timeout === 0) return FULL;
    return park(
      this.ctx,
      { workerId, op: 'put', timeout },
      { item, priority: key },
      (waiter) => {
        this.putters.push(waiter);
        this.ctx.fact({ op: 'queue.fullWait', actor: workerId, primitive: this.name, timeoutMs: timeoutArg(waiter.timeoutMs) });
      },
      (waiter) => {
        if (!this.putters.remove(waiter)) return;
        this.syncFlags();
        this.ctx.fact({ op: 'queue.timedOut', actor: workerId, primitive: this.name });
        waiter.settle(FULL);
      },
    );
  }

  private get(workerId: string, { block, timeout }: RequestOf<'get'>): Outcome {
    if (this.isShutdown && this.depth === 0) return SHUT_DOWN;
    if (this.depth > 0) {
      const item = this.take(workerId);
      this.pump();
      return ok(item);
    }
    if (!block || timeout === 0) return EMPTY;
    return park(
      this.ctx,
      { workerId, op: 'get', timeout },
      {},
      (waiter) => {
        this.getters.push(waiter);
        this.ctx.fact({ op: 'queue.emptyWait', actor: workerId, primitive: this.name, timeoutMs: timeoutArg(waiter.timeoutMs) });
      },
      (waiter) => {
        if (!this.getters.remove(waiter)) return;
        this.syncFlags();
        this.ctx.fact({ op: 'queue.timedOut', actor: workerId, primitive: this.name });
        waiter.settle(EMPTY);
      },
    );
  }

  /** Stores an item, charged to the memory budget first: null, or the MemoryError when it does not fit. */
  private insert(workerId: string, item: Item, priority: PriorityKey) {
    const charge = () => this.ctx.budget.charge(this.name, workerId, costOf(item));
    if (this.shared !== null) {
      const refused = this.shared.push(item, charge);
      if (refused !== null) return refused;
    } else {
      const refused = charge();
      if (refused !== null) return refused;
      this.store.push(item, priority);
      this.unfinished += 1;
    }
    this.puts += 1;
    rememberActor(this.producers, workerId);
    this.ctx.fact({ op: 'queue.put', actor: workerId, primitive: this.name, depth: this.depth });
    return null;
  }

  private take(workerId: string): Item {
    this.gets += 1;
    rememberActor(this.consumers, workerId);
    const item = this.popItem();
    this.ctx.fact({ op: 'queue.get', actor: workerId, primitive: this.name, depth: this.depth });
    return item;
  }

  /** The next item out, its bytes given back to the budget (an item in the shared ring was never charged: the ring was). */
  private popItem(): Item {
    if (this.shared === null) {
      const item = this.store.pop();
      this.ctx.budget.refund(this.name, costOf(item));
      return item;
    }
    const { item, fromRing } = this.shared.pop();
    if (!fromRing) this.ctx.budget.refund(this.name, costOf(item));
    return item;
  }

  /** Serves waiting getters from the items, then waiting putters into the room, until neither can move. */
  private pump(): void {
    for (;;) {
      let moved = false;
      while (this.depth > 0 && this.getters.size > 0) {
        const getter = this.getters.next()!;
        getter.settle(ok(this.take(getter.workerId)));
        moved = true;
      }
      while (!this.full && this.putters.size > 0) {
        const putter = this.putters.next()!;
        // A blocked put that finds room but not memory raises MemoryError then, as its own put would have.
        const refused = this.insert(putter.workerId, putter.item, putter.priority);
        if (refused !== null) this.ctx.fact({ op: 'wait.ended', actor: putter.workerId, primitive: this.name });
        putter.settle(refused ?? ok());
        moved = true;
      }
      if (!moved) return;
    }
  }

  workerEnded(workerId: string): boolean {
    // A thread killed inside the ring's section: its operation is finished or undone, and the section freed.
    const holder = this.shared?.ring.holder ?? 0;
    if (holder > 0 && this.ctx.workers.idOf(holder) === workerId) this.shared?.ring.recover(holder);
    // Its last ops on the ring (an op it was committing when killed, finished by `recover`, among them).
    this.drainLog();
    // A dead putter's item is dropped: its put never happened.
    const cancelled = this.getters.cancelWorker(workerId) + this.putters.cancelWorker(workerId) + this.joiners.cancelWorker(workerId);
    if (cancelled > 0) this.ctx.fact({ op: 'wait.ended', actor: workerId, primitive: this.name });
    this.closedBy.delete(workerId);
    this.putBy.delete(workerId);
    this.syncFlags();
    return false;
  }

  /** Threads put and get on the shared ring without the broker: true when the ring changed since the last look. */
  observe(): boolean {
    const ring = this.shared?.ring;
    if (ring === undefined) return false;
    this.drainLog();
    const seen = `${ring.puts} ${ring.gets} ${ring.unfinished}`;
    if (seen === this.seenRing) return false;
    this.seenRing = seen;
    return true;
  }

  /**
   * A shared queue's bytes as shown (the view's and `sync.held`'s): what its items take in the ring as it
   * encodes them, and what the host keeps, not the ring's charge, which the budget counts but which would
   * read as items a queue of five small ints does not hold. Null while it is not shared (the budget's own).
   */
  sharedBytes(): number | null {
    return this.shared === null ? null : this.ctx.budget.heldBy(this.name) - QUEUE_RING_BYTES + this.shared.ring.used;
  }

  snapshot(): PrimitiveSnapshot {
    return {
      ...emptySnapshot(this.name, this.kind),
      waiters: [...this.getters.snapshot(), ...this.putters.snapshot(), ...this.joiners.snapshot()],
      depth: this.depth,
      maxsize: this.maxsize,
      unfinished: this.kind === 'JoinableQueue' ? this.unfinished : null,
      puts: this.puts + (this.shared?.fastPuts ?? 0),
      gets: this.gets + (this.shared?.fastGets ?? 0),
      shutdown: this.isShutdown,
      bytes: this.sharedBytes() ?? this.ctx.budget.heldBy(this.name),
      producers: [...this.producers],
      consumers: [...this.consumers],
    };
  }
}
