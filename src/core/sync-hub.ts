import type { RingAttachment } from '../shared/fast-path-ring';
import type { FastPathOp, SyncFact } from '../shared/facts';
import type { JoinWait } from '../shared/joins';
import type { LockAttachment } from '../shared/lock-cell';
import type { QueueAttachment } from '../shared/queue-ring';
import type { CommandOutcome, LabEventBody } from '../shared/protocol';
import { describeOperation } from '../shared/describe-operation';
import { SYNC_SAMPLE_MS, type CreatePrimitive, type CycleStep, type ParsedSyncRequest, type PrimitiveSnapshot, type SyncReply } from '../shared/sync';
import { findDeadlock } from '../shared/wait-for';
import { onMicrosecondGrid } from '../shared/fact-encoding';
import type { Clock, Cancel } from './clock';
import { createSyncBroker, type SyncBroker } from './sync/broker';
import { LAB_ID } from './sync/lab-request';
import type { MemoryRefusal } from './sync/memory-budget';
import { batchOfOps, perLock, type FastPathBatch } from './sync/fast-path-batch';
import { FastPathRings } from './sync/ring-reader';
import { StepGate } from './sync/step-gate';

/** A worker refused for memory again and again is told of once per this long. */
const MEMORY_REFUSAL_QUIET_MS = 5_000;
/** A thread whose fast-path ops are over the recording rate is told of at most once per this long (and at its end). */
const COUNTED_TOLD_EVERY_MS = 1_000;

export interface SyncHubDeps {
  readonly clock: Clock;
  readonly emit: (event: LabEventBody) => void;
  /** The longest a queue may go unsampled when nothing changes (keeps the depth chart free of gaps). */
  readonly samplePeriodMs: () => number;
  /** Defaults to SYNC_SAMPLE_MS; 0 turns sampling off. */
  readonly syncSampleMs?: number;
  /** A worker's name, for refusals in words. */
  readonly nameOf?: (workerId: string) => string;
  /**
   * Record threads' fast-path lock operations (a ring per thread, posted to the host in batches; on by
   * default). false: no ring, which only the bench's "recording off" side wants.
   */
  readonly recordFastPath?: boolean;
  /** Threads' Queue fast path (LabOptions.queueFastPath; on by default). */
  readonly queueFastPath?: boolean;
  /** Every batch of a thread's fast-path operations, in order, typed arrays (the recorder's and the pages' input). */
  readonly onFastPathBatch?: (batch: FastPathBatch) => void;
  /** Every state change of a primitive, as it happens (the broker's, and threads' fast-path ones). */
  readonly onFact?: (fact: SyncFact) => void;
  /**
   * Primitives observed in other runtimes (Python programs: core/python), with holders or waiters: checked
   * for deadlock together with the broker's, so a cycle is found whichever runtime its workers are in.
   */
  readonly observed?: () => PrimitiveSnapshot[];
  /** Observed threads' joins in progress (a Python Thread.join or Process.join): a join for ever can close a deadlock's cycle. */
  readonly observedJoins?: () => JoinWait[];
}

/**
 * Between the lab and its broker: workers' requests in, replies out; the UI's commands; and the
 * observation, sampled (holders, waiters, depths) with deadlock detection on every sample.
 */
export class SyncHub {
  private readonly broker;
  private timer: Cancel | null = null;
  private publishedVersion = -1;
  /** Bumped when observed primitives change (observedChanged), as the broker's version is by its own. */
  private observedVersion = 0;
  private publishedObserved = 0;
  private publishedAt = 0;
  private deadlockKey: string | null = null;
  /** When each worker was last told of for each primitive, so a worker retrying in a loop cannot flood the log. */
  private readonly refusalsTold = new Map<string, number>();
  /** Threads' fast-path rings (ring-reader.ts): batches posted by the threads, and what is left when they end. */
  private readonly rings: FastPathRings | null;
  /** Per thread: the total of its ops counted, not kept, last told, and when (monotonic ms). */
  private readonly countedTold = new Map<string, { total: number; at: number }>();
  /** Step mode ("be the scheduler", step-gate.ts): workers' requests wait here while the person chooses. */
  readonly step: StepGate;

