import { batchedText, MAX_QUEUE_GRANT, QUEUE_BATCH_MAX_TEXT } from '../../shared/queue-batch';
import { rememberActor } from '../../shared/remember';
import { timeoutArg } from '../../shared/facts';
import { emptySnapshot, type Item, type ParsedSyncRequest, type PrimitiveSnapshot, type QueueKind, type SyncOp, type SyncReply } from '../../shared/sync';
import { FLAG_RETIRED, FLAG_SHUTDOWN, FLAG_WAITERS, HOST, QUEUE_RING_BYTES, QueueRing, type QueueAttachment } from '../../shared/queue-ring';
import { createItemStore, type ItemStore, type PriorityKey } from './item-store';
import { costOf } from './memory-budget';
import { fail, ok, type Outcome, type Primitive, type SyncContext, type RequestOf } from './primitive';
import { QueueBatchFacts } from './queue-batch-facts';
import { QueueGrants, type CheckedQueueOp } from './queue-grants';
import { QueueLogFacts } from './queue-log-facts';
import { SharedQueueStore } from './shared-queue-store';
import { park, WaitQueue, type Parked } from './waiters';

/** A blocked put holds its item until there is room. */
interface PutWaiter extends GetWaiter {
  readonly item: Item;
  readonly priority: PriorityKey;
}

