import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LabEvent } from '../../../src/shared/protocol';
import { LabHarness } from '../../support/lab-harness';
import { isRunning } from '../../support/procfs';
import { waitFor } from '../../support/wait';

let harness: LabHarness | null = null;
afterEach(async () => {
  await harness?.stop();
  harness = null;
});

type TasksEvent = Extract<LabEvent, { type: 'pool.tasks' }>;

/** What the page would add up from a pool's `pool.tasks` batches. */
function totals(events: readonly LabEvent[], pool: string) {
  const sum = { submitted: 0, started: 0, done: 0, failed: 0, lost: 0, cancelled: 0, rejected: 0, callbacks: 0 };
  let last: TasksEvent | undefined;
  for (const event of events) {
    if (event.type !== 'pool.tasks' || event.pool !== pool) continue;
    for (const key of Object.keys(sum) as (keyof typeof sum)[]) sum[key] += event.counts[key];
    last = event;
  }
  return { ...sum, backlog: last?.backlog ?? 0, busy: last?.busy ?? [] };
}

describe('pools through the lab\'s commands', () => {
  it.each(['thread', 'process'] as const)('a %s Pool maps 100 items: every chunk done, the backlog drained, the workers idle after', async (runtime) => {
    harness = new LabHarness();
    const lab = harness;
    await lab.ok({ type: 'pool.create', pool: { name: 'p', api: 'pool', runtime, size: 2 } });
    const created = await lab.waitFor('pool.created');
    expect(created?.pool).toMatchObject({ name: 'p', api: 'pool', runtime, size: 2, maxTasksPerChild: null, onCrash: 'python' });
    const mapped = await lab.ok({ type: 'pool.map', pool: 'p', fn: 'square', items: Array.from({ length: 100 }, (_, i) => i) });
    // Python's default chunksize for 100 items on 2 workers: divmod(100, 8) -> 12, remainder -> 13; 8 chunks.
    expect(mapped.value).toEqual({ mapId: 1, tasks: 8 });
    await waitFor('8 chunks done', () => totals(lab.events, 'p').done === 8, 30_000);
    const sum = totals(lab.events, 'p');
    expect(sum).toMatchObject({ submitted: 8, done: 8, failed: 0, lost: 0, backlog: 0 });
    expect(sum.busy.every((task) => task === null)).toBe(true);
    const slots = lab.all('pool.slot').filter((event) => event.pool === 'p');
    expect(slots.map((event) => event.slot).sort()).toEqual([1, 2]);
    // The explain steps of chunk 0 tell its whole way, with its values.
    const steps = lab.all('pool.tasks').flatMap((event) => event.steps).filter((step) => step.id === 1);
    expect(steps.map((step) => step.step)).toEqual(['submitted', 'queued', 'sent', 'running', 'done']);
    expect(steps.at(-1)?.detail).toBe('[0, 1, 4, 9, 16, 25, 36, 49, 64, 81, 100, 121, 144]');
  });

  it('refuses in Python\'s words, and nothing else changes', async () => {
    harness = new LabHarness();
    const lab = harness;
    expect(await lab.refused({ type: 'pool.map', pool: 'nope', fn: 'square', items: [1] })).toMatch(/no pool named "nope"/);
    expect(await lab.refused({ type: 'pool.create', pool: { name: 'p', api: 'pool', runtime: 'thread', size: 0 } })).toMatch(/size/);
    await lab.ok({ type: 'pool.create', pool: { name: 'p', api: 'pool', runtime: 'thread', size: 1 } });
    expect(await lab.refused({ type: 'pool.create', pool: { name: 'p', api: 'pool', runtime: 'thread' } })).toMatch(/already exists/);
    expect(await lab.refused({ type: 'pool.map', pool: 'p', fn: 'cube', items: [1] })).toMatch(/unknown function "cube"/);
    expect(await lab.refused({ type: 'pool.join', pool: 'p' })).toBe('ValueError: Pool is still running');
    await lab.ok({ type: 'pool.close', pool: 'p' });
    expect(await lab.refused({ type: 'pool.apply', pool: 'p', fn: 'square', args: [2] })).toBe('ValueError: Pool not running');
    expect((await lab.ok({ type: 'pool.join', pool: 'p', timeoutMs: 20_000 })).value).toBe(true);
    await waitFor('the pool ended', () => lab.all('pool.state').some((event) => event.pool === 'p' && event.state === 'ended'), 20_000);
    await lab.ok({ type: 'pool.delete', pool: 'p' });
    expect((await lab.waitFor('pool.deleted')).pool).toBe('p');
    // The name is free again.
    await lab.ok({ type: 'pool.create', pool: { name: 'p', api: 'pool', runtime: 'thread', size: 1 } });
  });

  it('a Pool whose busy worker is killed replaces it and the task is lost (Python never returns its result)', async () => {
    harness = new LabHarness();
    const lab = harness;
    await lab.ok({ type: 'pool.create', pool: { name: 'k', api: 'pool', runtime: 'process', size: 1 } });
    const applied = await lab.ok({ type: 'pool.apply', pool: 'k', fn: 'sleep', args: [30_000] });
    const taskId = applied.value as number;
    await waitFor('the task runs', () => totals(lab.events, 'k').started === 1, 20_000);
    const workerId = lab.all('pool.slot').find((event) => event.pool === 'k')!.workerId!;
    await lab.ok({ type: 'kill', workerIds: [workerId] });
    await waitFor('the task is lost', () => totals(lab.events, 'k').lost === 1, 20_000);
    const lost = lab.all('pool.tasks').flatMap((event) => event.steps).find((step) => step.id === taskId && step.step === 'lost');
    expect(lost?.detail).toMatch(/-9/);
    await waitFor('a new worker in slot 1', () => lab.all('pool.slot').filter((event) => event.pool === 'k' && event.workerId !== null).length === 2, 20_000);
    // The pool still works.
    await lab.ok({ type: 'pool.apply', pool: 'k', fn: 'square', args: [7] });
    await waitFor('the next task done', () => totals(lab.events, 'k').done === 1, 20_000);
  });
});