  constructor(private readonly deps: SyncHubDeps) {
    this.step = new StepGate({ emit: deps.emit, nameOf: deps.nameOf ?? ((workerId) => workerId) });
    this.rings = deps.recordFastPath !== false ? new FastPathRings(() => deps.clock.now()) : null;
    this.broker = createSyncBroker({
      clock: deps.clock,
      onOwnerDied: (primitive, workerId) => deps.emit({ type: 'sync.ownerDied', primitive, workerId }),
      onTimerFired: (name, event) => deps.emit({ type: 'sync.timerFired', name, event }),
      onMemoryRefused: (refusal) => this.memoryRefused(refusal),
      ...(deps.nameOf === undefined ? {} : { nameOf: deps.nameOf }),
      ...(deps.onFact === undefined ? {} : { onFact: deps.onFact, onWrite: (write) => deps.emit({ type: 'sync.write', ...write }) }),
      shareQueues: deps.queueFastPath !== false,
    });
  }

  create(spec: CreatePrimitive): CommandOutcome {
    const created = this.createFor(LAB_ID, spec);
    if (created.ok) return { ok: true, result: { workerIds: [] } };
    // The UI names the error when it is not the usual ValueError ("MemoryError: the lab's memory budget is full ...").
    return { ok: false, error: created.error === 'ValueError' ? created.message : `${created.error}: ${created.message}` };
  }

  /** A worker script's creation (syncCreate): charged to that worker, refused with the Python error it raises. */
  createFor(workerId: string, spec: CreatePrimitive): SyncReply {
    const created = this.broker.create(spec, workerId);
    if (!created.ok) return { ok: false, error: created.type ?? 'ValueError', message: created.error };
    // A List's first items (up to 10,000) are not kept in the record for ever: only how many there were.
    if (spec.kind === 'List') {
      this.deps.emit({ type: 'sync.created', primitive: { ...spec, items: [] }, ...(spec.items.length > 0 ? { firstItems: spec.items.length } : {}) });
      // Its first contents, then, as a write's fact does (cut as every contents fact is).
      if (spec.items.length > 0 && this.deps.onFact !== undefined) this.deps.emit({ type: 'sync.write', primitive: spec.name, actor: workerId, contents: this.broker.contents(spec.name) ?? '' });
    } else this.deps.emit({ type: 'sync.created', primitive: spec });
    this.schedule();
    return { ok: true, value: null };
  }

  /** Deletes a primitive (and what was created with it): its name can be created again at once. */
  delete(name: string): CommandOutcome {
    const deleted = this.broker.delete(name);
    if (!deleted.ok) return { ok: false, error: `cannot delete ${name}: ${deleted.error}` };
    for (const removed of deleted.removed) this.rings?.retire(removed);
    this.deps.emit({ type: 'sync.deleted', name, removed: deleted.removed });
    this.sample();
    return { ok: true, result: { workerIds: [] } };
  }

  /** The UI acting on a primitive as "the lab": refused in words, or done and logged. */
  async operate(request: ParsedSyncRequest): Promise<CommandOutcome> {
    const before = this.snapshotOf(request.name);
    const reply = await this.broker.operate(request);
    if (!reply.ok) return { ok: false, error: `${request.op} on ${request.name}: ${reply.error}: ${reply.message}` };
    const outcome = describeOperation(request, reply.value, before, this.snapshotOf(request.name), reply.bytes === true);
    this.deps.emit({ type: 'sync.operated', name: request.name, op: request.op, outcome });
    this.sample();
    return { ok: true, result: { workerIds: [], value: reply.value } };
  }

  /** A worker's request; `answer` posts the reply back over the worker's own channel. */
  request(workerId: string, request: ParsedSyncRequest, answer: (reply: SyncReply) => void): void {
    if (this.step.isOn) {
      // No queue grants while the person schedules: a batched put or get would pass the gate unseen.
      if ('batch' in request && request.batch === true) request = { ...request, batch: undefined };
      const held = request;
      const refuse = (message: string) => answer({ ok: false, error: 'RuntimeError', message });
      if (this.step.hold(workerId, held, () => this.dispatch(workerId, held, answer), refuse)) return;
    }
    this.dispatch(workerId, request, answer);
  }

  private dispatch(workerId: string, request: ParsedSyncRequest, answer: (reply: SyncReply) => void): void {
    void this.broker.request(workerId, request).then(answer, (error: unknown) =>
      answer({ ok: false, error: 'RuntimeError', message: `the lab failed: ${error instanceof Error ? error.message : String(error)}` }),
    );
  }

  /**
   * A forked worker's queue ops done without asking (queue-batch.ts); ops it was not granted are refused,
   * not applied, and said in the log (once per quiet period per worker: a hostile one may send millions).
   * `ops` null: the batch was malformed and refused whole (the supervisor has said so): what the worker
   * held on that queue is back all the same.
   */
  queueBatch(workerId: string, name: string, ops: Parameters<SyncBroker['queueBatch']>[2] | null): void {
    if (ops === null) return this.broker.releaseGrants(workerId, name);
    const refused = this.broker.queueBatch(workerId, name, ops);
    this.schedule();
    if (refused.length === 0 || this.quiet(`batch\u0000${workerId}`)) return;
    this.deps.emit({ type: 'worker.messageRejected', workerId, reason: `queue batch on ${name}: refused ${refused.join('; ')}` });
  }

