import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PrimitiveFold } from '../../../src/shared/primitive-fold';
import { primitiveStatesSchema } from '../../../src/shared/primitive-state';
import type { LabEvent } from '../../../src/shared/protocol';
import { reduceAll } from '../../../src/shared/reducer';
import { comparableSnapshots, comparableStates } from '../../support/state-compare';
import { LabHarness } from '../../support/lab-harness';
import { waitFor } from '../../support/wait';

/**
 * Shared data, a pipe's waiters, budget bytes and the queue charts from facts alone (issue 8): real threads
 * and forked processes write a Value, an Array, a Dict and a List, a process waits in a Pipe's recv, a queue
 * is filled and drained. The page's fold (the reducer's, fed the lab's events), a fold of the recording from
 * the start and a new page's history each equal the broker's own state: contents, bytes, waiters.
 */
const SCRIPT = join(__dirname, '..', '..', 'fixtures', 'shared-writes.mjs');
const script = (...args: string[]) => ({ name: 'script', path: SCRIPT, args });
let harness: LabHarness;
afterEach(async () => harness?.stop());

/** Every fact and lab event recorded from the start, folded with nothing but themselves. */
function foldFromStart(h: LabHarness): PrimitiveFold {
  const states = new PrimitiveFold();
  for (const each of h.lab.recording().recorder.since(0)!) {
    if (each.kind === 'sync') states.apply(each.fact);
    else if (each.event.type === 'sync.created') states.created(each.event.primitive);
    else if (each.event.type === 'sync.write') states.written(each.event.primitive, each.event.contents);
    else if (each.event.type === 'sync.held') states.heldNow(each.event.held);
    else if (each.event.type === 'worker.exited') states.actorEnded(each.event.workerId);
  }
  return states;
}

/** The broker's state, and the page's fold of the same moment, once they agree (budget bytes come once per lock-table period). */
async function expectFoldedAsBrokered(h: LabHarness): Promise<void> {
  const broker = () => comparableSnapshots(h.primitives());
  const page = () => comparableStates(Object.values(h.lab.state().sync.states));
  await waitFor('the folded states to catch up with the broker', () => JSON.stringify(page()) === JSON.stringify(broker()), 10_000).catch(() => undefined);
  expect(page()).toEqual(broker());
  const recorded = foldFromStart(h);
  expect(recorded.unknown).toBe(0);
  expect(comparableStates(recorded.states.values())).toEqual(broker());
  expect(primitiveStatesSchema.safeParse(recorded.list()).success).toBe(true);
  // A page that connects now: the recorder's keyframe and the tail after it, contents and waiters included.
  const history = h.lab.history();
  expect(comparableStates(Object.values(reduceAll(history.events, history.keyframe.state).sync.states))).toEqual(broker());
}