/** A blocked put or get of a worker that batches (queue-batch.ts) is answered with a grant when it is served. */
interface GetWaiter extends Parked {
  readonly batch: boolean;
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
/** How long a request waits for a held section before it is answered with an error. */
const MAX_RETRY_MS = 5_000;

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
 * The front items a lease may carry: those a batch carries at a glance (queue-batch.ts), up to the first
 * that is not, and no more text than a batch: a reply's cost stays bounded whatever the queue holds.
 */
function leasable(front: readonly Item[]): Item[] {
  let text = 0;
  let count = 0;
  for (const item of front) {
    const chars = batchedText(item);
    if (chars === null || text + chars > QUEUE_BATCH_MAX_TEXT) break;
    text += chars;
    count += 1;
  }
  return front.slice(0, count);
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
  private readonly getters = new WaitQueue<GetWaiter>();
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
  /**
   * Set by shutdown(immediate=True) while a lease was out: the leased items stay at the front for their
   * holder's batch, and those it did not get are dropped when the lease comes back (`giveBack`).
   */
  private dropLeaseBy: string | null = null;
  /** Credits and a lease handed to forked workers that batch (queue-grants.ts). */
  private readonly grants = new QueueGrants();
  /** The queue's facts, counted over the rate while a batch is applied (queue-batch-facts.ts). */
  private readonly facts: QueueBatchFacts;

  constructor(
    private readonly ctx: SyncContext,
    readonly name: string,
    readonly kind: QueueKind,
    private readonly maxsize: number,
  ) {
    this.store = createItemStore(kind);
    this.facts = new QueueBatchFacts(ctx, name);
  }

  /**
   * A thread's fast path (FIFO Queue and JoinableQueue): the shared ring, made at the first attach and
   * charged to the memory budget whole; the items held so far stay first. Null for other kinds, or when the
   * budget has no room for the ring (the queue stays brokered).
   */
  attach(workerId: string): QueueAttachment | null {
    if (this.kind !== 'Queue' && this.kind !== 'JoinableQueue') return null;
    // Credits or a lease held by a forked worker that batches: the queue stays brokered for this thread (a
    // thread's fast get would take leased items, a fast put the slots set aside for the credits).
    if (this.shared === null && this.grants.holding()) return null;
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

  handle(workerId: string, request: ParsedSyncRequest, retries = 0): Outcome {
    const ring = this.shared?.ring;
    if (ring === undefined) return this.handleNow(workerId, request);
    // Every change to a shared queue is made inside its section, so a thread's put or get never interleaves.
    if (!ring.enter(HOST, HOST_SPINS)) {
      // A thread killed inside is reaped (and its section freed) well within this; a live one holding it
      // this long is writing over the ring: the request is answered, not retried for ever.
      if (retries * RETRY_MS >= MAX_RETRY_MS) return fail('RuntimeError', `${this.name}'s shared section has been held by a thread for over ${MAX_RETRY_MS / 1000} s (a thread writing over the queue's ring?)`);
      return this.later(() => this.handle(workerId, request, retries + 1));
    }
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
  drainLog(): number {
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
    return new Promise((resolve) =>
      this.ctx.after(RETRY_MS, () => {
        // Off the broker's dispatch (a timer), so its catch is here: a worker is answered in words, never left waiting.
        try {
          resolve(work());
        } catch (error) {
          resolve(fail('RuntimeError', `the lab's broker failed: ${error instanceof Error ? error.message : String(error)}`));
        }
      }),
    );
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
        this.grants.noteProducer(workerId);
        // A worker that asks has sent its batch first (its channel keeps order): its credits are back.
        this.grants.release(workerId, 'credit');
        return this.put(workerId, request);
      case 'get':
        if (this.closedBy.has(workerId)) return this.closed();
        this.grants.noteConsumer(workerId);
        this.giveBack(workerId, 'lease');
        return this.get(workerId, request);
      case 'close':
        this.closedBy.add(workerId);
        this.releaseGrants(workerId);
        return ok();
      case 'shutdown':
        this.grants.voidCredits();
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
        this.facts.op({ op: 'queue.taskDone', actor: workerId, primitive: this.name, unfinished: this.unfinished });
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
            this.facts.fact({ op: 'queue.join', actor: workerId, primitive: this.name });
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
      // Leased items stay for their holder's batch (it may have returned them already): see `giveBack`.
      this.dropItems(this.depth - this.grants.leased);
      if (this.grants.leased > 0) this.dropLeaseBy = workerId;
    }
    this.facts.fact({ op: 'queue.shutdown', actor: workerId, primitive: this.name, depth: this.depth });
    if (immediate && this.unfinished === 0) this.releaseJoiners();
    // Getters wait only on an empty queue, so all of them raise; putters' items are never put.
    for (const waiter of [...this.getters.drain(), ...this.putters.drain()]) {
      this.facts.fact({ op: 'wait.ended', actor: waiter.workerId, primitive: this.name });
      waiter.settle(SHUT_DOWN);
    }
  }

  /** Drops the front items an immediate shutdown drops, a task done for each. */
  private dropItems(count: number): void {
    for (let i = 0; i < count && this.depth > 0; i++) {
      this.popItem();
      if (this.unfinished > 0) this.unfinished -= 1;
    }
  }

  /**
   * This worker's unused credits and lease (or one of them) are back. After shutdown(immediate=True) the
   * leased items it did not get are dropped now, as the shutdown dropped the rest (stated by a second
   * `queue.shutdown` fact with the depth after, which folds as the same drop).
   */
  private giveBack(workerId: string, what: 'credit' | 'lease' | 'both' = 'both'): void {
    const left = what === 'credit' || this.dropLeaseBy === null ? 0 : this.grants.leaseOf(workerId);
    this.grants.release(workerId, what);
    if (left === 0 || this.dropLeaseBy === null) return;
    this.dropItems(left);
    this.facts.fact({ op: 'queue.shutdown', actor: this.dropLeaseBy, primitive: this.name, depth: this.depth });
    this.dropLeaseBy = null;
    if (this.unfinished === 0) this.releaseJoiners();
  }

  /** No task is unfinished: every join() returns. */
  private releaseJoiners(): void {
    for (const joiner of this.joiners.drain()) {
      this.facts.fact({ op: 'queue.joined', actor: joiner.workerId, primitive: this.name });
      joiner.settle(ok());
    }
  }

  private get full(): boolean {
    return this.maxsize > 0 && this.depth >= this.maxsize;
  }

  /** Room for this worker's put: slots set aside for another worker's credits count as taken. */
  private roomFor(workerId: string): boolean {
    return this.maxsize === 0 || this.depth + this.grants.reservedAgainst(workerId) < this.maxsize;
  }

  /** An item this worker may get now: items leased to another worker are not there for it (yet). */
  private itemFor(workerId: string): boolean {
    return this.depth > 0 && !this.grants.leasedAgainst(workerId);
  }

  /**
   * A served put of a worker that batches, with credits (if it is the sole producer and nobody waits to
   * put), or a served get, with a lease of the next items (if it is the sole consumer and nobody else waits). Only
   * FIFO kinds: a LifoQueue's or PriorityQueue's next item depends on puts still to come.
   */
  private granted(op: 'put' | 'get', workerId: string, batch: boolean | undefined, reply: SyncReply): SyncReply {
    const front = this.store.front;
    // A queue threads share (its items in the ring) grants nothing: a thread's get takes the front item with
    // no word to the broker, so a lease could not keep it for its consumer (attach() refuses the converse).
    if (batch !== true || this.shared !== null || front === undefined || this.isShutdown || this.closedBy.has(workerId)) return reply;
    const free = this.maxsize === 0 ? Infinity : this.maxsize - this.store.size - this.grants.reservedAgainst(workerId);
    const credits = op === 'put' && this.putters.size === 0 ? this.grants.grantCredits(workerId, free) : 0;
    const lease = op === 'get' && this.getters.size === 0 && !this.grants.leasedAgainst(workerId) ? leasable(front.call(this.store, Math.min(MAX_QUEUE_GRANT, this.store.size))) : [];
    const leased = lease.length === 0 ? 0 : this.grants.grantLease(workerId, lease.length);
    if (credits === 0 && leased === 0) return reply;
    return { ...reply, grant: { credits, lease: lease.slice(0, leased) } } as SyncReply;
  }

  /**
   * A forked worker's batch (queue-batch.ts): its puts (each on a credit), gets (each of a leased item) and
   * task_dones, applied in its order and dated when they happened there; then what it did not use is back.
   * An op it was not granted is refused, not applied (a hostile or confused worker): the reasons, one per
   * kind of refusal, are returned for the log. A put refused for memory is dropped, as an object CPython's
   * feeder thread cannot send is (it prints the error; the put had returned).
   */
  applyBatch(workerId: string, ops: readonly CheckedQueueOp[]): string[] {
    const refused = new Map<string, number>();
    const refuse = (reason: string) => refused.set(reason, (refused.get(reason) ?? 0) + 1);
    if (this.closedBy.has(workerId)) refuse('ops after close()');
    else {
      this.facts.begin();
      // Whatever an op throws, the queue's facts are not left held (QueueBatchFacts collects until end()).
      try {
        for (const op of ops) {
          this.facts.pin(op.at);
          switch (op.op) {
            case 'put': {
              if (!this.grants.useCredit(workerId)) {
                // After a shutdown the credits are void (docs/sync.md): say so, not that the worker misbehaved.
                refuse(this.isShutdown ? 'a put batched before it heard of shutdown() (dropped: the queue is shut down)' : 'a put without a credit');
                break;
              }
              const memory = this.insert(workerId, op.item, null);
              if (memory !== null && !memory.ok) refuse(`a put dropped: ${memory.error}: ${memory.message}`);
              break;
            }
            case 'get':
              if (!this.grants.useLease(workerId)) refuse('a get of no leased item');
              else this.take(workerId);
              break;
            case 'task_done': {
              const done = this.handle(workerId, { op: 'task_done', name: this.name });
              if (!(done instanceof Promise) && !done.ok) refuse(`a task_done: ${done.error}: ${done.message}`);
              break;
            }
          }
        }
      } finally {
        this.facts.end();
      }
    }
    // Waiters are served once the whole batch is in, not after each op: a getter woken by the first of 99
    // puts would take one item and no lease, and the two workers would go on in lockstep, an item or two
    // per message. The batch's ops happened in the worker before the host heard of any of them.
    this.releaseGrants(workerId);
    return [...refused].map(([reason, count]) => (count === 1 ? reason : `${reason} (${count} times)`));
  }

  /** What the worker holds is back (its batch, its close, a batch refused whole), and waiters are served. */
  releaseGrants(workerId: string): void {
    this.giveBack(workerId);
    this.pump();
  }

  private put(workerId: string, { item, priority, block, timeout, batch }: RequestOf<'put'>): Outcome {
    if (this.isShutdown) return SHUT_DOWN;
    const key = priorityOf(item, priority);
    const refused = this.store.refuses(key);
    if (refused !== null) return fail('TypeError', refused);
    if (this.roomFor(workerId)) {
      const refused = this.insert(workerId, item, key);
      if (refused !== null) return refused;
      this.pump();
      return this.granted('put', workerId, batch, ok());
    }
    // Python ignores the timeout of a non-blocking put; a zero timeout is also an immediate Full.
    if (!block || timeout === 0) return FULL;
    return park(
      this.ctx,
      { workerId, op: 'put', timeout },
      { item, priority: key, batch: batch === true },
      (waiter) => {
        this.putters.push(waiter);
        this.facts.fact({ op: 'queue.fullWait', actor: workerId, primitive: this.name, timeoutMs: timeoutArg(waiter.timeoutMs) });
      },
      (waiter) => {
        if (!this.putters.remove(waiter)) return;
        this.syncFlags();
        this.facts.fact({ op: 'queue.timedOut', actor: workerId, primitive: this.name });
        waiter.settle(FULL);
      },
    );
  }

  private get(workerId: string, { block, timeout, batch }: RequestOf<'get'>): Outcome {
    if (this.isShutdown && this.depth === 0) return SHUT_DOWN;
    if (this.itemFor(workerId)) {
      const item = this.take(workerId);
      this.pump();
      return this.granted('get', workerId, batch, ok(item));
    }
    if (!block || timeout === 0) return EMPTY;
    return park(
      this.ctx,
      { workerId, op: 'get', timeout },
      { batch: batch === true },
      (waiter) => {
        this.getters.push(waiter);
        this.facts.fact({ op: 'queue.emptyWait', actor: workerId, primitive: this.name, timeoutMs: timeoutArg(waiter.timeoutMs) });
      },
      (waiter) => {
        if (!this.getters.remove(waiter)) return;
        this.syncFlags();
        this.facts.fact({ op: 'queue.timedOut', actor: workerId, primitive: this.name });
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
    this.facts.op({ op: 'queue.put', actor: workerId, primitive: this.name, depth: this.depth });
    return null;
  }

  private take(workerId: string): Item {
    this.gets += 1;
    rememberActor(this.consumers, workerId);
    const item = this.popItem();
    this.facts.op({ op: 'queue.get', actor: workerId, primitive: this.name, depth: this.depth });
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
      for (let getter = this.getters.first(); getter !== undefined && this.itemFor(getter.workerId); getter = this.getters.first()) {
        this.getters.next();
        const item = this.take(getter.workerId);
        getter.settle(this.granted('get', getter.workerId, getter.batch, ok(item)));
        moved = true;
      }
      for (let putter = this.putters.first(); putter !== undefined && this.roomFor(putter.workerId); putter = this.putters.first()) {
        this.putters.next();
        // A blocked put that finds room but not memory raises MemoryError then, as its own put would have.
        const refused = this.insert(putter.workerId, putter.item, putter.priority);
        if (refused !== null) this.facts.fact({ op: 'wait.ended', actor: putter.workerId, primitive: this.name });
        putter.settle(refused ?? this.granted('put', putter.workerId, putter.batch, ok()));
        moved = true;
      }
      if (!moved) break;
    }
    // After a shutdown a getter waits only behind a lease (the queue held items, all leased): once they
    // are got, the queue is empty and shut down, and it raises as every getter there did.
    if (this.isShutdown && this.depth === 0) {
      for (const waiter of this.getters.drain()) {
        this.facts.fact({ op: 'wait.ended', actor: waiter.workerId, primitive: this.name });
        waiter.settle(SHUT_DOWN);
      }
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
    if (cancelled > 0) this.facts.fact({ op: 'wait.ended', actor: workerId, primitive: this.name });
    this.closedBy.delete(workerId);
    this.putBy.delete(workerId);
    // Its unused credits free their slots; its leased items, got or not, stay at the front (see docs/sync.md),
    // unless an immediate shutdown came while they were leased: then they are dropped as the rest were.
    this.giveBack(workerId);
    this.grants.workerEnded(workerId);
    this.syncFlags();
    this.pump();
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