  /**
   * A thread's fast path to a Lock or RLock, or to a FIFO Queue or JoinableQueue (null for other kinds, or a
   * name not in use). A queue's ops are recorded like a lock's, so a queue whose ops this thread could not
   * record (no ring slot left) stays brokered for it; with recording off it is shared unrecorded, as locks.
   */
  attach(workerId: string, name: string): { lock: LockAttachment | null; queue: QueueAttachment | null; recording: RingAttachment | null } | null {
    const lock = this.broker.attach(workerId, name);
    if (lock !== null) {
      if (this.rings === null) return { lock, queue: null, recording: null };
      // A fast path is given only with its recording: a thread past the ring's slots keeps this lock brokered
      // (every op a request, so a fact), never taking it unseen.
      const recording = this.rings.attach(workerId, name);
      return recording === null ? null : { lock, queue: null, recording };
    }
    // A queue's ops are recorded in its own ring's op log (queue-log.ts), not in the thread's ring.
    const queue = this.broker.attachQueue(workerId, name);
    return queue === null ? null : { lock: null, queue, recording: null };
  }

  /**
   * A batch a thread posted from its ring (a `syncRing` message). Its channel keeps the order of its
   * messages, so these ops come before anything the thread asks after them.
   */
  ringBatch(workerId: string, from: number, entries: Int32Array): void {
    const batch = this.rings?.take(workerId, from, entries) ?? null;
    if (batch !== null) this.fastPathBatch(batch);
  }

  /** Entries of this thread's ring that made no sense (skipped, counted). */
  fastPathSkipped(workerId: string): number {
    return this.rings?.skipped(workerId) ?? 0;
  }

  /** Fast-path ops stated as objects (tests; Lab.fastPathOps): as a batch of `workerId`'s, the others' dropped. */
  fastPathOps(workerId: string, ops: readonly FastPathOp[]): void {
    this.fastPathBatch(batchOfOps(workerId, ops));
  }

  /**
   * A thread's fast-path lock operations: counted into each lock's `fastAcquisitions`, then handed on (the
   * recorder keeps each op; the pages get them coalesced). They must come before anything else that thread
   * asks of the broker, or a fold would see its slow release before its fast acquire.
   */
  private fastPathBatch(batch: FastPathBatch): void {
    if (batch.size === 0) return;
    for (const [slot, { acquisitions }] of perLock(batch)) this.broker.countFastAcquisitions(batch.names[slot]!, acquisitions);
    this.deps.onFastPathBatch?.(batch);
  }

  /** Every primitive as the broker has it now: the truth the facts fold to (tests, fold-equivalence checks). */
  snapshot(): PrimitiveSnapshot[] {
    return this.broker.snapshot();
  }

  /** Whether one of the broker's primitives has this name. */
  has(name: string): boolean {
    return this.broker.has(name);
  }

  /** One primitive as the broker has it now (snapshots are cached per change, so this is cheap). */
  private snapshotOf(name: string): PrimitiveSnapshot | undefined {
    return this.broker.snapshot().find((primitive) => primitive.name === name);
  }

  /** Says how many of a thread's fast-path ops were counted, not kept, since last said (`now`: even within the quiet period). */
  private tellCounted(workerId: string, now: boolean): void {
    const total = this.rings?.counted(workerId) ?? 0;
    const told = this.countedTold.get(workerId);
    const before = told?.total ?? 0;
    if (total <= before) return;
    const at = this.deps.clock.monotonic();
    if (!now && told !== undefined && at - told.at < COUNTED_TOLD_EVERY_MS) return;
    this.countedTold.set(workerId, { total, at });
    this.deps.emit({ type: 'sync.fastPathCounted', workerId, ops: total - before, total });
  }

  /** True when `key` was told of within the quiet period; else it is told of now. */
  private quiet(key: string): boolean {
    const now = this.deps.clock.monotonic();
    const told = this.refusalsTold.get(key);
    if (told !== undefined && now - told < MEMORY_REFUSAL_QUIET_MS) return true;
    if (this.refusalsTold.size > 1000) this.refusalsTold.clear();
    this.refusalsTold.set(key, now);
    return false;
  }

  private memoryRefused(refusal: MemoryRefusal): void {
    if (this.quiet(`${refusal.workerId}\u0000${refusal.primitive}`)) return;
    this.deps.emit({ type: 'sync.memoryRefused', ...refusal });
  }

