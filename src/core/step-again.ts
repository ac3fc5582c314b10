import type { CommandOutcome } from '../shared/protocol';
import type { StartSpec } from '../shared/start-spec';
import type { WorkerDescriptor } from '../shared/worker';
import type { Clock } from './clock';
import type { PlannedChoice, StepGate } from './sync/step-gate';

/** How long "again" waits for the last run's workers to end once killed, before it gives up in words. */
export const AGAIN_END_TIMEOUT_MS = 10_000;

export interface StepAgainDeps {
  readonly gate: StepGate;
  /** Every worker the lab knows, in the order they were asked for (live or ended). */
  readonly workers: () => readonly WorkerDescriptor[];
  readonly isLive: (workerId: string) => boolean;
  readonly kill: (workerIds: readonly string[]) => CommandOutcome | Promise<CommandOutcome>;
  /** Resolves true once every one of these workers has ended, false after `timeoutMs`. */
  readonly whenEnded: (workerIds: readonly string[], timeoutMs: number) => Promise<boolean>;
  readonly start: (spec: StartSpec) => CommandOutcome | Promise<CommandOutcome>;
}

/**
 * "Again with this schedule" (docs/step-mode.md): the workers of the last step session's groups are ended if
 * they still run (a deadlock's never will), started again as they were (same runtime, task, group sizes, so
 * they meet at the same start line), and step mode is turned on with a replay of the choices, mapped from the
 * old workers to the new ones in start order. `upTo` replays only the first choices: undo, for real
 * processes, is running them again to that point, since what a process did cannot be taken back.
 */
export async function stepAgain(deps: StepAgainDeps, upTo: number | undefined): Promise<CommandOutcome> {
  const choices = deps.gate.choices();
  if (choices.length === 0) return { ok: false, error: 'no schedule to replay yet: turn step mode on, start workers, and release them one by one' };
  const known = deps.workers();
  const chosen = new Set(choices.map((choice) => choice.workerId));
  const groups = [...new Set(known.filter((worker) => chosen.has(worker.id)).map((worker) => worker.groupId))];
  const members = groups.map((groupId) => known.filter((worker) => worker.groupId === groupId));
  const specs: StartSpec[] = [];
  for (const group of members) {
    const spec = specOf(group[0]!, group.length);
    if (typeof spec === 'string') return { ok: false, error: spec };
    specs.push(spec);
  }
  const live = members.flat().filter((worker) => deps.isLive(worker.id)).map((worker) => worker.id);
  if (live.length > 0) {
    const killed = await deps.kill(live);
    if (!killed.ok) return killed;
    if (!(await deps.whenEnded(live, AGAIN_END_TIMEOUT_MS))) return { ok: false, error: `the last run's workers did not end within ${AGAIN_END_TIMEOUT_MS / 1000} s of SIGKILL: try again` };
  }
  // On before the start, so that the new workers' first operations are held (and the replay releases them).
  const mapping = new Map<string, string>();
  const plan: PlannedChoice[] = [];
  deps.gate.setMode(true, plan);
  const started: string[] = [];
  for (const [index, spec] of specs.entries()) {
    const outcome = await deps.start(spec);
    if (!outcome.ok) {
      deps.gate.setMode(false);
      return { ok: false, error: `could not start the workers again: ${outcome.error}` };
    }
    members[index]!.forEach((worker, position) => {
      const again = outcome.result.workerIds[position];
      if (again !== undefined) mapping.set(worker.id, again);
    });
    started.push(...outcome.result.workerIds);
  }
  for (const choice of choices.slice(0, upTo ?? choices.length)) {
    const workerId = mapping.get(choice.workerId);
    if (workerId !== undefined) plan.push({ ...choice, workerId });
  }
  // The plan was empty when step mode went on (the workers had not started): follow it now.
  deps.gate.setMode(true, plan);
  return { ok: true, result: { workerIds: started } };
}

/** The start spec that makes this worker's group again, or why it cannot be. */
function specOf(worker: WorkerDescriptor, count: number): StartSpec | string {
  const namePrefix = worker.name.replace(/-\d+$/, '') || 'worker';
  if (worker.task === null || worker.observed !== undefined) return `${worker.name} was not started by the lab with a task: only the lab's threads and forked processes can be started again`;
  if (worker.kind === 'thread') return { kind: 'thread', count, task: worker.task, namePrefix, daemon: worker.daemon };
  if (worker.method === 'fork') return { kind: 'process', method: 'fork', count, task: worker.task, namePrefix, daemon: worker.daemon, detached: worker.detached };
  return `${worker.name} is a ${worker.method} process, which has no channel to the lab's primitives: it cannot have been stepped`;
}

/** What whenWorkersEnd needs of a supervised worker (managed-worker.ts). */
interface Endable {
  readonly ended: boolean;
  readonly endWaiters: Set<() => void>;
}

/** Resolves true once every one of these workers has ended (or is unknown), false after `timeoutMs` on `clock`. */
export function whenWorkersEnd(workers: ReadonlyArray<Endable | undefined>, clock: Clock, timeoutMs: number): Promise<boolean> {
  const waiting = workers.filter((worker): worker is Endable => worker !== undefined && !worker.ended);
  if (waiting.length === 0) return Promise.resolve(true);
  return new Promise<boolean>((resolve) => {
    let left = waiting.length;
    const cancel = clock.setTimeout(() => {
      for (const worker of waiting) worker.endWaiters.delete(one);
      resolve(false);
    }, timeoutMs);
    function one(): void {
      if (--left > 0) return;
      cancel();
      resolve(true);
    }
    for (const worker of waiting) worker.endWaiters.add(one);
  });
}