describe('a worker killed mid-task, three outcomes', () => {
  /** Starts one long task on a one-worker pool, kills its worker, and gives the pool's events after. */
  async function killBusyWorker(lab: LabHarness, pool: string) {
    await lab.ok({ type: 'pool.apply', pool, fn: 'sleep', args: [30_000] });
    // Two more that wait in the backlog behind it.
    await lab.ok({ type: 'pool.apply', pool, fn: 'square', args: [2] });
    await lab.ok({ type: 'pool.apply', pool, fn: 'square', args: [3] });
    await waitFor('the long task runs', () => totals(lab.events, pool).started >= 1, 20_000);
    const workerId = lab.all('pool.slot').find((event) => event.pool === pool)!.workerId!;
    await lab.ok({ type: 'kill', workerIds: [workerId] });
    return workerId;
  }

  it('ProcessPoolExecutor breaks: every pending future fails with BrokenProcessPool, submit is refused', async () => {
    harness = new LabHarness();
    const lab = harness;
    await lab.ok({ type: 'pool.create', pool: { name: 'x', api: 'executor', runtime: 'process', size: 1 } });
    await killBusyWorker(lab, 'x');
    await waitFor('the pool is broken', () => lab.all('pool.state').some((event) => event.pool === 'x' && event.state === 'broken'), 20_000);
    await waitFor('all three rejected', () => totals(lab.events, 'x').rejected === 3, 5_000).catch((error: unknown) => {
      throw new Error(`${String(error)}: ${JSON.stringify(totals(lab.events, 'x'))} ${JSON.stringify(lab.all('pool.tasks').flatMap((event) => event.steps))}`);
    });
    const rejected = lab.all('pool.tasks').flatMap((event) => event.steps).filter((step) => step.step === 'rejected');
    expect(rejected.every((step) => step.detail?.startsWith('BrokenProcessPool'))).toBe(true);
    expect(await lab.refused({ type: 'pool.apply', pool: 'x', fn: 'square', args: [4] })).toMatch(/^BrokenProcessPool: /);
  });

  it('the lab\'s reject policy: that task fails, a new worker takes the slot, the rest run', async () => {
    harness = new LabHarness();
    const lab = harness;
    await lab.ok({ type: 'pool.create', pool: { name: 'r', api: 'pool', runtime: 'process', size: 1, onCrash: 'reject' } });
    const killed = await killBusyWorker(lab, 'r');
    await waitFor('the other two done', () => totals(lab.events, 'r').done === 2, 20_000);
    const sum = totals(lab.events, 'r');
    expect(sum).toMatchObject({ rejected: 1, lost: 0, done: 2 });
    const rejected = lab.all('pool.tasks').flatMap((event) => event.steps).find((step) => step.step === 'rejected');
    expect(rejected?.detail).toMatch(/exit code -9/);
    const slots = lab.all('pool.slot').filter((event) => event.pool === 'r' && event.workerId !== null);
    expect(slots.map((event) => event.workerId)).toEqual([killed, expect.not.stringMatching(killed)]);
    expect(lab.all('pool.state').filter((event) => event.pool === 'r').map((event) => event.state)).toEqual(['running']);
  });

  it('a ThreadPoolExecutor: cancel succeeds only while a future waits in the backlog; shutdown(cancelFutures) cancels the rest', async () => {
    harness = new LabHarness();
    const lab = harness;
    await lab.ok({ type: 'pool.create', pool: { name: 't', api: 'executor', runtime: 'thread', size: 1 } });
    const first = (await lab.ok({ type: 'pool.apply', pool: 't', fn: 'sleep', args: [500] })).value as number;
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) ids.push((await lab.ok({ type: 'pool.apply', pool: 't', fn: 'square', args: [i] })).value as number);
    await waitFor('the first runs', () => totals(lab.events, 't').started >= 1, 20_000);
    expect((await lab.ok({ type: 'pool.cancel', pool: 't', taskId: first })).value).toBe(false);
    expect((await lab.ok({ type: 'pool.cancel', pool: 't', taskId: ids.at(-1)! })).value).toBe(true);
    expect(await lab.refused({ type: 'pool.cancel', pool: 't', taskId: 999 })).toMatch(/no task 999/);
    await lab.ok({ type: 'pool.shutdown', pool: 't', wait: true, cancelFutures: true });
    // The first ran; those sent to the worker already ran too; the rest were cancelled, the one asked for among them.
    await waitFor('every task ended', () => totals(lab.events, 't').done + totals(lab.events, 't').cancelled === 7, 20_000);
    const sum = totals(lab.events, 't');
    expect(sum.cancelled).toBeGreaterThanOrEqual(1);
    expect(await lab.refused({ type: 'pool.apply', pool: 't', fn: 'square', args: [1] })).toBe('RuntimeError: cannot schedule new futures after shutdown');
  });

  it('an executor\'s map answers with its tasks, and a future of the map still in the backlog can be cancelled', async () => {
    harness = new LabHarness();
    const lab = harness;
    await lab.ok({ type: 'pool.create', pool: { name: 'm', api: 'executor', runtime: 'thread', size: 1 } });
    const before = (await lab.ok({ type: 'pool.apply', pool: 'm', fn: 'square', args: [2] })).value as number;
    // Executor.map of a ThreadPoolExecutor: one future per item, no chunks (so no map id to tell).
    const mapped = await lab.ok({ type: 'pool.map', pool: 'm', fn: 'sleep', items: [400, 400, 400, 400] });
    expect(mapped.value).toEqual({ mapId: null, tasks: 4 });
    const last = before + 4;
    expect((await lab.ok({ type: 'pool.cancel', pool: 'm', taskId: last })).value).toBe(true);
    await waitFor('the map ends', () => totals(lab.events, 'm').done + totals(lab.events, 'm').cancelled === 5, 20_000);
    expect(totals(lab.events, 'm')).toMatchObject({ done: 4, cancelled: 1 });
    // A future that is done cancels as False; an id the executor never made is refused.
    expect((await lab.ok({ type: 'pool.cancel', pool: 'm', taskId: before })).value).toBe(false);
    expect(await lab.refused({ type: 'pool.cancel', pool: 'm', taskId: last + 1 })).toMatch(/no task 6/);
  });
});

