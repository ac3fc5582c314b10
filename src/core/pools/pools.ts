import { statSync } from 'node:fs';
import { assertNever } from '../../shared/assert-never';
import { excerpt } from '../../shared/excerpt';
import type { CommandOutcome, LabEventBody } from '../../shared/protocol';
import { isLibraryFunction, unknownFunction, type CreatePool, type PoolCommand, type PoolSpec } from '../../shared/pools';
import type { Item } from '../../shared/sync';
import type { Clock } from '../clock';
import { admissionRefusal, madeBy } from './admission';
import { defaultPoolSize, defaultProcessExecutorSize, defaultThreadExecutorSize } from './default-sizes';
import { PoolFacts } from './pool-facts';
import type { PoolReply } from '../../shared/pool-calls';
import { replyOf, type FacadeCommand, type PoolFacade } from './pool-facade';
import { ExecutorCommands } from './executor-commands';
import { PoolCommands } from './pool-commands';
import type { PoolWorkers, WorkerExit } from './pool-workers';
import type { CrashPolicy } from './runner-port';
import { TaskRunner } from './task-runner';

/** Pools kept at once, ended ones included (each keeps its view and facts until deleted): the book stays bounded. */
export const MAX_POOLS = 64;

export interface PoolsDeps {
  readonly clock: Clock;
  readonly emit: (event: LabEventBody) => void;
  readonly workers: PoolWorkers;
  /** CPUs the host may use: Python's default sizes follow them. */
  readonly cpus: () => number;
  /** Workers the lab may still start (its live-worker limit less those alive). */
  readonly room: () => number;
}

interface PoolEntry {
  readonly spec: PoolSpec;
  readonly runner: TaskRunner;
  readonly facade: PoolFacade;
  readonly facts: PoolFacts;
  /** Every worker of the pool has exited (runner.whenEnded). */
  ended: boolean;
}

const done = (value?: Item): CommandOutcome => ({ ok: true, result: value === undefined ? { workerIds: [] } : { workerIds: [], value } });
const refused = (error: string): CommandOutcome => ({ ok: false, error });

/** Python's own behaviour when a worker dies under a task, by api and runtime (shared/pools.ts CRASH_CHOICES). */
export function crashPolicyOf(spec: CreatePool): CrashPolicy {
  if (spec.onCrash === 'reject') return 'reject';
  return spec.api === 'executor' && spec.runtime === 'process' ? 'break' : 'lose';
}

/**
 * A function the pool's workers cannot call, refused before anything is made: not the task library's, and
 * the pool has no module (with a module, its worker checks the module's exports). Null when it may run.
 */
function unknownFunctionOf(entry: PoolEntry, command: FacadeCommand): CommandOutcome | null {
  if (command.type !== 'pool.apply' && command.type !== 'pool.map') return null;
  if (isLibraryFunction(command.fn) || entry.spec.module !== undefined) return null;
  return refused(unknownFunction(command.fn));
}

/**
 * A submit to a pool whose workers are gone or going (broken because none could start, or terminated while
 * its facade still runs: an executor's terminate), refused in Python's words before the facade tries; the
 * facades' own states cover close and shutdown. Null when it may take tasks.
 */
function notRunningOf(entry: PoolEntry, command: FacadeCommand): CommandOutcome | null {
  if (command.type !== 'pool.apply' && command.type !== 'pool.map') return null;
  const { state, reason } = entry.runner;
  if (state === 'running' || state === 'closed') return null;
  if (entry.spec.api === 'pool') return refused(`ValueError: Pool not running${reason === null ? '' : ` (${state}: ${reason})`}`);
  if (state !== 'broken') return refused('RuntimeError: cannot schedule new futures after shutdown');
  // A crash under the 'break' policy says BrokenProcessPool already; a pool whose workers never started does not.
  const broken = entry.spec.runtime === 'process' ? 'BrokenProcessPool' : 'BrokenThreadPool';
  return refused(reason !== null && reason.startsWith('Broken') ? reason : `${broken}: ${reason ?? 'the pool is not usable anymore'}`);
}

/**
 * A module a pool's workers would import, looked at once before any worker starts: a path that is not a
 * file would only break the pool a moment later, three starts on.
 */
function moduleRefusal(module: string | undefined): string | null {
  if (module === undefined) return null;
  try {
    if (statSync(module).isFile()) return null;
    return `module ${excerpt(module, 200)} is not a file: a pool's module is a .js, .cjs or .mjs file whose functions its workers run`;
  } catch {
    return `module ${excerpt(module, 200)} cannot be read: no such file, or no permission`;
  }
}

/** The size Python picks when none is given. */
export function defaultSizeOf(spec: CreatePool, cpus: number): number {
  if (spec.api === 'pool') return defaultPoolSize(cpus);
  return spec.runtime === 'thread' ? defaultThreadExecutorSize(cpus) : defaultProcessExecutorSize(cpus);
}

/**
 * The lab's pools by name: runs the `pool.*` commands on each pool's facade (Python's Pool, or an
 * executor) over its TaskRunner, tells `pool.created`, `pool.state` and `pool.deleted` (the runner's fact
 * sink tells the tasks and slots), and hands each worker's reports and end to the runner that owns it.
 */
export class Pools {
  private readonly pools = new Map<string, PoolEntry>();

  constructor(private readonly deps: PoolsDeps) {}

  /** The runner a worker belongs to, for its task reports and its end. */
  runnerOf(workerId: string): TaskRunner | undefined {
    for (const entry of this.pools.values()) if (entry.runner.hasWorker(workerId)) return entry.runner;
    return undefined;
  }

