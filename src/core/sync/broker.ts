import { onMicrosecondGrid } from '../../shared/fact-encoding';
import type { Clock } from '../clock';
import type { SyncFact } from '../../shared/facts';
import type { LockAttachment } from '../../shared/lock-cell';
import type { QueueAttachment } from '../../shared/queue-ring';
import type { CreatePrimitive, ParsedSyncRequest, PrimitiveKind, PrimitiveSnapshot, SyncErrorType, SyncOp, SyncReply } from '../../shared/sync';
import { buildPrimitive } from './create';
import { deletePrimitive, type Deletion } from './deletion';
import { asLabRequest, LAB_ID } from './lab-request';
import { LIST_READS } from './list';
import { MutexLock } from './locks';
import { MemoryBudget, type MemoryRefusal } from './memory-budget';
import { fail, type Primitive, type SyncContext } from './primitive';
import type { CheckedQueueOp } from './queue-grants';
import { SyncQueue } from './queues';
import { WorkerIndex } from './worker-index';

export interface SyncBroker {
  /** Creates a primitive; a name already taken, or a Condition whose `lock` does not exist or is not a Lock/RLock, is refused in words. */
  create(spec: CreatePrimitive, workerId?: string): { ok: true } | { ok: false; error: string; type?: SyncErrorType };
  /** Deletes a primitive and what was created with it, freeing the names; refused in words while in use (deletion.ts). */
  delete(name: string): Deletion;
  /** Whether a primitive of the broker's has this name (an observed Python one may not take it). */
  has(name: string): boolean;
  /** A worker's request. Blocking requests resolve when granted, timed out (value false / Full / Empty as Python), or failed. Never rejects. */
  request(workerId: string, request: ParsedSyncRequest): Promise<SyncReply>;
  /** The same operation from the lab's UI, acting as "the lab" (workerId 'lab'): never blocks. */
  operate(request: ParsedSyncRequest): Promise<SyncReply>;
  /**
   * A forked worker's batch of queue ops done without asking (queue-batch.ts): applied in order. Returns
   * why ops were refused, for the log (empty when all were applied).
   */
  queueBatch(workerId: string, name: string, ops: readonly CheckedQueueOp[]): string[];
  /** A batch refused whole (malformed): the worker's credits and lease on this queue are back all the same. */
  releaseGrants(workerId: string, name: string): void;
  /** A worker is gone (exited, killed): cancel its pending requests, release what it held with the owner-died policy, break barriers it was waiting in. */
  workerEnded(workerId: string): void;
  /**
   * A thread worker's fast path to a Lock or RLock: its shared cell and the worker's index in it. Null for
   * any other kind, or no such primitive: those stay brokered. Only for threads (a process cannot share it).
   */
  attach(workerId: string, name: string): LockAttachment | null;
  /**
   * A thread worker's fast path to a FIFO Queue or JoinableQueue: its shared ring (queue-ring.ts) and the
   * worker's index. Null for other kinds (LifoQueue and PriorityQueue stay brokered), or no such queue.
   */
  attachQueue(workerId: string, name: string): QueueAttachment | null;
  /** Counts acquisitions a thread made on a lock's cell (drained from its ring) into the lock's snapshot. */
  countFastAcquisitions(name: string, acquisitions: number): void;
  /** A shared data primitive's contents now (data-facts.ts), or null for other kinds and unknown names. */
  contents(name: string): string | null;
  /** Each queue, dict and list whose share of the memory budget changed since the last call, with its bytes now. */
  takeHeld(): Array<{ primitive: string; bytes: number }>;
  /** Every primitive, in creation order. Cheap: called at up to 20 Hz. */
  snapshot(): PrimitiveSnapshot[];
  /** Bumped on every state change (reading it looks at the shared lock cells too), so a publisher can skip unchanged snapshots. */
  readonly version: number;
}