describe('shared data, pipe waiters and queue depths as facts', () => {
  it('threads and processes write a Value, Array, Dict and List; a process waits on a Pipe; a queue fills and drains: the folds equal the broker', async () => {
    harness = new LabHarness();
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Value', name: 'v', typecode: 'i', value: 0 } });
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Array', name: 'a', typecode: 'i', length: 6 } });
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Array', name: 'init', typecode: 'd', values: [3, 1.5, 4] } });
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Dict', name: 'd' } });
    await harness.ok({ type: 'sync.create', primitive: { kind: 'List', name: 'l', items: [0, 1, 2] } });
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Pipe', name: 'p' } });
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Queue', name: 'q', maxsize: 2 } });

    // One writer at a time: the Value's get-then-set is the lost-update lesson, not wanted here.
    const [thread] = await harness.start({ kind: 'thread', task: script('write', 't') });
    expect((await harness.exited(thread!, 30_000)).exitCode).toBe(0);
    const [forked] = await harness.start({ kind: 'process', method: 'fork', task: script('write', 'p') });
    expect((await harness.exited(forked!, 30_000)).exitCode).toBe(0);
    const [receiver] = await harness.start({ kind: 'process', method: 'fork', task: script('recv') });
    await waitFor('the receiver parked in recv', () => harness.primitive('p')?.waiters.length === 1, 30_000);
    const producers = (await harness.ok({ type: 'start', spec: { kind: 'thread', count: 1, task: { name: 'produce', queue: 'q', n: 20, delayMs: 0 } } })).workerIds;
    const consumers = (await harness.ok({ type: 'start', spec: { kind: 'process', method: 'fork', count: 1, task: { name: 'consume', queue: 'q', n: 20, delayMs: 40 } } })).workerIds;
    for (const id of [...producers, ...consumers]) expect((await harness.exited(id!, 30_000)).exitCode).toBe(0);

    await expectFoldedAsBrokered(harness);
    const states = harness.lab.state().sync.states;
    expect(states['v']).toMatchObject({ contents: '2', writes: 2 });
    expect(states['init']).toMatchObject({ contents: '[3.0, 1.5, 4.0]', cellsWritten: 0 });
    expect(states['a']).toMatchObject({ contents: '[42, 42, 7, 8, 0, 0]' });
    expect(states['d']).toMatchObject({ contents: "{'by-t': {'n': 1, 'tag': 't'}, 'by-p': {'n': 1, 'tag': 'p'}}" });
    expect(states['l']).toMatchObject({ contents: "['p-first', 't-first', 0, 1, 2, 't', 'p']" });
    expect((states['d'] as { held: number }).held).toBeGreaterThan(0);
    expect(states['p']).toMatchObject({ waiters: [{ actor: receiver, op: 'pipe_recv', timeoutMs: null }] });
    expect(states['q']).toMatchObject({ depth: 0, puts: 20, gets: 20, held: 0 });

    // A big item was in the List for a moment: its contents fact was cut at 200 characters, ending in "…".
    const writes = harness.events.filter((event): event is Extract<LabEvent, { type: 'sync.write' }> => event.type === 'sync.write' && event.primitive === 'l');
    const cut = writes.find((write) => write.contents.includes('xxxx'));
    expect(cut?.contents.endsWith('…')).toBe(true);
    expect(cut!.contents.length).toBeLessThanOrEqual(200);
    expect(writes.at(-1)?.contents).toBe(states['l']!.kind === 'List' ? states['l']!.contents : '');
    // The queue's chart: a point per sample from the folded depth, full (2) while the slow consumer lagged, empty at the end.
    const depths = (harness.lab.state().sync.queueSeries['q'] ?? []).map((point) => point.values[0]);
    expect(Math.max(...depths.map((depth) => depth ?? 0))).toBe(2);
    await waitFor('a sample after the queue drained', () => harness.lab.state().sync.queueSeries['q']?.at(-1)?.values[0] === 0);

    // The lab sends: the receiver's wait ends with its recv, in the broker and in every fold.
    await harness.ok({ type: 'sync.operate', request: { op: 'pipe_send', name: 'p', end: 1, item: 'hello' } });
    expect((await harness.exited(receiver!, 30_000)).exitCode).toBe(0);
    await expectFoldedAsBrokered(harness);
    expect(harness.lab.state().sync.states['p']).toMatchObject({ waiters: [], sends: 1, receives: 1 });
  });

  it('a forked producer and consumer batching on a JoinableQueue (puts on credits, gets from a lease, task_done): the folds equal the broker', async () => {
    harness = new LabHarness();
    await harness.ok({ type: 'sync.create', primitive: { kind: 'JoinableQueue', name: 'jq', maxsize: 10 } });
    const [consumer] = await harness.start({ kind: 'process', method: 'fork', task: { name: 'consume', queue: 'jq', n: 150, delayMs: 0 } });
    const [producer] = await harness.start({ kind: 'process', method: 'fork', task: { name: 'produce', queue: 'jq', n: 160, delayMs: 0 } });
    for (const id of [consumer, producer]) expect((await harness.exited(id!, 30_000)).exitCode).toBe(0);
    await expectFoldedAsBrokered(harness);
    // 10 items left, put and not yet done: depth and unfinished tasks from facts alone.
    expect(harness.lab.state().sync.states['jq']).toMatchObject({ depth: 10, puts: 160, gets: 150, unfinished: 10 });
  });
});
