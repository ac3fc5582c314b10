import { describe, expect, it } from 'vitest';
import type { PoolView } from '../../../src/shared/pool-states';
import { checksExactly } from './seed-lab-coverage';
import { exitsByName, mostRunningAtOnce, poolOf, printedAt, processRows, runToEnd, slotsUsed } from './seed-lab-read';
import type { SeedLab } from './seed-lab-run';

/**
 * The seeds' Pool and executor programs under the lab (seed-fact-checks.ts): each pool as the Pools view
 * shows it (its size, its tasks' steps and slots, its counts, its state) and its workers' rows. One program
 * at a time (seed-lab.test.ts says why).
 */

const range = (count: number) => Array.from({ length: count }, (_, n) => n + 1);

/** Every task of the pool done (none failed or lost), as many as submitted, all kept (explain mode keeps up to its rate). */
function allDone(pool: PoolView, tasks: number): void {
  expect(pool.counts).toMatchObject({ submitted: tasks, started: tasks, done: tasks, failed: 0, lost: 0, cancelled: 0, rejected: 0 });
  expect(pool.tasks).toHaveLength(tasks);
}

/** Every task done (none failed or lost), its running step (started) not required. */
function doneWithoutRunning(pool: PoolView, tasks: number): void {
  expect(pool.counts).toMatchObject({ submitted: tasks, done: tasks, failed: 0, lost: 0, cancelled: 0, rejected: 0 });
  expect(pool.tasks).toHaveLength(tasks);
}

/** A map's tasks: one map, its chunks 0..n-1 in order, the items of all its chunks. */
function mapItems(pool: PoolView): number {
  const maps = pool.tasks.map((task) => task.map);
  expect(new Set(maps.map((map) => map?.mapId)).size).toBe(1);
  expect(maps.map((map) => map?.chunk)).toEqual(maps.map((_, index) => index));
  return maps.reduce((sum, map) => sum + (map?.items ?? 0), 0);
}

/** The pool's size is its worker processes: as many ForkPoolWorker rows, each a child of the main process. */
function poolWorkers(run: SeedLab, size: number): void {
  const rows = processRows(run, 'pool-worker');
  expect(rows.map((row) => row.name).sort()).toEqual(range(size).map((n) => `ForkPoolWorker-${n}`).sort());
  for (const row of rows) expect(row.ppid).toBe(run.pid());
}

/** 100 Process rows after a pool's `poolSize` workers (which took the first numbers of multiprocessing's count), each ended at 0. */
function hundredProcesses(run: SeedLab, poolSize: number): void {
  expect(exitsByName(processRows(run))).toEqual(Object.fromEntries(range(100).map((n) => [`Process-${poolSize + n}`, 0])));
}

/** The most of the program's Process rows alive at once, in the order the lab learnt of their starts and ends. */
function mostProcessesAlive(run: SeedLab): number {
  const ids = new Set(processRows(run).map((row) => row.id));
  let alive = 0;
  let most = 0;
  for (const event of run.harness.events) {
    if (event.type === 'worker.ready' && ids.has(event.workerId)) most = Math.max(most, ++alive);
    if (event.type === 'worker.exited' && ids.has(event.workerId)) alive--;
  }
  return most;
}

