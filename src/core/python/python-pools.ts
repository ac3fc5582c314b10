import type { LabEventBody } from '../../shared/protocol';
import { MAX_TASKS_PER_CHILD, type PoolSpec } from '../../shared/pools';
import type { PythonPoolApi, PythonPoolFact } from '../../shared/python-wire';
import { MAX_POOL_SIZE, TASK_ENDS } from '../../shared/task-steps';
import type { Clock } from '../clock';
import { PoolFacts } from '../pools/pool-facts';
import { freeName } from './observed-primitives';

/** Python pools one process may create; more are not shown (their facts are ignored, the program runs on). */
export const PY_POOLS_MAX = 256;
/** Tasks of one pool followed for a worker's `task.run` (the shim's own bound); later ones show no run. */
export const PY_TASKS_FOLLOWED = 100_000;
/** Runs told before their task's send reached the host (another connection), kept per pool until it does. */
export const PY_EARLY_RUNS_KEPT = 1_024;

export interface PythonPoolsDeps {
  readonly clock: Clock;
  readonly emit: (event: LabEventBody) => void;
  /** A pool name already in use (the lab's own pools, or another program's). */
  readonly nameTaken: (name: string) => boolean;
  /** The observed worker a pid is (a pool's worker process), once its hello came. */
  readonly processOf: (pid: number) => string | null;
  /** The observed thread worker of a native thread id in a process. */
  readonly threadOf: (pid: number, tid: number) => string | null;
}

/** The process whose facts these are: its pid and its lab worker. */
export interface PoolOwner {
  readonly pid: number;
  readonly workerId: string;
}

interface ObservedPool {
  readonly name: string;
  readonly facts: PoolFacts;
  /** Slot -> the worker's pid and thread (a thread pool), for a slot whose worker is not known yet. */
  readonly waiting: Map<number, { readonly pid: number; readonly tid: number | null }>;
  /** "callId:chunk" -> task id, from its submit to its end: what a worker process's `task.run` names. */
  readonly inFlight: Map<string, number>;
  /** Runs whose task was not known yet: told right after its send. */
  readonly earlyRuns: Map<string, { readonly t: number; readonly slot: number }>;
  /** Task id -> its "callId:chunk" (only its submit carries it). */
  readonly keys: Map<number, string>;
  /** Followed tasks whose running step is told (a worker process's `task.run`): their end need not wait. */
  readonly ran: Set<number>;
  /**
   * A process pool's task end waits for its worker's `task.run` (fact-merge.ts), until one end came without
   * it (its workers not observed, say): then no end of this pool waits again.
   */
  waitsForRuns: boolean;
  ended: boolean;
}

const ENDS: ReadonlySet<string> = new Set(TASK_ENDS);

const SPEC_OF: Readonly<Record<PythonPoolApi, Pick<PoolSpec, 'api' | 'runtime'>>> = {
  pool: { api: 'pool', runtime: 'process' },
  'thread-pool': { api: 'pool', runtime: 'thread' },
  'thread-executor': { api: 'executor', runtime: 'thread' },
  'process-executor': { api: 'executor', runtime: 'process' },
};

const NAME_MAX = 32;

/**
 * A Python program's own pools (docs/python-wire.md, "Pools and their tasks"), folded into the lab's pool
 * events with origin 'observed': each `pool.new` a `pool.created`, each `task.step` a step of the pool's
 * PoolFacts (the same batching, counts and histograms as the lab's pools), each `pool.worker` a `pool.slot`
 * once the worker's process (or thread) is known, each `pool.state` a `pool.state`. Cost per fact: a map
 * look-up and PoolFacts' own O(1).
 *
 * Python's pools may be bigger than the lab's (Pool(100)): slots past MAX_POOL_SIZE are not drawn (their
 * tasks still count), a deliberate bound on what the view holds, never on the program.
 */
export class PythonPools {
  /** By "pid:poolId". */
  private readonly pools = new Map<string, ObservedPool>();
  private readonly perProcess = new Map<number, number>();
  /** A pool's worker process by pid: its pool and slot (its `task.run` facts come on its own connection). */
  private readonly workerSlots = new Map<number, { readonly pool: ObservedPool; readonly slot: number }>();
  /** Runs of a process not yet known as a pool's worker (its owner's batch still on its way), by pid. */
  private readonly unplaced = new Map<number, { readonly t: number; readonly key: string }[]>();
  private unplacedCount = 0;

