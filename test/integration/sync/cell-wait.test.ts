import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SyncFact } from '../../../src/shared/facts';
import { LabHarness } from '../../support/lab-harness';
import { waitFor } from '../../support/wait';

/**
 * Real threads waiting for a Lock another thread holds (docs/sync.md, "The fast path"): a blocking acquire
 * waits on the lock's cell for a moment, then in the broker, where the lab sees it (the page's fold, which
 * the wait-for graph draws); timed acquires time out no sooner than asked, each a fact; a holder killed
 * while another waits hands the lock on with the owner-died mark.
 */
const SCRIPT = join(__dirname, '..', '..', 'fixtures', 'cell-wait.mjs');
const script = (...args: Array<string | number>) => ({ name: 'script', path: SCRIPT, args });
let harness: LabHarness;
afterEach(async () => harness?.stop());

async function setUp(): Promise<LabHarness> {
  const h = new LabHarness();
  await h.ok({ type: 'sync.create', primitive: { kind: 'Lock', name: 'L' } });
  await h.ok({ type: 'sync.create', primitive: { kind: 'Event', name: 'held' } });
  await h.ok({ type: 'sync.create', primitive: { kind: 'Event', name: 'go' } });
  return h;
}

/** The lock as the page folds it from facts: what the Locks table and the wait-for graph draw. */
const folded = (h: LabHarness) => {
  const state = h.lab.state().sync.states['L'];
  if (state?.kind !== 'Lock') throw new Error('no folded Lock L');
  return state;
};

function recordedFacts(h: LabHarness): SyncFact[] {
  return h.lab
    .recording()
    .recorder.since(0)!
    .flatMap((each) => (each.kind === 'sync' ? [each.fact] : []));
}

describe('threads waiting for a held Lock', () => {
  it('a thread that waits longer than a moment is seen waiting for the holder, and gets the lock when it is let go', async () => {
    harness = await setUp();
    const [holder] = await harness.start({ kind: 'thread', task: script('hold', 'L') });
    const [waiter] = await harness.start({ kind: 'thread', task: script('wait', 'L') });
    const seen = await waitFor('the waiter seen waiting for L', () => {
      const lock = folded(harness);
      return lock.waiters.some((each) => each.actor === waiter) && lock;
    });
    expect(seen.holder?.actor).toBe(holder);
    expect(seen.waiters).toEqual([expect.objectContaining({ actor: waiter, op: 'acquire', timeoutMs: null })]);
    expect(harness.primitive('L')?.waiters).toEqual([expect.objectContaining({ workerId: waiter })]);
    await harness.ok({ type: 'sync.operate', request: { op: 'set', name: 'go' } });
    for (const id of [holder!, waiter!]) expect((await harness.exited(id)).exitCode).toBe(0);
    await waitFor('L free in the fold', () => folded(harness).holder === null && folded(harness).waiters.length === 0);
    const mine = recordedFacts(harness).filter((fact) => fact.primitive === 'L' && fact.actor === waiter);
    expect(mine.map((fact) => fact.op)).toEqual(expect.arrayContaining(['lock.requested', 'lock.waiting', 'lock.acquired', 'lock.released']));
  });

  it('timed acquires, one shorter and one longer than the wait on the cell, answer False no sooner than asked, each a timed-out fact', async () => {
    harness = await setUp();
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Array', name: 'out', typecode: 'd', length: 4 } });
    const [holder] = await harness.start({ kind: 'thread', task: script('hold', 'L') });
    const [timed] = await harness.start({ kind: 'thread', task: script('timed', 'L', 4, 60) });
    expect((await harness.exited(timed!)).exitCode).toBe(0);
    const out: number[] = [];
    for (let index = 0; index < 4; index++) out.push(Number((await harness.ok({ type: 'sync.operate', request: { op: 'array_get', name: 'out', index } })).value));
    const [firstGot, firstMs, secondGot, secondMs] = out;
    expect([firstGot, secondGot]).toEqual([0, 0]);
    // Python's acquire(timeout=t) returns False no sooner than t.
    expect(firstMs).toBeGreaterThanOrEqual(4);
    expect(secondMs).toBeGreaterThanOrEqual(60);
    await waitFor('both time-outs recorded', () => recordedFacts(harness).filter((fact) => fact.op === 'lock.timedOut' && fact.actor === timed).length === 2);
    expect(folded(harness).waiters).toEqual([]);
    expect(folded(harness).holder?.actor).toBe(holder);
    await harness.ok({ type: 'sync.operate', request: { op: 'set', name: 'go' } });
    expect((await harness.exited(holder!)).exitCode).toBe(0);
  });

  it('a holder killed while another thread waits for the lock: the waiter gets it, with the owner-died mark', async () => {
    harness = await setUp();
    const [holder] = await harness.start({ kind: 'thread', task: script('hold-forever', 'L') });
    const [waiter] = await harness.start({ kind: 'thread', task: script('wait', 'L') });
    await waitFor('L held', () => folded(harness).holder?.actor === holder);
    await harness.ok({ type: 'kill', workerIds: [holder] });
    expect((await harness.exited(waiter!)).exitCode).toBe(0);
    expect(await harness.waitFor('sync.ownerDied')).toMatchObject({ primitive: 'L', workerId: holder });
    const mine = recordedFacts(harness).filter((fact) => fact.primitive === 'L' && (fact.actor === waiter || fact.actor === holder));
    const order = mine.map((fact) => `${fact.actor === holder ? 'holder' : 'waiter'} ${fact.op}`);
    expect(order.indexOf('holder lock.ownerDied')).toBeGreaterThanOrEqual(0);
    expect(order.indexOf('waiter lock.acquired')).toBeGreaterThan(order.indexOf('holder lock.ownerDied'));
    await waitFor('L free in the fold', () => folded(harness).holder === null);
  });
});