const CHECKS: Record<string, (run: SeedLab) => void> = {
  'multiprocess-tour/09_pool_apply_async_timeout.py': (run) => {
    const pool = poolOf(run, 'pool');
    expect(pool.spec).toMatchObject({ api: 'pool', runtime: 'process', size: 4 });
    allDone(pool, 10);
    expect(new Set(pool.tasks.map((task) => task.fn))).toEqual(new Set(['f']));
    // apply_async: up to 4 at once, on the 4 workers; get(timeout=10) never timed out (every task done).
    expect(mostRunningAtOnce(pool)).toBe(4);
    expect(slotsUsed(pool)).toEqual([1, 2, 3, 4]);
    poolWorkers(run, 4);
  },
  'pipe-manager-pool/08_pool_map.py': (run) => {
    const pool = poolOf(run, 'pool');
    expect(pool.spec).toMatchObject({ size: 4 });
    allDone(pool, pool.tasks.length);
    // map cuts range(100) into chunks (a chunksize of its own); never more than 4 running, and 4 at times.
    expect(mapItems(pool)).toBe(100);
    expect(mostRunningAtOnce(pool)).toBe(4);
    poolWorkers(run, 4);
  },
  'pipe-manager-pool/09_pool_vs_processes_cpu_light.py': (run) => {
    const cores = run.harness.find('lab.started')!.cores;
    const pool = poolOf(run, 'pool');
    // Pool(): os.cpu_count() workers, the lab's count of cores.
    expect(pool.spec.size).toBe(cores);
    // Not allDone: its tasks are trivial, and a trivial task's running step is missing at times (PARTLY).
    doneWithoutRunning(pool, pool.tasks.length);
    expect(mapItems(pool)).toBe(100);
    poolWorkers(run, cores);
    // Then the same work as 100 processes of their own, each started and ended.
    hundredProcesses(run, cores);
  },
  'pipe-manager-pool/10_pool_vs_processes_sleep.py': (run) => {
    const pool = poolOf(run, 'pool');
    allDone(pool, pool.tasks.length);
    expect(mapItems(pool)).toBe(100);
    expect(mostRunningAtOnce(pool)).toBe(4);
    // 100 processes that each sleep 0.1 s: many more alive at once than the pool's 4 workers.
    hundredProcesses(run, 4);
    expect(mostProcessesAlive(run)).toBeGreaterThan(4);
  },
  'pipe-manager-pool/11_pool_apply.py': (run) => {
    const pool = poolOf(run, 'p');
    allDone(pool, 10);
    // apply() waits for each result: one task at a time, each submitted after the one before was done.
    expect(mostRunningAtOnce(pool)).toBe(1);
    const at = (index: number, step: string) => pool.tasks[index]!.steps.find((each) => each.step === step)!.t;
    for (let index = 1; index < 10; index++) expect(at(index, 'submitted')).toBeGreaterThan(at(index - 1, 'done'));
    poolWorkers(run, 4);
  },
  'pipe-manager-pool/12_pool_apply_async_get.py': (run) => {
    const pool = poolOf(run, 'p');
    allDone(pool, 10);
    // All ten submitted before the first get(): up to 4 at once.
    expect(mostRunningAtOnce(pool)).toBe(4);
    const submitted = pool.tasks.map((task) => task.steps.find((each) => each.step === 'submitted')!.t);
    const firstDone = Math.min(...pool.tasks.map((task) => task.steps.find((each) => each.step === 'done')!.t));
    expect(Math.max(...submitted)).toBeLessThan(firstDone);
  },
  'pipe-manager-pool/13_pool_close_join.py': (run) => {
    const pool = poolOf(run, 'p');
    allDone(pool, 10);
    // close() before any task ended, then join() until all were done; only then the results are read.
    const closed = run.harness.events.find((event) => event.type === 'pool.state' && event.pool === 'p' && event.state === 'closed');
    expect(closed).toBeDefined();
    const done = pool.tasks.map((task) => task.steps.find((each) => each.step === 'done')!.t);
    expect(closed!.t).toBeLessThan(Math.max(...done));
    expect(printedAt(run, '结果>>> 0')).toBeGreaterThan(run.harness.events.indexOf(closed!));
  },
  'pipe-manager-pool/14_pool_callback.py': (run) => {
    const pool = poolOf(run, 'p');
    // Not allDone: a trivial task's running step is missing at times (PARTLY); when it is there, it has a slot.
    doneWithoutRunning(pool, 1);
    expect(pool.counts.callbacks).toBe(1);
    const [task] = pool.tasks;
    expect(task!.fn).toBe('func1');
    // Done on a worker (its own pid in stdout), then its callback in the main process after it was done.
    expect(task!.steps.map((step) => step.step)).toEqual(expect.arrayContaining(['done', 'callback']));
    const t = (step: string) => task!.steps.find((each) => each.step === step)!.t;
    expect(t('callback')).toBeGreaterThanOrEqual(t('done'));
    const running = task!.steps.find((step) => step.step === 'running');
    if (running !== undefined) expect(running.slot).not.toBeNull();
    expect(run.stdout()).toContain(`func2 ${run.pid()}\n`);
    expect(run.stdout()).not.toContain(`func1 ${run.pid()}\n`);
  },
  'threads-processes-join/03_thread_pool_executor.py': (run) => {
    const pool = poolOf(run, 'pool');
    expect(pool.spec).toMatchObject({ api: 'executor', runtime: 'thread', size: 2 });
    allDone(pool, 2);
    expect(pool.tasks.map((task) => task.fn)).toEqual(['action', 'action']);
    // Its threads are rows of the one process, named by the executor.
    expect(run.processes()).toEqual([]);
    const threads = Object.values(run.harness.lab.state().workers).filter((worker) => worker.kind === 'thread' && worker.name.startsWith('ThreadPoolExecutor-0_'));
    expect(threads.length).toBeGreaterThanOrEqual(1);
    expect(threads.length).toBeLessThanOrEqual(2);
    expect(run.stdout().trimEnd().split('\n').slice(-2)).toEqual(['1225', '4950']);
  },
  'threads-processes-join/04_pool_starmap.py': (run) => {
    const pool = poolOf(run, 'pool');
    expect(pool.spec).toMatchObject({ size: 3 });
    allDone(pool, 3);
    // starmap of 3 pairs: one chunk each, in input order, results in that order.
    expect(mapItems(pool)).toBe(3);
    expect(new Set(pool.tasks.map((task) => task.fn))).toEqual(new Set(['add']));
    expect(run.stdout().split('\n')[0]).toBe('[3, 7, 11]');
    poolWorkers(run, 3);
  },
  'threads-processes-join/05_pool_needs_manager_queue.py': (run) => {
    const pool = poolOf(run, 'pool');
    // The first apply fails to send its task (a multiprocessing Queue cannot be pickled to a Pool's
    // worker); the second, with a Manager's Queue, runs and is done.
    expect(pool.counts).toMatchObject({ submitted: 2, started: 1, done: 1, failed: 1 });
    const failed = pool.tasks[0]!.steps.find((step) => step.step === 'failed');
    expect(failed?.detail).toBe('RuntimeError: Queue objects should only be shared between processes through inheritance');
    expect(pool.tasks[0]!.steps.some((step) => step.step === 'running')).toBe(false);
    expect(pool.tasks[1]!.steps.map((step) => step.step)).toContain('done');
    expect(processRows(run, 'manager')).toHaveLength(1);
    // The Manager's Queue is a Queue of the lab's: the worker's put (its proxy rebuilt from the task's pickle,
    // announced with the same shared key), the main's get, and the depth the host counts over both. Named q.2
    // (the multiprocessing Queue q still lives) when the main's announcement is folded first; Queue-1, the
    // worker's, when the main's stream still waits (up to 3 s, python-pools.ts) at the first task's failure
    // for a task.run that never comes (it failed at its send): which comes first is the merge's.
    const name = run.harness.all('sync.created').map((event) => event.primitive.name).find((each) => each !== 'q')!;
    expect(['q.2', 'Queue-1']).toContain(name);
    const workers = new Set(run.processes('pool-worker').map((each) => each.workerId));
    const facts = run.facts(name).filter((fact) => fact.op === 'queue.put' || fact.op === 'queue.get');
    expect(facts.map((fact) => `${fact.op} ${'depth' in fact ? fact.depth : ''} by ${workers.has(run.harness.lab.state().workers[fact.actor]?.observed?.process ?? '') ? 'a pool worker' : run.name(fact.actor)}`)).toEqual(['queue.put 1 by a pool worker', 'queue.get 0 by MainThread']);
    expect(run.harness.lab.state().sync.states[name]).toMatchObject({ kind: 'Queue', origin: 'observed', puts: 1, gets: 1, depth: 0 });
  },
  'threads-processes-join/13_pool_map_error.py': (run) => {
    const pool = poolOf(run, 'pool');
    expect(pool.counts).toMatchObject({ submitted: 12, done: 11, failed: 1 });
    const byMap = (mapId: number) => pool.tasks.filter((task) => task.map?.mapId === pool.tasks[0]!.map!.mapId + mapId);
    // The first map: the task for 3 failed with its ValueError (and map raised it); the second: 6 done.
    const failed = byMap(0).filter((task) => task.steps.some((step) => step.step === 'failed'));
    expect(failed.map((task) => ({ chunk: task.map?.chunk, detail: task.steps.find((step) => step.step === 'failed')?.detail }))).toEqual([{ chunk: 3, detail: 'ValueError: bad input 3' }]);
    expect(byMap(1).map((task) => task.steps.at(-1)?.step)).toEqual(['done', 'done', 'done', 'done', 'done', 'done']);
    expect(run.stdout().split('\n')[0]).toBe('map raised: bad input 3');
  },
  'threads-processes-join/14_pool_lambda_not_picklable.py': (run) => {
    const pool = poolOf(run, 'pool');
    // A lambda cannot be pickled: every task of the map failed to be sent, none ran.
    expect(pool.counts).toMatchObject({ started: 0, done: 0 });
    expect(pool.counts.failed).toBe(pool.counts.submitted);
    expect(pool.counts.failed).toBeGreaterThan(0);
    for (const task of pool.tasks) expect(task.steps.find((step) => step.step === 'failed')?.detail).toMatch(/^PicklingError: Can't pickle <function <lambda>/);
  },
};

describe('the seeds’ Pool and executor programs under the lab', () => {
  for (const [program, check] of Object.entries(CHECKS)) it(program, () => runToEnd(program, check));

  it('checks here exactly the programs listed for this file', () => {
    checksExactly('seed-lab-pools.test.ts', Object.keys(CHECKS));
  });
});