export interface SyncBrokerDeps {
  readonly clock: Clock;
  onOwnerDied?(primitive: string, workerId: string): void;
  onTimerFired?(timer: string, event: string): void;
  /** A worker's name for refusals in words ("w3" otherwise). */
  nameOf?(workerId: string): string;
  /** The memory budget's size in bytes (MEMORY_BUDGET_BYTES unless a test makes it small). */
  readonly memoryBudgetBytes?: number;
  /** Every state change, as it happens (src/shared/facts.ts). */
  onFact?(fact: SyncFact): void;
  /** A Value, Array, Dict or List holds other contents after a write (the cold `sync.write` fact beside its hot one). */
  onWrite?(write: { primitive: string; actor: string; contents: string }): void;
  /** Give threads FIFO queues' shared rings (the Queue fast path; LabOptions.queueFastPath, on in the lab). */
  readonly shareQueues?: boolean;
  /** A put, set or append was refused with MemoryError: who, where, how much. */
  onMemoryRefused?(refusal: MemoryRefusal): void;
}

/**
 * The broker's fact callback: stamps each fact with the time (on the hot encoding's µs grid), in place. A primitive's fact object is made for
 * this one call, so writing `t` onto it is safe, and it is about 6 times cheaper than a copy with a spread
 * (measured: 1.3 µs a fact with `{ ...body, t }`, 0.05 µs in place).
 */
function stampFacts(deps: SyncBrokerDeps): Pick<SyncContext, 'fact' | 'pin'> {
  const onFact = deps.onFact;
  if (onFact === undefined) return { fact: () => undefined, pin: () => undefined };
  /** A batched op's time in its worker (queue-batch.ts), while its facts are stated; null: now. */
  let pinned: number | null = null;
  let last = 0;
  return {
    fact: (body) => {
      const fact = body as { t?: number };
      const now = deps.clock.now();
      // On the recorder's µs grid, so that a page's fold and a recording's agree to the last bit.
      fact.t = onMicrosecondGrid(pinned === null ? now : Math.min(now, Math.max(pinned, last)));
      last = fact.t;
      onFact(fact as SyncFact);
    },
    pin: (at) => {
      pinned = at;
    },
  };
}

/** Ops that only read: they leave the version alone so an idle lab publishes nothing. */
const READS: ReadonlySet<SyncOp> = new Set<SyncOp>([
  'qsize',
  'empty',
  'is_shutdown',
  'full',
  'is_set',
  'value_get',
  'array_get',
  'dict_get',
  'locked',
  'is_owned',
  'get_value',
  'n_waiting',
  'broken',
  'parties',
  'dict_has',
  'dict_len',
  'dict_keys',
  'dict_values',
  'dict_items',
  ...LIST_READS,
]);

/** Ops that may park their caller; only these are refused to a worker already waiting (releases never are). */
const CAN_BLOCK: ReadonlySet<SyncOp> = new Set<SyncOp>(['acquire', 'wait', 'put', 'get', 'join', 'pipe_send', 'pipe_send_bytes', 'pipe_recv', 'pipe_recv_bytes', 'pipe_poll']);

/**
 * The most primitives the lab holds at once (companions such as a Condition's own lock count too). Every
 * snapshot lists them all, at up to 20 Hz: without a bound a script creating 50,000 Locks in a loop makes
 * each publish megabytes. Python has no such limit (a deliberate difference, docs/sync.md).
 */
export const MAX_PRIMITIVES = 1_000;

const tooMany = () => ({
  ok: false as const,
  type: 'MemoryError' as const,
  error: `the lab holds at most ${MAX_PRIMITIVES.toLocaleString('en')} primitives at once, and has that many: delete some before creating more`,
});

const ARTICLE_AN: ReadonlySet<PrimitiveKind> = new Set<PrimitiveKind>(['Event', 'RLock']);

/**
 * The host's single owner of every synchronisation primitive: each operation is a request handled here, one
 * at a time, so the broker's state is the truth the UI shows. The one exception: a thread worker takes and
 * frees an uncontended Lock or RLock in the lock's shared cell (locks.ts), which the broker reads here.
 */
