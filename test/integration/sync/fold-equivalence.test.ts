import { afterEach, describe, expect, it } from 'vitest';
import type { SyncFact } from '../../../src/shared/facts';
import { PrimitiveFold } from '../../../src/shared/primitive-fold';
import { primitiveStatesSchema } from '../../../src/shared/primitive-state';
import { SyncFold } from '../../../src/shared/sync-fold';
import { fromFold, fromSnapshots } from '../../support/fold-compare';
import { comparableSnapshots, comparableStates } from '../../support/state-compare';
import { LabHarness } from '../../support/lab-harness';
import { waitFor } from '../../support/wait';

/**
 * Fold equivalence (issue 8): the sync facts recorded from the start of a run with real threads and
 * processes, locks, a queue, a semaphore, an event and a deadlock, folded with nothing but themselves, give
 * the broker's own state (holders, waiters in order, depth, value, flag) at quiet moments and at the end.
 *
 * Locks here are taken by processes only: a thread takes an uncontended Lock in shared memory, and those
 * operations reach the recorder through Lab.fastPathOps once threads' rings report them (another step).
 */
let harness: LabHarness;
afterEach(async () => harness?.stop());

const KINDS = new Map([
  ['lockA', 'Lock'],
  ['lockB', 'RLock'],
  ['jobs', 'Queue'],
  ['slots', 'BoundedSemaphore'],
  ['go', 'Event'],
  ['wire', 'Pipe'],
  ['batched', 'Queue'],
]);

/** Every sync fact recorded so far, folded from the start (the recorder's own fold is not used). */
function foldFromStart(h: LabHarness): { fold: SyncFold; states: PrimitiveFold; facts: SyncFact[] } {
  const fold = new SyncFold();
  const states = new PrimitiveFold();
  const facts: SyncFact[] = [];
  for (const each of h.lab.recording().recorder.since(0)!) {
    if (each.kind === 'sync') {
      facts.push(each.fact);
      fold.apply(each.fact);
      states.apply(each.fact);
    } else if (each.event.type === 'sync.created') {
      fold.created(each.event.primitive);
      states.created(each.event.primitive);
    } else if (each.event.type === 'sync.write') states.written(each.event.primitive, each.event.contents);
    else if (each.event.type === 'sync.held') states.heldNow(each.event.held);
    else if (each.event.type === 'worker.exited') states.actorEnded(each.event.workerId);
  }
  return { fold, states, facts };
}

/** Once the lab is quiet: the broker's state now, compared with the fold of everything recorded. */
async function expectEquivalent(h: LabHarness): Promise<SyncFact[]> {
  // Budget bytes are stated once per lock-table period (`sync.held`): wait for the one after the last change,
  // then compare (a difference that stays is reported by the expects below).
  const agree = () => JSON.stringify(comparableStates(foldFromStart(h).states.states.values())) === JSON.stringify(comparableSnapshots(h.primitives()));
  await waitFor('the fold to agree with the broker', agree, 5_000).catch(() => undefined);
  const sample = { primitives: h.primitives() };
  const { fold, states, facts } = foldFromStart(h);
  expect(fold.unknown).toBe(0);
  expect(fromFold(fold, KINDS)).toEqual(fromSnapshots(sample.primitives));
  // The view state the Sync view is to draw (primitive-state.ts): holders with counts, waiters with their
  // timeouts, the semaphore's value, the queue's totals, producers and consumers: the broker's, from facts alone.
  expect(states.unknown).toBe(0);
  expect(comparableStates(states.states.values())).toEqual(comparableSnapshots(sample.primitives));
  expect(primitiveStatesSchema.safeParse(states.list()).success).toBe(true);
  return facts;
}

