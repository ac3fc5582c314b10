import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_UNFINISHED_CALLS, MAX_UNFINISHED_TASKS } from '../../../src/core/pools/admission';
import type { LabEvent } from '../../../src/shared/protocol';
import { POOL_TASKS_KEPT } from '../../../src/shared/pool-states';
import { EXPLAIN_STEPS_PER_SECOND } from '../../../src/shared/task-steps';
import { LabHarness } from '../../support/lab-harness';
import { waitFor } from '../../support/wait';

/**
 * Floods of work: what bounds the host's memory and its event stream when a person (or a script) asks for
 * a million tasks, keeps 100,000 futures, or creates and deletes pools a thousand times.
 */
let harness: LabHarness | null = null;
afterEach(async () => {
  await harness?.stop();
  harness = null;
});

type TasksEvent = Extract<LabEvent, { type: 'pool.tasks' }>;
const tasksOf = (lab: LabHarness, pool: string) => lab.all('pool.tasks').filter((event: TasksEvent) => event.pool === pool);
const sum = (lab: LabHarness, pool: string, key: keyof TasksEvent['counts']) => tasksOf(lab, pool).reduce((total, event) => total + event.counts[key], 0);

/** The host's own child processes, as the kernel lists them. */
function hostChildren(): number[] {
  const text = readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, 'utf8').trim();
  return text === '' ? [] : text.split(' ').map(Number);
}
const hostThreads = () => readdirSync(`/proc/${process.pid}/task`).length;

describe('floods of work', () => {
  it(`holds at most ${MAX_UNFINISHED_TASKS} unfinished tasks over the lab: a map of a million tasks is refused, 100,000 futures are kept and end`, async () => {
    harness = new LabHarness();
    const lab = harness;
    await lab.ok({ type: 'pool.create', pool: { name: 'f', api: 'executor', runtime: 'thread', size: 1 } });
    await lab.ok({ type: 'pool.create', pool: { name: 'g', api: 'pool', runtime: 'thread', size: 1 } });
    const busy = (await lab.ok({ type: 'pool.apply', pool: 'f', fn: 'sleep', args: [600_000] })).value as number;
    expect(await lab.refused({ type: 'pool.map', pool: 'g', fn: 'square', items: { range: 1_000_000 }, chunksize: 1 })).toBe(
      `the lab's pools hold at most ${MAX_UNFINISHED_TASKS} unfinished tasks (1 now, and this makes 1000000): wait for some to end, or map with a bigger chunksize`,
    );
    // Executor.map on threads is a future per item: 99,999 of them beside the one sleeping make the bound.
    await lab.ok({ type: 'pool.map', pool: 'f', fn: 'square', items: { range: MAX_UNFINISHED_TASKS - 1 } });
    expect(await lab.refused({ type: 'pool.apply', pool: 'g', fn: 'square', args: [1] })).toMatch(/hold at most 100000 unfinished tasks \(100000 now, and this makes 1\)/);
    // The same items in Python's default chunks are a handful of tasks, but their calls count too.
    expect(await lab.refused({ type: 'pool.map', pool: 'g', fn: 'square', items: { range: 1_000_000 } })).toMatch(/unfinished tasks/);
    expect(sum(lab, 'g', 'submitted')).toBe(0);
    // The explain sample stayed within its budget however many tasks went by, and the view keeps its few hundred.
    for (const event of tasksOf(lab, 'f')) expect(event.steps.length).toBeLessThanOrEqual(EXPLAIN_STEPS_PER_SECOND);
    expect(lab.lab.state().pools['f']?.tasks.length).toBeLessThanOrEqual(POOL_TASKS_KEPT);
    expect(busy).toBe(1);
    await lab.ok({ type: 'pool.terminate', pool: 'f' });
    await waitFor('every future ended', () => sum(lab, 'f', 'rejected') + sum(lab, 'f', 'done') === MAX_UNFINISHED_TASKS, 60_000);
    // Once they have ended their places are free: the lab takes a task, and a map of a million items in chunks.
    await lab.ok({ type: 'pool.apply', pool: 'g', fn: 'square', args: [3] });
    await waitFor('g ran its task', () => sum(lab, 'g', 'done') === 1, 20_000);
    const big = await lab.ok({ type: 'pool.map', pool: 'g', fn: 'square', items: { range: 1_000_000 } });
    expect(big.value).toEqual({ mapId: 1, tasks: 4 });
    await waitFor('the million done', () => sum(lab, 'g', 'done') === 5, 60_000);
    expect(MAX_UNFINISHED_CALLS).toBeGreaterThanOrEqual(1_000_000);
  });

  it('results held behind a slow callback count until they are delivered: the bound holds them too', async () => {
    harness = new LabHarness();
    const lab = harness;
    await lab.ok({ type: 'pool.create', pool: { name: 'c', api: 'pool', runtime: 'thread', size: 1 } });
    // Its callback holds Python's result handler for a minute: every result after it waits there, with its value.
    await lab.ok({ type: 'pool.apply', pool: 'c', fn: 'square', args: [1], callbackMs: 60_000 });
    await lab.ok({ type: 'pool.map', pool: 'c', fn: 'square', items: { range: MAX_UNFINISHED_TASKS - 1 }, chunksize: 1 });
    await waitFor('every task ran', () => sum(lab, 'c', 'done') === MAX_UNFINISHED_TASKS, 120_000);
    expect(await lab.refused({ type: 'pool.apply', pool: 'c', fn: 'square', args: [2] })).toMatch(/hold at most 100000 unfinished tasks \(\d+ now, and this makes 1\)/);
  }, 180_000);

  it('creating and deleting a pool 1,000 times (threads) and 30 times (processes) leaves no worker behind', async () => {
    harness = new LabHarness();
    const lab = harness;
    const threadsBefore = hostThreads();
    const childrenBefore = hostChildren().length;
    const cycle = async (name: string, runtime: 'thread' | 'process') => {
      await lab.ok({ type: 'pool.create', pool: { name, api: 'pool', runtime, size: 1 } });
      await lab.ok({ type: 'pool.apply', pool: name, fn: 'square', args: [2] });
      await lab.ok({ type: 'pool.terminate', pool: name });
      await waitFor(`${name} deleted`, async () => (await lab.lab.execute({ type: 'pool.delete', pool: name })).ok, 20_000, 5);
    };
    for (let i = 0; i < 1_000; i++) await cycle('churn', 'thread');
    for (let i = 0; i < 30; i++) await cycle('churn', 'process');
    await waitFor('1,030 deletions told', () => lab.all('pool.deleted').length === 1_030, 10_000);
    await waitFor('every worker exited', () => lab.all('worker.exited').length === lab.all('worker.spawned').length, 30_000);
    // The kernel's count: no child process and no thread of the host outlives its pool (a few of libuv's may come and go).
    expect(hostChildren().length).toBeLessThanOrEqual(childrenBefore);
    expect(hostThreads()).toBeLessThanOrEqual(threadsBefore + 4);
    // The lab's book is bounded too: no pool left, and a new one is made as the first was.
    await lab.ok({ type: 'pool.create', pool: { name: 'after', api: 'pool', runtime: 'thread', size: 1 } });
  }, 600_000);
});