describe('a pool that runs a user\'s module', () => {
  const MODULE = join(__dirname, '..', '..', 'fixtures', 'pool-functions.mjs');

  it.each(['thread', 'process'] as const)('%s workers call its exported functions by name, with their values and errors', async (runtime) => {
    harness = new LabHarness();
    const lab = harness;
    await lab.ok({ type: 'pool.create', pool: { name: 'm', api: 'pool', runtime, size: 2, module: MODULE } });
    await lab.ok({ type: 'pool.map', pool: 'm', fn: 'cube', items: [1, 2, 3], chunksize: 3 });
    await lab.ok({ type: 'pool.apply', pool: 'm', fn: 'divide', args: [1, 0] });
    await lab.ok({ type: 'pool.apply', pool: 'm', fn: 'later', args: ['x', 50] });
    await lab.ok({ type: 'pool.apply', pool: 'm', fn: 'nothere', args: [] });
    await waitFor('four tasks ended', () => totals(lab.events, 'm').done + totals(lab.events, 'm').failed === 4, 20_000);
    const ends = lab.all('pool.tasks').flatMap((event) => event.steps).filter((step) => step.step === 'done' || step.step === 'failed');
    expect(ends.map((step) => [step.id, step.step, step.detail]).sort()).toEqual([
      [1, 'done', '[1, 8, 27]'],
      [2, 'failed', 'ZeroDivisionError: division by zero'],
      [3, 'done', "'x'"],
      [4, 'failed', expect.stringMatching(/^AttributeError: no task function "nothere" in pool-functions.mjs's exports/)],
    ]);
    // A pool without a module knows only the task library.
    await lab.ok({ type: 'pool.create', pool: { name: 'plain', api: 'pool', runtime, size: 1 } });
    expect(await lab.refused({ type: 'pool.apply', pool: 'plain', fn: 'cube', args: [2] })).toMatch(/^unknown function "cube": a pool can run square, sleep, burn, fail/);
  });
});

describe('pools and the lab\'s end', () => {
  it('a busy process pool ends with the lab: no worker process outlives it, and no slot is refilled', async () => {
    const lab = new LabHarness();
    await lab.ok({ type: 'pool.create', pool: { name: 'e', api: 'pool', runtime: 'process', size: 3 } });
    await lab.ok({ type: 'pool.map', pool: 'e', fn: 'sleep', items: [60_000, 60_000, 60_000, 60_000], chunksize: 1 });
    await waitFor('three tasks run', () => totals(lab.events, 'e').started === 3, 20_000);
    const pids = lab.all('worker.spawned').map((event) => event.pid);
    expect(pids).toHaveLength(3);
    await lab.stop();
    expect(pids.filter(isRunning)).toEqual([]);
    // Ended by the stop, not replaced: three workers spawned in all.
    expect(lab.all('worker.spawned')).toHaveLength(3);
  });

  it('resizes a running pool: grows at once, shrinks as busy workers finish', async () => {
    harness = new LabHarness();
    const lab = harness;
    await lab.ok({ type: 'pool.create', pool: { name: 'z', api: 'pool', runtime: 'thread', size: 1 } });
    expect((await lab.ok({ type: 'pool.resize', pool: 'z', size: 3 })).value).toBe(3);
    await waitFor('three slots', () => new Set(lab.all('pool.slot').filter((event) => event.pool === 'z' && event.workerId !== null).map((event) => event.slot)).size === 3, 20_000);
    await lab.ok({ type: 'pool.map', pool: 'z', fn: 'sleep', items: [300, 300, 300], chunksize: 1 });
    await waitFor('all three busy', () => totals(lab.events, 'z').started === 3, 20_000);
    await lab.ok({ type: 'pool.resize', pool: 'z', size: 1 });
    await waitFor('the three done', () => totals(lab.events, 'z').done === 3, 20_000);
    await waitFor('slots 2 and 3 gone', () => lab.all('pool.slot').filter((event) => event.pool === 'z' && event.workerId === null).length === 2, 20_000);
    expect(await lab.refused({ type: 'pool.resize', pool: 'z', size: 0 })).toMatch(/size/);
    expect(await lab.refused({ type: 'pool.resize', pool: 'z', size: 1000 })).toMatch(/size/);
  });
});
