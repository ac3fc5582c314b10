import { describeExitCode } from '../../shared/exit-code';
import type { LabState, WorkerView } from '../../shared/lab-state';
import type { PoolSlotView, PoolTaskView, PoolView } from '../../shared/pool-states';
import { formatPercent } from '../format/units';

/** One worker slot of a pool, as its row shows it. */
export interface SlotRow {
  readonly slot: number;
  /** Null between a worker's death and its replacement's start. */
  readonly workerId: string | null;
  readonly workerName: string | null;
  /** "exit -15 (SIGTERM)" once its worker has ended and no worker has taken the slot since (a broken pool's). */
  readonly ended: string | null;
  /** The task it runs now; null: idle. */
  readonly task: { readonly id: number; readonly words: string; readonly title: string } | null;
  readonly done: number;
  /** Share of its time running a task since it took the slot, 0..1; null before it has any time. */
  readonly utilisation: number | null;
  /** What its Kill worker button does, in words: SIGKILL for a process, worker.terminate() for a thread. */
  readonly killWords: string;
}

/** The pools in creation order. */
export function poolEntries(state: Pick<LabState, 'pools' | 'poolOrder'>): PoolView[] {
  return state.poolOrder.flatMap((name) => {
    const pool = state.pools[name];
    return pool === undefined ? [] : [pool];
  });
}

export function slotRowsOf(pool: PoolView, workerOf: (workerId: string) => WorkerView | undefined, now: number): SlotRow[] {
  const fnOf = taskFunctions(pool);
  return pool.slots.map((slot) => {
    const task = slot.taskId === null ? null : taskWords(slot.taskId, fnOf.get(slot.taskId));
    const worker = slot.workerId === null ? undefined : workerOf(slot.workerId);
    return {
      slot: slot.slot,
      workerId: slot.workerId,
      workerName: slot.workerId === null ? null : (worker?.name ?? slot.workerId),
      ended: worker?.exit == null ? null : `exit ${describeExitCode(worker.exit.exitCode, worker.exit.signal)}`,
      task,
      done: slot.done,
      utilisation: utilisationOf(slot, now),
      killWords: killWordsOf(pool.spec.runtime, worker?.name ?? slot.workerId ?? `pool worker ${slot.slot}`),
    };
  });
}

/** A thread has no signals: the lab stops it with worker.terminate(), and it exits with code 1 (ConfirmKill says the same). */
function killWordsOf(runtime: PoolView['spec']['runtime'], name: string): string {
  return runtime === 'thread' ? `stop ${name} mid-task with worker.terminate() (a thread has no signals): exit code 1` : `SIGKILL ${name} mid-task: exit code -9`;
}

export function formatUtilisation(share: number | null): string {
  return share === null ? '–' : formatPercent(share * 100);
}

/** What each busy slot's task calls, from the tasks explain mode kept (a task not kept shows by its id). */
function taskFunctions(pool: PoolView): ReadonlyMap<number, PoolTaskView> {
  const busy = new Set(pool.slots.flatMap((slot) => (slot.taskId === null ? [] : [slot.taskId])));
  const found = new Map<number, PoolTaskView>();
  for (let index = pool.tasks.length - 1; index >= 0 && found.size < busy.size; index--) {
    const task = pool.tasks[index]!;
    if (busy.has(task.id)) found.set(task.id, task);
  }
  return found;
}

/** "sleep #42", "square #7 (25 items)": short enough for its cell; the title says which map and chunk. */
function taskWords(id: number, task: PoolTaskView | undefined): { id: number; words: string; title: string } {
  const fn = task?.fn ?? 'task';
  const map = task?.map ?? null;
  const items = map === null || map.items === 1 ? '' : ` (${map.items} items)`;
  const which = map === null ? '' : `, map ${map.mapId} chunk ${map.chunk + 1}${map.items === 1 ? '' : ` of ${map.items} items`}`;
  return { id, words: `${fn} #${id}${items}`, title: `task ${id}: ${fn}${which}` };
}

/** Busy time over the time since the slot's worker took it, counting the task it runs now up to `now`. */
function utilisationOf(slot: PoolSlotView, now: number): number | null {
  const lived = now - slot.since;
  if (lived <= 0) return null;
  const busy = slot.busyMs + (slot.busySince === null ? 0 : Math.max(0, now - slot.busySince));
  return Math.min(1, busy / lived);
}