  workerEnded(workerId: string, exit: WorkerExit): void {
    this.runnerOf(workerId)?.workerEnded(workerId, exit);
  }

  run(command: PoolCommand): CommandOutcome | Promise<CommandOutcome> {
    if (command.type === 'pool.create') return this.create(command.pool);
    const entry = this.pools.get(command.pool);
    if (entry === undefined) return refused(`no pool named "${command.pool}"${this.pools.size === 0 ? ': create one first' : ''}`);
    switch (command.type) {
      case 'pool.resize':
        return this.resize(entry, command.size);
      case 'pool.delete':
        return this.delete(entry);
      case 'pool.apply':
      case 'pool.map':
      case 'pool.cancel':
      case 'pool.close':
      case 'pool.terminate':
      case 'pool.join':
      case 'pool.shutdown':
        return unknownFunctionOf(entry, command) ?? notRunningOf(entry, command) ?? this.admission(entry, command) ?? entry.facade.run(command);
      default:
        return assertNever(command);
    }
  }

  /** A user's script's call (pool-calls.ts): answered with values where Python's call gives them. */
  async call(command: PoolCommand): Promise<PoolReply> {
    if (command.type === 'pool.create' || command.type === 'pool.resize' || command.type === 'pool.delete') return replyOf(await this.run(command));
    const entry = this.pools.get(command.pool);
    if (entry === undefined) return replyOf(await this.run(command));
    const refusal = unknownFunctionOf(entry, command) ?? notRunningOf(entry, command) ?? this.admission(entry, command);
    return refusal === null ? entry.facade.call(command) : replyOf(refusal);
  }

  /** A submit that would take the lab past its bound on unfinished work (admission.ts), refused before any task is made. */
  private admission(entry: PoolEntry, command: FacadeCommand): CommandOutcome | null {
    if (command.type !== 'pool.apply' && command.type !== 'pool.map') return null;
    let tasks = 0;
    let calls = 0;
    for (const each of this.pools.values()) {
      const held = each.runner.unfinished;
      // A result held behind a slow callback is not ready yet, and holds its value: it counts as a task.
      tasks += held.tasks + each.facade.undelivered;
      calls += held.calls;
    }
    const refusal = admissionRefusal({ tasks, calls }, madeBy(entry.spec, entry.runner.size, command));
    return refusal === null ? null : refused(refusal);
  }

  private create(asked: CreatePool): CommandOutcome {
    if (this.pools.size >= MAX_POOLS) return refused(`the lab keeps at most ${MAX_POOLS} pools, ended ones included: delete one that has ended first`);
    if (this.pools.has(asked.name)) return refused(`a pool named "${asked.name}" already exists: pick another name, or delete it once it has ended`);
    const badModule = moduleRefusal(asked.module);
    if (badModule !== null) return refused(badModule);
    const spec: PoolSpec = { ...asked, size: asked.size ?? defaultSizeOf(asked, this.deps.cpus()) };
    const room = this.deps.room();
    if (spec.size > room) return refused(`a pool of ${spec.size} workers does not fit: the lab may start ${room} more workers now (its live-worker limit)`);
    const { clock, emit } = this.deps;
    this.deps.emit({ type: 'pool.created', pool: spec });
    const facts = new PoolFacts({ pool: spec.name, clock, emit });
    const runner = new TaskRunner({
      pool: spec.name,
      runtime: spec.runtime,
      size: spec.size,
      maxTasksPerChild: spec.maxTasksPerChild,
      module: spec.module ?? null,
      crash: crashPolicyOf(spec),
      workers: this.deps.workers,
      clock,
      facts,
      // The steps that led to a state come first: a page must not see a task end after its pool did.
      onState: (state, reason) => {
        facts.flush();
        emit({ type: 'pool.state', pool: spec.name, state, reason });
      },
    });
    const facade: PoolFacade = spec.api === 'pool' ? new PoolCommands(runner, facts, clock) : new ExecutorCommands(spec.runtime, runner, facts, clock, crashPolicyOf(spec));
    const entry: PoolEntry = { spec, runner, facade, facts, ended: false };
    this.pools.set(spec.name, entry);
    void runner.whenEnded().then(() => (entry.ended = true));
    emit({ type: 'pool.state', pool: spec.name, state: runner.state, reason: runner.reason });
    return done();
  }

  private resize(entry: PoolEntry, size: number): CommandOutcome {
    if (entry.runner.state !== 'running') return refused(`pool "${entry.spec.name}" is ${entry.runner.state}: only a running pool can be resized`);
    const room = this.deps.room();
    const more = size - entry.runner.size;
    if (more > room) return refused(`${more} more workers do not fit: the lab may start ${room} more now (its live-worker limit)`);
    entry.runner.resize(size);
    return done(size);
  }

  private delete(entry: PoolEntry): CommandOutcome {
    const { state } = entry.runner;
    if (state !== 'ended' && state !== 'broken') return refused(`pool "${entry.spec.name}" is ${state}: close or terminate it, and delete it once its workers have ended`);
    if (!entry.ended) return refused(`pool "${entry.spec.name}" still has workers ending: delete it once they have`);
    this.pools.delete(entry.spec.name);
    entry.facts.flush();
    this.deps.emit({ type: 'pool.deleted', pool: entry.spec.name });
    return done();
  }

  /** The lab is stopping: every pool's workers end now (the supervisor's shutdown ends them too). */
  async stop(): Promise<void> {
    await Promise.all([...this.pools.values()].map((entry) => entry.runner.terminate()));
  }
}
