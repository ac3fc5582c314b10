import { afterEach, describe, expect, it } from 'vitest';
import type { LabEvent } from '../../../src/shared/protocol';
import { LabHarness } from '../../support/lab-harness';
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