export function createSyncBroker(deps: SyncBrokerDeps): SyncBroker {
  /** A Map keeps insertion order, which is creation order. */
  const primitives = new Map<string, Primitive>();
  /** Per primitive, the others created with it (deleted with it): a Condition's own lock, a Value's lock. */
  const companions = new Map<string, string[]>();
  let version = 0;
  let cached: { version: number; list: PrimitiveSnapshot[] } | null = null;

  const ctx: SyncContext = {
    clock: deps.clock,
    workers: new WorkerIndex(),
    after: (ms, callback) =>
      deps.clock.setTimeout(() => {
        callback();
        version += 1;
      }, ms),
    timerFired: (timer, event) => deps.onTimerFired?.(timer, event),
    ...stampFacts(deps),
    factAt: (fact) => {
      if (deps.onFact === undefined) return;
      (fact as { t: number }).t = onMicrosecondGrid(fact.t);
      deps.onFact(fact);
    },
    budget: new MemoryBudget(deps.memoryBudgetBytes, (refusal) => deps.onMemoryRefused?.(refusal)),
  };

  /** The contents last stated per shared data primitive: a write that leaves them as they were states nothing. */
  const stated = new Map<string, string>();

  /** After a write to shared data (writes never block): its contents, when they changed. */
  function stateContents(primitive: Primitive, actor: string): void {
    if (primitive.contents === undefined || deps.onWrite === undefined) return;
    const contents = primitive.contents();
    if (stated.get(primitive.name) === contents) return;
    stated.set(primitive.name, contents);
    deps.onWrite({ primitive: primitive.name, actor, contents });
  }

  /** What a primitive holds of the memory budget is shown for these kinds (a Pipe shows its bytes in flight instead). */
  const showsHeld = (primitive: Primitive | undefined) =>
    primitive !== undefined && (primitive.kind === 'Dict' || primitive.kind === 'List' || primitive.kind === 'Queue' || primitive.kind === 'LifoQueue' || primitive.kind === 'PriorityQueue' || primitive.kind === 'JoinableQueue');

  /** The bytes last stated per shared queue (takeHeld). */
  const sharedHeld = new Map<string, number>();

  /** What each worker is blocked in right now, if anything. */
  const parked = new Map<string, string>();
  /**
   * The shared queues each thread attached: their op logs are drained before the thread's next brokered
   * request, so its ops on them are facts before that request's (its order across primitives, as the lock
   * ring's batch and a process's queue batch are sent before its requests).
   */
  const queuesOf = new Map<string, Set<SyncQueue>>();

  function dispatch(workerId: string, request: ParsedSyncRequest, lab: boolean): Promise<SyncReply> {
    const primitive = primitives.get(request.name);
    if (primitive === undefined) return Promise.resolve(fail('KeyError', `no primitive named "${request.name}" (create it first)`));
    if (!primitive.ops.has(request.op)) {
      const article = ARTICLE_AN.has(primitive.kind) ? 'an' : 'a';
      return Promise.resolve(fail('TypeError', `${article} ${primitive.kind} has no "${request.op}"`));
    }
    const effective = lab ? asLabRequest(request) : request;
    if (!('op' in effective)) return Promise.resolve(effective);
    if (!lab) for (const queue of queuesOf.get(workerId) ?? []) if (queue !== primitive) queue.drainLog();
    const blockedIn = parked.get(workerId);
    if (blockedIn !== undefined && CAN_BLOCK.has(request.op)) {
      // A Python thread blocks in one call at a time; a worker that fires many at once (Promise.all) would
      // otherwise park without limit.
      return Promise.resolve(fail('RuntimeError', `this worker is already waiting in ${blockedIn}: one blocking call at a time`));
    }
    try {
      const outcome = primitive.handle(workerId, effective);
      if (outcome instanceof Promise) {
        parked.set(workerId, `${request.op} on ${request.name}`);
        void outcome.finally(() => parked.delete(workerId));
      } else if (!READS.has(request.op)) stateContents(primitive, workerId);
      return Promise.resolve(outcome);
    } catch (error) {
      // A bug here must not hang a worker: answer it in words instead.
      return Promise.resolve(fail('RuntimeError', `the lab's broker failed: ${error instanceof Error ? error.message : String(error)}`));
    } finally {
      if (!READS.has(request.op)) version += 1;
    }
  }

  /** Threads take and free locks in shared memory without telling the broker: look at the cells. */
  function observe(): void {
    for (const primitive of primitives.values()) if (primitive.observe?.() === true) version += 1;
  }

  return {
    create(spec, workerId = LAB_ID) {
      // Checked before building, as building a List charges its first items to the memory budget.
      if (primitives.size >= MAX_PRIMITIVES) return tooMany();
      const built = buildPrimitive(ctx, spec, (name) => primitives.get(name), workerId);
      if (!built.ok) return built;
      // Only kinds that charge nothing add two (a Condition or a Value with its lock): refusing here undoes nothing.
      if (primitives.size + built.added.length > MAX_PRIMITIVES) return tooMany();
      for (const primitive of built.added) {
        primitives.set(primitive.name, primitive);
        // What it was created with is in its creation fact (data-facts.ts initialContents).
        if (primitive.contents !== undefined) stated.set(primitive.name, primitive.contents());
      }
      const others = built.added.map((primitive) => primitive.name).filter((name) => name !== spec.name);
      if (others.length > 0) companions.set(spec.name, others);
      version += 1;
      return { ok: true };
    },
    has(name) {
      return primitives.has(name);
    },
    delete(name) {
      observe();
      const deletion = deletePrimitive({ primitives, companions, nameOf: deps.nameOf ?? ((workerId) => workerId) }, name);
      if (!deletion.ok) return deletion;
      for (const each of deletion.removed) {
        const removed = primitives.get(each);
        if (removed instanceof SyncQueue) for (const queues of queuesOf.values()) queues.delete(removed);
        primitives.delete(each);
        companions.delete(each);
        stated.delete(each);
        sharedHeld.delete(each);
        ctx.budget.releaseAll(each);
      }
      version += 1;
      return deletion;
    },
    request: (workerId, request) => dispatch(workerId, request, false),
    operate: (request) => dispatch(LAB_ID, request, true),
    queueBatch(workerId, name, ops) {
      const queue = primitives.get(name);
      if (!(queue instanceof SyncQueue)) return [`no queue named "${name}"`];
      version += 1;
      return queue.applyBatch(workerId, ops);
    },
    releaseGrants(workerId, name) {
      const queue = primitives.get(name);
      if (queue instanceof SyncQueue) queue.releaseGrants(workerId);
      version += 1;
    },
    workerEnded(workerId) {
      queuesOf.delete(workerId);
      for (const primitive of primitives.values()) {
        if (primitive.workerEnded(workerId)) deps.onOwnerDied?.(primitive.name, workerId);
      }
      version += 1;
    },
    attach(workerId, name) {
      const primitive = primitives.get(name);
      return primitive instanceof MutexLock ? primitive.attach(workerId) : null;
    },
    attachQueue(workerId, name) {
      const primitive = primitives.get(name);
      if (deps.shareQueues !== true || !(primitive instanceof SyncQueue)) return null;
      const attached = primitive.attach(workerId);
      // The ring changes the queue's state (its flags, its charge): the next sample shows it.
      if (attached !== null) {
        version += 1;
        let queues = queuesOf.get(workerId);
        if (queues === undefined) queuesOf.set(workerId, (queues = new Set()));
        queues.add(primitive);
      }
      return attached;
    },
    countFastAcquisitions(name, acquisitions) {
      const primitive = primitives.get(name);
      if (!(primitive instanceof MutexLock) || acquisitions === 0) return;
      primitive.fastAcquisitions += acquisitions;
      version += 1;
    },
    contents(name) {
      return primitives.get(name)?.contents?.() ?? null;
    },
    takeHeld() {
      const changes = ctx.budget.takeChanges().filter((change) => showsHeld(primitives.get(change.primitive)));
      // A shared queue's bytes change with threads' puts and gets on its ring, which the budget never sees
      // (the ring was charged whole): stated as the view shows them (SyncQueue.sharedBytes), when they change.
      for (const change of changes) {
        const primitive = primitives.get(change.primitive);
        if (primitive instanceof SyncQueue) change.bytes = primitive.sharedBytes() ?? change.bytes;
      }
      for (const primitive of primitives.values()) {
        const bytes = primitive instanceof SyncQueue ? primitive.sharedBytes() : null;
        if (bytes === null || sharedHeld.get(primitive.name) === bytes) continue;
        sharedHeld.set(primitive.name, bytes);
        if (!changes.some((change) => change.primitive === primitive.name)) changes.push({ primitive: primitive.name, bytes });
      }
      return changes;
    },
    snapshot() {
      observe();
      // Snapshots are immutable values, so an unchanged broker hands back the same array.
      if (cached === null || cached.version !== version) cached = { version, list: [...primitives.values()].map((p) => p.snapshot()) };
      return cached.list;
    },
    get version() {
      observe();
      return version;
    },
  };
}