  /**
   * Wall-clock ms less the lab's monotonic ms, read once, as PoolFacts does: read at each fact, Date.now()'s
   * whole milliseconds against performance.now() moved it by up to 1 ms from one fact to the next, enough to
   * date apply()'s next submit before the done it followed (the two are a fraction of a millisecond apart).
   */
  private readonly wallOffset: number;

  constructor(private readonly deps: PythonPoolsDeps) {
    this.wallOffset = deps.clock.now() - deps.clock.monotonic();
  }

  /**
   * Whether a pool fact can be folded now (fact-merge.ts waits while it cannot): a process pool's task end
   * waits for the `task.run` of the worker process that ran it, which comes on that worker's connection,
   * so that the task's steps read submitted, queued, sent, running on worker N, done whatever the order the
   * host reads the two. A task that never ran (BrokenProcessPool's) does not wait.
   */
  ready(owner: PoolOwner, fact: PythonPoolFact): boolean {
    if (fact[0] !== 'task.step' || (fact[4] !== 'done' && fact[4] !== 'failed')) return true;
    const pool = this.pools.get(`${owner.pid}:${fact[2]}`);
    if (pool === undefined || !pool.waitsForRuns || (fact[4] === 'failed' && fact[6]?.startsWith('BrokenProcessPool') === true)) return true;
    return !pool.keys.has(fact[3]) || pool.ran.has(fact[3]);
  }

  /** One pool fact of a process; a sentence when it makes no sense (the connection is closed with it). */
  fact(owner: PoolOwner, fact: PythonPoolFact): string | null {
    if (fact[0] === 'pool.new') return this.created(owner, fact[2], fact[3], fact[4], fact[5], fact[6], fact[7], fact[8]);
    if (fact[0] === 'task.run') return this.ran(owner.pid, fact[1], `${fact[2]}:${fact[3]}`);
    const pool = this.pools.get(`${owner.pid}:${fact[2]}`);
    if (pool === undefined) return this.perProcess.get(owner.pid) === PY_POOLS_MAX ? null : `${fact[0]} of pool ${fact[2]}, which the process never created`;
    switch (fact[0]) {
      case 'pool.worker': {
        const slot = fact[3];
        if (slot > MAX_POOL_SIZE) return null;
        pool.waiting.set(slot, { pid: fact[4], tid: fact[5] });
        if (fact[5] === null) this.placed(fact[4], pool, slot);
        this.placeWorkers(pool);
        return null;
      }
      case 'task.step': {
        const [, t, , taskId, step, slot, text, map] = fact;
        const extra: { fn?: string; detail?: string; map?: { mapId: number; chunk: number; items: number } } = {};
        if (text !== null) {
          if (step === 'submitted') extra.fn = text;
          else extra.detail = text;
        }
        if (map !== null && map[3]) extra.map = { mapId: map[0], chunk: map[1], items: map[2] };
        // An end folded without its run (the merge gave up waiting): this pool's runs are not all told.
        if (pool.waitsForRuns && !this.ready(owner, fact)) pool.waitsForRuns = false;
        pool.facts.step(taskId, step, this.monotonicOf(t), slot !== null && slot <= MAX_POOL_SIZE ? slot : null, extra);
        this.follow(pool, map === null ? null : `${map[0]}:${map[1]}`, taskId, step);
        return null;
      }
      case 'pool.state':
        pool.facts.flush();
        if (fact[3] === 'ended' || fact[3] === 'broken') pool.ended = true;
        this.deps.emit({ type: 'pool.state', pool: pool.name, state: fact[3], reason: fact[4] });
        return null;
    }
  }

  /** A worker process took a task: it runs on that worker's slot. */
  private ran(pid: number, t: number, key: string): null {
    const worker = this.workerSlots.get(pid);
    if (worker === undefined) {
      // Its owner's `pool.worker` may still be on its way (another connection); kept a little while.
      if (this.unplacedCount >= PY_EARLY_RUNS_KEPT) return null;
      this.unplacedCount += 1;
      this.unplaced.set(pid, [...(this.unplaced.get(pid) ?? []), { t, key }]);
      return null;
    }
    const { pool, slot } = worker;
    const taskId = pool.inFlight.get(key);
    if (taskId !== undefined) {
      pool.facts.step(taskId, 'running', this.monotonicOf(t), slot);
      pool.ran.add(taskId);
    } else if (pool.earlyRuns.size < PY_EARLY_RUNS_KEPT) pool.earlyRuns.set(key, { t, slot });
    return null;
  }

  /** A pool's worker process by its pid: the runs it told before the host knew it are its now. */
  private placed(pid: number, pool: ObservedPool, slot: number): void {
    this.workerSlots.set(pid, { pool, slot });
    const early = this.unplaced.get(pid);
    if (early === undefined) return;
    this.unplaced.delete(pid);
    this.unplacedCount -= early.length;
    for (const { t, key } of early) this.ran(pid, t, key);
  }

