import { afterEach, describe, expect, it } from 'vitest';
import { LabHarness } from '../../support/lab-harness';
import { waitFor } from '../../support/wait';

/**
 * The shared-memory fast path for thread workers' Locks and RLocks, with real threads: uncontended
 * operations never reach the broker, yet contention, deadlocks and owner death behave as when brokered.
 */
let harness: LabHarness;
afterEach(async () => harness?.stop());

const view = (h: LabHarness, name: string) => h.primitive(name);

describe('the thread fast path', () => {
  it.each(['Lock', 'RLock'] as const)('two threads contending on one %s both finish, and it ends free', async (kind) => {
    harness = new LabHarness();
    await harness.ok({ type: 'sync.create', primitive: { kind, name: 'hot' } });
    const ids = (await harness.ok({ type: 'start', spec: { kind: 'thread', count: 2, task: { name: 'contend', lock: 'hot', n: 20_000 } } })).workerIds;
    for (const id of ids) expect((await harness.exited(id, 30_000)).exitCode).toBe(0);
    await waitFor('the lock free again', () => {
      const lock = view(harness, 'hot');
      return lock !== undefined && lock.holders.length === 0 && lock.waiters.length === 0 && lock.ownerDied === null;
    });
  });

  it('threads and a forked process share one Lock: the cell and the broker agree', async () => {
    harness = new LabHarness();
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Lock', name: 'mixed' } });
    const threads = (await harness.ok({ type: 'start', spec: { kind: 'thread', count: 2, task: { name: 'contend', lock: 'mixed', n: 20_000 } } })).workerIds;
    const [child] = await harness.start({ kind: 'process', method: 'fork', task: { name: 'contend', lock: 'mixed', n: 300 } });
    for (const id of [...threads, child!]) expect((await harness.exited(id, 30_000)).exitCode).toBe(0);
    await waitFor('the lock free again', () => view(harness, 'mixed')?.holders.length === 0);
  });

  it('a deadlock between threads that took their first locks on the fast path is detected', async () => {
    harness = new LabHarness();
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Lock', name: 'lockA' } });
    await harness.ok({ type: 'sync.create', primitive: { kind: 'RLock', name: 'lockB' } });
    const [w1] = await harness.start({ kind: 'thread', task: { name: 'acquire-in-order', first: 'lockA', second: 'lockB', holdMs: 300 } });
    const [w2] = await harness.start({ kind: 'thread', task: { name: 'acquire-in-order', first: 'lockB', second: 'lockA', holdMs: 300 } });
    const detected = await harness.waitFor('deadlock.detected', undefined, 5000);
    const steps = detected.cycle.map((step) => `${step.workerId} waits for ${step.primitive} held by ${step.heldBy}`).sort();
    expect(steps).toEqual([`${w1} waits for lockB held by ${w2}`, `${w2} waits for lockA held by ${w1}`].sort());
    await harness.ok({ type: 'kill', workerIds: [w2] });
    expect((await harness.exited(w1!)).exitCode).toBe(0);
    await harness.waitFor('deadlock.cleared');
  });

  it('a thread killed holding a fast-path lock frees it with the owner-died mark, which the next acquirer takes', async () => {
    harness = new LabHarness();
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Lock', name: 'held' } });
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Lock', name: 'other' } });
    const [w1] = await harness.start({ kind: 'thread', task: { name: 'acquire-in-order', first: 'held', second: 'other', holdMs: 60_000 } });
    // Taken on the fast path: the lab sees it by reading the cell at its sampling rate.
    await waitFor('w1 seen holding the lock', () => view(harness, 'held')?.holders[0]?.workerId === w1);
    await harness.ok({ type: 'kill', workerIds: [w1] });
    const died = await harness.waitFor('sync.ownerDied');
    expect(died).toMatchObject({ primitive: 'held', workerId: w1 });
    await waitFor('the mark on the free lock', () => {
      const lock = view(harness, 'held');
      return lock?.holders.length === 0 && lock.ownerDied === w1;
    });
    // The next thread's CAS fails on the marked cell, so it asks the broker, which tells it and clears the mark.
    const [w2] = await harness.start({ kind: 'thread', task: { name: 'acquire-in-order', first: 'held', second: 'other', holdMs: 60_000 } });
    const taken = await waitFor('w2 holding it', () => {
      const lock = view(harness, 'held');
      return lock?.holders[0]?.workerId === w2 && lock;
    });
    expect(taken.ownerDied).toBeNull();
    // And the lab, acquiring after w2 dies too, gets the lock (it was handed on, not left locked).
    await harness.ok({ type: 'kill', workerIds: [w2] });
    await waitFor('w2 ended', () => harness.find('worker.exited', w2));
    expect((await harness.ok({ type: 'sync.operate', request: { op: 'acquire', name: 'held' } })).value).toBe(true);
  });
});
