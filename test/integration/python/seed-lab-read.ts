import { expect } from 'vitest';
import type { SyncFact, SyncFactOf, SyncFactOp } from '../../../src/shared/facts';
import type { WorkerView } from '../../../src/shared/lab-state';
import type { PoolTaskView, PoolView } from '../../../src/shared/pool-states';
import { waitFor } from '../../support/wait';
import { SeedLab } from './seed-lab-run';

/**
 * What the seed-lab-<topic>.test.ts files read from a run under the lab, beyond seed-lab-run.ts: the facts of
 * one op, the rows of threads and processes, the order of the lab's own events, a pool's tasks.
 */

export const ops = <Op extends SyncFactOp>(facts: readonly SyncFact[], op: Op) => facts.filter((fact): fact is SyncFactOf<Op> => fact.op === op);

/** Runs a program that ends by itself: exit 0, every row of it ended (all its facts are in), then `check`. */
export async function runToEnd(program: string, check: (run: SeedLab) => void | Promise<void>, exitCode = 0): Promise<void> {
  const run = await SeedLab.start(program);
  try {
    await toEnd(run, exitCode);
    await check(run);
  } finally {
    await run.stop();
  }
}

/**
 * Waits for the program to end at `exitCode`, then for the lab to settle: every row ended and nothing new
 * for a while. Not only the rows it has: on a busy machine the main process's end can be seen while its
 * children's connections (each with its hello and facts) still wait to be read, and their rows come after.
 */
export async function toEnd(run: SeedLab, exitCode = 0): Promise<void> {
  expect(await run.exitCode(60_000), run.stdout()).toBe(exitCode);
  let seen = -1;
  let since = 0;
  await waitFor('its processes and threads to end, and the lab to settle', () => {
    const ended = Object.values(run.harness.lab.state().workers).every((worker) => worker.exit !== null || worker.state === 'exited');
    const count = run.harness.events.filter((event) => OF_THE_PROGRAM.test(event.type)).length;
    if (!ended || count !== seen) {
      seen = count;
      since = Date.now();
      return false;
    }
    return Date.now() - since >= SETTLED_MS;
  }, 30_000);
}

/** How long the lab must have had nothing new to say of the program to count as settled. */
const SETTLED_MS = 1_000;
/** The events that say something of the program (not the samplers' nor the rest of the machine's). */
const OF_THE_PROGRAM = /^(worker|python|sync|pool)\./;

/** The rows of the threads the lab shows in one process (the root's if not named), MainThread left out. */
export function threadsOf(run: SeedLab, processWorker = run.root): WorkerView[] {
  return Object.values(run.harness.lab.state().workers).filter((worker) => worker.kind === 'thread' && worker.observed?.process === processWorker && worker.name !== 'MainThread');
}

/** The rows of the observed child processes of the program of one role (multiprocessing's Process by default). */
export function processRows(run: SeedLab, role = 'process'): WorkerView[] {
  const ids = new Set(run.processes(role).map((each) => each.workerId));
  return Object.values(run.harness.lab.state().workers).filter((worker) => ids.has(worker.id));
}

/** Names to exit codes, as the rows show them. */
export const exitsByName = (rows: readonly WorkerView[]) => Object.fromEntries(rows.map((row) => [row.name, row.exit?.exitCode]));

/** Where in the lab's event log a worker's row became ready (started) or ended: the order the lab learnt them in. */
export function readyAt(run: SeedLab, workerId: string): number {
  return found(`${run.name(workerId)} ready`, run.harness.events.findIndex((event) => event.type === 'worker.ready' && event.workerId === workerId));
}
export function exitedAt(run: SeedLab, workerId: string): number {
  return found(`${run.name(workerId)} exited`, run.harness.events.findIndex((event) => event.type === 'worker.exited' && event.workerId === workerId));
}

/** Where in the lab's event log the root's stdout (the Output view) first contained `text`. */
export function printedAt(run: SeedLab, text: string): number {
  let seen = '';
  const at = run.harness.events.findIndex((event) => {
    if (event.type !== 'worker.output' || event.workerId !== run.root || event.stream !== 'stdout') return false;
    seen += event.text;
    return seen.includes(text);
  });
  return found(`"${text}" printed`, at);
}

/** An index in the event log, or a failure that says what never came: -1 would pass every "before" check. */
function found(what: string, at: number): number {
  if (at < 0) throw new Error(`never in the lab's event log: ${what}`);
  return at;
}

/** A pool as the Pools view shows it. */
export function poolOf(run: SeedLab, name: string): PoolView {
  const pool = run.harness.lab.state().pools[name];
  if (pool === undefined) throw new Error(`no pool ${name} in the Pools view: ${Object.keys(run.harness.lab.state().pools).join(', ')}`);
  return pool;
}

const stepAt = (task: PoolTaskView, step: string) => task.steps.find((each) => each.step === step)?.t;

/**
 * The most tasks running at once, from the tasks' running and done (or failed) steps: what the Pools view's
 * task strips show side by side. A worker stamps its running step and the parent its done step, so a
 * worker's next running may be stamped just before its previous done; a slot counts once.
 */
export function mostRunningAtOnce(pool: PoolView): number {
  const moments = pool.tasks.flatMap((task) => {
    const running = task.steps.find((each) => each.step === 'running');
    const end = stepAt(task, 'done') ?? stepAt(task, 'failed');
    return running === undefined || end === undefined ? [] : [{ t: running.t, slot: running.slot, delta: 1 }, { t: end, slot: running.slot, delta: -1 }];
  });
  moments.sort((a, b) => a.t - b.t || a.delta - b.delta);
  const bySlot = new Map<number | null, number>();
  let most = 0;
  for (const moment of moments) {
    bySlot.set(moment.slot, (bySlot.get(moment.slot) ?? 0) + moment.delta);
    most = Math.max(most, [...bySlot.values()].filter((count) => count > 0).length);
  }
  return most;
}

/** The tasks' slots, as the Pools view draws which worker ran each. */
export const slotsUsed = (pool: PoolView) => [...new Set(pool.tasks.flatMap((task) => task.steps.map((step) => step.slot)).filter((slot) => slot !== null))].sort();