  /** A task a worker process will name: followed from its submit to its end; a run told early comes after its send. */
  private follow(pool: ObservedPool, told: string | null, taskId: number, step: string): void {
    if (step === 'submitted') {
      if (told !== null && pool.inFlight.size < PY_TASKS_FOLLOWED) {
        pool.inFlight.set(told, taskId);
        pool.keys.set(taskId, told);
      }
      return;
    }
    const key = pool.keys.get(taskId);
    if (key === undefined) return;
    if (ENDS.has(step)) {
      pool.keys.delete(taskId);
      pool.ran.delete(taskId);
      pool.inFlight.delete(key);
      pool.earlyRuns.delete(key);
      return;
    }
    const early = pool.earlyRuns.get(key);
    if (step === 'sent' && early !== undefined) {
      pool.earlyRuns.delete(key);
      pool.facts.step(taskId, 'running', this.monotonicOf(early.t), early.slot);
      pool.ran.add(taskId);
    }
  }

  /** A process's hello came: slots waiting for that worker are told now. */
  processSeen(): void {
    for (const pool of this.pools.values()) if (pool.waiting.size > 0) this.placeWorkers(pool);
  }

  /** A process's stream ended: its pools that had not ended end with it (a Pool left to the interpreter's exit). */
  processEnded(pid: number): void {
    for (const [key, pool] of this.pools) {
      if (!key.startsWith(`${pid}:`)) continue;
      pool.facts.flush();
      if (!pool.ended) this.deps.emit({ type: 'pool.state', pool: pool.name, state: 'ended', reason: 'its program ended' });
      this.pools.delete(key);
      for (const [worker, held] of this.workerSlots) if (held.pool === pool) this.workerSlots.delete(worker);
    }
    this.perProcess.delete(pid);
    // A process that ended holds no runs to place (a pid the kernel gives again is another process).
    this.unplacedCount -= this.unplaced.get(pid)?.length ?? 0;
    this.unplaced.delete(pid);
  }

  private created(owner: PoolOwner, poolId: number, api: PythonPoolApi, label: string, file: string, line: number, size: number, maxTasks: number | null): string | null {
    const key = `${owner.pid}:${poolId}`;
    if (this.pools.has(key)) return `pool ${poolId} created twice`;
    const count = this.perProcess.get(owner.pid) ?? 0;
    if (count >= PY_POOLS_MAX) return null;
    this.perProcess.set(owner.pid, count + 1);
    const name = freeName(nameOf(label, api, poolId), (candidate) => this.deps.nameTaken(candidate));
    const spec: PoolSpec = {
      name,
      ...SPEC_OF[api],
      size: Math.min(size, MAX_POOL_SIZE),
      maxTasksPerChild: maxTasks === null ? null : Math.min(maxTasks, MAX_TASKS_PER_CHILD),
      onCrash: 'python',
    };
    const where = `${file.slice(file.lastIndexOf('/') + 1).slice(0, 200)}:${line}`;
    this.deps.emit({ type: 'pool.created', pool: spec, origin: 'observed', where });
    this.deps.emit({ type: 'pool.state', pool: name, state: 'running', reason: null });
    const { clock, emit } = this.deps;
    this.pools.set(key, { name, facts: new PoolFacts({ pool: name, clock, emit }), waiting: new Map(), inFlight: new Map(), earlyRuns: new Map(), keys: new Map(), ran: new Set(), waitsForRuns: SPEC_OF[api].runtime === 'process', ended: false });
    return null;
  }

  private placeWorkers(pool: ObservedPool): void {
    for (const [slot, { pid, tid }] of pool.waiting) {
      const workerId = tid === null ? this.deps.processOf(pid) : this.deps.threadOf(pid, tid);
      if (workerId === null) continue;
      pool.waiting.delete(slot);
      pool.facts.slot(slot, workerId);
    }
  }

  /** The program's wall-clock time as the lab's monotonic time (PoolFacts turns it back), never past now. */
  private monotonicOf(t: number): number {
    return Math.min(t, this.deps.clock.now()) - this.wallOffset;
  }
}

/** The program's variable as a lab pool name (letters, digits, _ . -), else the class and id. */
function nameOf(label: string, api: PythonPoolApi, poolId: number): string {
  const cleaned = label.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, NAME_MAX);
  return /^[A-Za-z_]/.test(cleaned) && cleaned !== '__proto__' ? cleaned : `${api}-${poolId}`;
}