describe('fold equivalence', () => {
  it('threads and processes on a queue, a semaphore, an event and a deadlock: the folded facts are the broker state', async () => {
    harness = new LabHarness();
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Lock', name: 'lockA' } });
    await harness.ok({ type: 'sync.create', primitive: { kind: 'RLock', name: 'lockB' } });
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Queue', name: 'jobs', maxsize: 3 } });
    await harness.ok({ type: 'sync.create', primitive: { kind: 'BoundedSemaphore', name: 'slots', value: 1 } });
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Event', name: 'go' } });
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Pipe', name: 'wire' } });

    const producers = (await harness.ok({ type: 'start', spec: { kind: 'thread', count: 2, task: { name: 'produce', queue: 'jobs', n: 60, delayMs: 0 } } })).workerIds;
    const consumers = (await harness.ok({ type: 'start', spec: { kind: 'process', method: 'fork', count: 2, task: { name: 'consume', queue: 'jobs', n: 60, delayMs: 1 } } })).workerIds;
    const pool = (await harness.ok({ type: 'start', spec: { kind: 'thread', count: 3, task: { name: 'semaphore-work', semaphore: 'slots', ms: 30 } } })).workerIds;
    // A thread sends 40 messages on a pipe and closes its end; a forked process reads them until EOF.
    const [sender] = await harness.start({ kind: 'thread', task: { name: 'pipe-send', pipe: 'wire', end: 1, n: 40, delayMs: 0 } });
    const [receiver] = await harness.start({ kind: 'process', method: 'fork', task: { name: 'pipe-recv', pipe: 'wire', end: 0, delayMs: 1 } });
    const [waiter] = await harness.start({ kind: 'thread', task: { name: 'wait-event', event: 'go' } });
    const [p1] = await harness.start({ kind: 'process', method: 'fork', task: { name: 'acquire-in-order', first: 'lockA', second: 'lockB', holdMs: 300 } });
    const [p2] = await harness.start({ kind: 'process', method: 'fork', task: { name: 'acquire-in-order', first: 'lockB', second: 'lockA', holdMs: 300 } });

    for (const id of [...producers, ...consumers, ...pool, sender, receiver]) expect((await harness.exited(id!, 30_000)).exitCode).toBe(0);
    await harness.waitFor('deadlock.detected', undefined, 10_000);
    await waitFor('the waiter parked on go', () => harness.primitive('go')?.waiters.length === 1);

    // Quiet moment 1: the deadlock holds, the queue is drained, one thread waits for the event.
    let facts = await expectEquivalent(harness);
    const jobs = facts.filter((fact) => fact.primitive === 'jobs');
    expect(jobs.filter((fact) => fact.op === 'queue.put')).toHaveLength(120);
    expect(jobs.filter((fact) => fact.op === 'queue.get')).toHaveLength(120);
    for (const fact of jobs) if (fact.op === 'queue.put' || fact.op === 'queue.get') expect(fact.depth).toBeLessThanOrEqual(3);
    // A maxsize-3 queue with two eager producers: someone waited on a full queue.
    expect(jobs.some((fact) => fact.op === 'queue.fullWait')).toBe(true);
    const wire = facts.filter((fact) => fact.primitive === 'wire').map((fact) => fact.op);
    expect(wire.filter((op) => op === 'pipe.send')).toHaveLength(40);
    expect(wire.filter((op) => op === 'pipe.recv')).toHaveLength(40);
    expect(wire).toContain('pipe.close');
    const onA = facts.filter((fact) => fact.primitive === 'lockA').map((fact) => `${fact.actor === p1 ? 'p1' : 'p2'} ${fact.op}`);
    expect(onA).toEqual(['p1 lock.requested', 'p1 lock.acquired', 'p2 lock.requested', 'p2 lock.waiting']);

    // Moment 2: the lab sets the event, one deadlocked process is killed: the other gets the lock it died holding.
    await harness.ok({ type: 'sync.operate', request: { op: 'set', name: 'go' } });
    expect((await harness.exited(waiter!)).exitCode).toBe(0);
    await harness.ok({ type: 'kill', workerIds: [p2] });
    expect((await harness.exited(p1!)).exitCode).toBe(0);
    await harness.waitFor('deadlock.cleared');
    facts = await expectEquivalent(harness);
    // p1 waited for lockB, p2 died holding it, p1 got it (told EOWNERDEAD) and gave it back.
    const onB = facts.filter((fact) => fact.primitive === 'lockB').map((fact) => `${fact.actor === p1 ? 'p1' : 'p2'} ${fact.op}${'count' in fact ? ` ${fact.count}` : ''}`);
    expect(onB).toEqual(['p2 lock.requested', 'p2 lock.acquired 1', 'p1 lock.requested', 'p1 lock.waiting', 'p2 lock.ownerDied', 'p1 lock.acquired 1', 'p1 lock.released 0']);
  });

  it('forked processes batching on a Queue (a producer, a consumer killed holding a lease, another that drains it): the folded facts are the broker state', async () => {
    harness = new LabHarness();
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Queue', name: 'batched', maxsize: 20 } });
    const [producer] = await harness.start({ kind: 'process', method: 'fork', task: { name: 'produce', queue: 'batched', n: 400, delayMs: 1 } });
    const [first] = await harness.start({ kind: 'process', method: 'fork', task: { name: 'consume', queue: 'batched', n: 0, delayMs: 0 } });
    const getsBy = (actor: string | undefined) => foldFromStart(harness).facts.filter((fact) => fact.primitive === 'batched' && fact.op === 'queue.get' && fact.actor === actor).length;
    await waitFor('the first consumer to have got 50 items', () => getsBy(first) >= 50, 20_000);
    await harness.ok({ type: 'kill', workerIds: [first] });
    await harness.exited(first!);
    const [second] = await harness.start({ kind: 'process', method: 'fork', task: { name: 'consume', queue: 'batched', n: 0, delayMs: 0 } });
    expect((await harness.exited(producer!, 30_000)).exitCode).toBe(0);
    await waitFor('the second consumer to wait on the drained queue', () => harness.primitive('batched')?.depth === 0 && harness.primitive('batched')?.waiters.length === 1, 20_000);
    const facts = (await expectEquivalent(harness)).filter((fact) => fact.primitive === 'batched');
    // What the killed consumer got but had not yet reported went back to the front: every item is got once in the facts.
    expect(facts.filter((fact) => fact.op === 'queue.put')).toHaveLength(400);
    expect(facts.filter((fact) => fact.op === 'queue.get')).toHaveLength(400);
    expect(getsBy(second)).toBeGreaterThan(0);
    for (const fact of facts) if (fact.op === 'queue.put' || fact.op === 'queue.get') expect(fact.depth).toBeLessThanOrEqual(20);
    // Dated in the worker, kept in time order.
    for (let i = 1; i < facts.length; i++) expect(facts[i]!.t).toBeGreaterThanOrEqual(facts[i - 1]!.t);
    await harness.ok({ type: 'kill', workerIds: [second] });
    await harness.exited(second!);
    await expectEquivalent(harness);
  });
});
