import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LabHarness } from '../../support/lab-harness';
import { waitFor } from '../../support/wait';

/**
 * A demo run twice with real workers: the lab resets shared data and deletes primitives, refusing what is
 * in use; a thread whose lock was deleted and created again uses the new one; a Timer's firing is a fact.
 */
let harness: LabHarness;
afterEach(async () => harness?.stop());

const REATTACH = join(__dirname, '..', '..', 'fixtures', 'reattach.mjs');
const lastSync = (h: LabHarness) => h.primitives();
const named = (h: LabHarness, name: string) => lastSync(h).find((primitive) => primitive.name === name);

const KINDS = [
  { label: 'threads', spec: { kind: 'thread' } },
  { label: 'forked processes', spec: { kind: 'process', method: 'fork' } },
] as const;

describe.each(KINDS)('with $label', ({ spec }) => {
  it('the Manager-dict race runs twice: reset the counter between runs, then delete it all and start again', async () => {
    harness = new LabHarness();
    const run = async () => {
      const ids = (await harness.ok({ type: 'start', spec: { ...spec, count: 3, task: { name: 'decrement', counter: 'd', key: 'n', lock: 'dLock', pauseMs: 20 } } })).workerIds;
      for (const id of ids) expect((await harness.exited(id, 15_000)).exitCode).toBe(0);
      return (await harness.ok({ type: 'sync.operate', request: { op: 'dict_get', name: 'd', key: 'n' } })).value;
    };
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Dict', name: 'd' } });
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Lock', name: 'dLock' } });
    await harness.ok({ type: 'sync.operate', request: { op: 'dict_set', name: 'd', key: 'n', value: 3 } });
    expect(await run()).toBe(0);
    await harness.ok({ type: 'sync.operate', request: { op: 'dict_set', name: 'd', key: 'n', value: 3 } });
    expect(await run()).toBe(0);
    // Delete and create again under the same names: a third run, from scratch.
    await harness.ok({ type: 'sync.delete', name: 'd' });
    await harness.ok({ type: 'sync.delete', name: 'dLock' });
    await waitFor('both deletions told', () => harness.all('sync.deleted').length === 2);
    expect(harness.all('sync.deleted').map((event) => event.name)).toEqual(['d', 'dLock']);
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Dict', name: 'd' } });
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Lock', name: 'dLock' } });
    await harness.ok({ type: 'sync.operate', request: { op: 'dict_set', name: 'd', key: 'n', value: 3 } });
    expect(await run()).toBe(0);
  });

  it('deleting a lock a worker holds is refused in words; once the worker is gone it goes', async () => {
    harness = new LabHarness();
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Lock', name: 'lockA' } });
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Lock', name: 'lockB' } });
    const [holder] = await harness.start({ ...spec, namePrefix: 'holder', task: { name: 'acquire-in-order', first: 'lockA', second: 'lockB', holdMs: 60_000 } });
    await waitFor('lockA held', () => named(harness, 'lockA')?.holders.some((each) => each.workerId === holder));
    expect(await harness.refused({ type: 'sync.delete', name: 'lockA' })).toBe(
      'cannot delete lockA: lockA is in use: holder-1 holds it; end those workers first (Terminate), then delete it',
    );
    await harness.ok({ type: 'terminate', workerIds: [holder] });
    await harness.exited(holder!);
    await harness.ok({ type: 'sync.delete', name: 'lockA' });
    await waitFor('lockA gone from the samples', () => named(harness, 'lockA') === undefined && lastSync(harness).length > 0);
    expect(harness.lab.state().sync.created.map((each) => each.name)).toEqual(['lockB']);
  });
});

describe('a thread whose lock is deleted and created again while it runs', () => {
  it('takes the new lock, not the old cell it had attached', async () => {
    harness = new LabHarness();
    for (const primitive of [
      { kind: 'Lock', name: 'lockA' },
      { kind: 'Event', name: 'go' },
      { kind: 'Event', name: 'done' },
    ]) {
      await harness.ok({ type: 'sync.create', primitive });
    }
    const [id] = await harness.start({ kind: 'thread', task: { name: 'script', path: REATTACH, args: [] } });
    await waitFor('the thread to wait for go', () => named(harness, 'go')?.waiters.some((each) => each.workerId === id));
    await harness.ok({ type: 'sync.delete', name: 'lockA' });
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Lock', name: 'lockA' } });
    await harness.ok({ type: 'sync.operate', request: { op: 'set', name: 'go' } });
    await waitFor('the new lockA held by the thread', () => named(harness, 'lockA')?.holders.some((each) => each.workerId === id));
    // The lab sees it held: deleting it now is refused.
    expect(await harness.refused({ type: 'sync.delete', name: 'lockA' })).toMatch(/holds it/);
    await harness.ok({ type: 'sync.operate', request: { op: 'set', name: 'done' } });
    expect((await harness.exited(id!)).exitCode).toBe(0);
    await waitFor('lockA free', () => named(harness, 'lockA')?.holders.length === 0);
  });
});

describe('a Timer', () => {
  it('firing is a fact, and its Event wakes a real waiter', async () => {
    harness = new LabHarness();
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Event', name: 'go' } });
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Timer', name: 'alarm', interval: 0.2, event: 'go' } });
    const [waiter] = await harness.start({ kind: 'process', method: 'fork', task: { name: 'wait-event', event: 'go' } });
    await harness.ready(waiter!);
    await harness.ok({ type: 'sync.operate', request: { op: 'timer_start', name: 'alarm' } });
    const fired = await harness.waitFor('sync.timerFired');
    expect(fired).toMatchObject({ name: 'alarm', event: 'go' });
    expect((await harness.exited(waiter!)).exitCode).toBe(0);
  });
});