  workerEnded(workerId: string): void {
    // What it counted, not kept, comes before its last ops (written after those).
    this.tellCounted(workerId, true);
    this.countedTold.delete(workerId);
    // Its last fast-path ops (published or not) before what its end does to the locks (owner died).
    const last = this.rings?.ended(workerId, onMicrosecondGrid(this.deps.clock.now())) ?? null;
    if (last !== null) {
      this.fastPathBatch(last.batch);
      // Ops it left out of its batches (dropped, or counted over the rate) since the last sample: no batch
      // will say who holds its locks now, so they are stated from their cells before its end is handled.
      if (last.dropped !== null) this.restate([{ workerId, locks: last.dropped }], last.at);
    }
    this.step.workerEnded(workerId);
    this.broker.workerEnded(workerId);
  }

  /** An observed primitive's holders or waiters changed: a deadlock check is due within a sampling period. */
  observedChanged(): void {
    this.observedVersion += 1;
    this.schedule();
  }

  stop(): void {
    this.timer?.();
    this.timer = null;
  }

  private schedule(): void {
    const period = this.deps.syncSampleMs ?? SYNC_SAMPLE_MS;
    if (this.timer !== null || period === 0) return;
    this.timer = this.deps.clock.setTimeout(() => {
      this.timer = null;
      this.sample();
      this.schedule();
    }, period);
  }

  /**
   * Looks at the primitives when they changed (or a sample period passed): checks for deadlock, and states
   * the budget bytes that changed (`sync.held`) and the locks of threads that dropped batches.
   */
  private sample(): void {
    for (const workerId of this.rings?.workerIds() ?? []) this.tellCounted(workerId, false);
    this.restateLeftOut();
    const now = this.deps.clock.monotonic();
    // Read once: reading it looks at the shared lock cells, which threads change at any moment.
    const version = this.broker.version;
    const observedChanged = this.observedVersion !== this.publishedObserved;
    const changed = version !== this.publishedVersion || observedChanged;
    if (!changed && now - this.publishedAt < this.deps.samplePeriodMs()) return;
    const primitives = this.broker.snapshot();
    this.publishedVersion = version;
    this.publishedObserved = this.observedVersion;
    this.publishedAt = now;
    // Budget bytes change with every put and get: stated at most once per lock-table period, for those that changed.
    const held = this.broker.takeHeld();
    if (held.length > 0 && this.deps.onFact !== undefined) this.deps.emit({ type: 'sync.held', held });
    if (changed) this.checkDeadlock(findDeadlock(this.deps.observed === undefined ? primitives : [...primitives, ...this.deps.observed()], this.deps.observedJoins?.() ?? []));
  }

  /**
   * A thread that dropped a batch (backpressure: fast-path-ring.ts) left ops out of the facts, and if it
   * then goes quiet no later batch says who holds its locks. So each lock it has a slot for is stated as
   * its shared cell has it now, a `lock.restated` fact: by the holder with its count, or by the thread with 0
   * (free). One that agrees with the fold changes nothing; one that does not corrects it within a sampling period.
   * The thread's later ops are dated no earlier than the restatement (takeLeftOut(t)), so time order holds.
   */
  private restateLeftOut(): void {
    const t = onMicrosecondGrid(this.deps.clock.now());
    this.restate(this.rings?.takeLeftOut(t) ?? [], t);
  }

  private restate(dropped: ReadonlyArray<{ workerId: string; locks: readonly string[] }>, t: number): void {
    if (dropped.length === 0 || this.deps.onFact === undefined) return;
    const locks = new Map(this.broker.snapshot().map((primitive) => [primitive.name, primitive]));
    for (const { workerId, locks: names } of dropped) {
      for (const name of names) {
        const lock = locks.get(name);
        if (lock === undefined || (lock.kind !== 'Lock' && lock.kind !== 'RLock')) continue;
        const holder = lock.holders[0];
        this.deps.onFact(
          holder === undefined
            ? { t, op: 'lock.restated', actor: workerId, primitive: name, count: 0 }
            : { t, op: 'lock.restated', actor: holder.workerId, primitive: name, count: holder.count },
        );
      }
    }
  }

  private checkDeadlock(cycle: CycleStep[] | null): void {
    const key = cycle === null ? null : cycle.map((step) => `${step.workerId}>${step.primitive}>${step.heldBy}`).join('|');
    if (key === this.deadlockKey) return;
    this.deadlockKey = key;
    this.deps.emit(cycle === null ? { type: 'deadlock.cleared' } : { type: 'deadlock.detected', cycle });
  }
}

