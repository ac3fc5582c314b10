import { afterEach, describe, expect, it } from 'vitest';
import type { SyncFact } from '../../../src/shared/facts';
import type { PrimitiveSnapshot } from '../../../src/shared/sync';
import { LabHarness } from '../../support/lab-harness';
import { waitFor } from '../../support/wait';

/**
 * The Queue fast path of real threads (src/shared/queue-ring.ts, src/worker/sync/queue-handle.ts) in a real
 * lab (LabOptions.queueFastPath), recording on: every put and get a fact with its depth, in each thread's
 * order; the broker has every item; a process on the same queue; a thread killed in a tight put loop leaves the queue whole.
 */

let harness: LabHarness;
afterEach(async () => harness?.stop());

const view = (h: LabHarness, name: string): PrimitiveSnapshot | undefined => h.primitive(name);

/** The recorder's facts about `queue`, in its order. */
function queueFacts(h: LabHarness, queue: string): SyncFact[] {
  const facts: SyncFact[] = [];
  for (const event of h.lab.recording().recorder.events()) if (event.type === 'sync.facts') facts.push(...event.facts.filter((fact) => fact.primitive === queue));
  return facts;
}

describe('the Queue fast path of threads, in a lab', () => {
  it('a thread producer and a thread consumer: every put and get recorded with its depth, in order per thread; the broker has every item', async () => {
    harness = new LabHarness({}, { queueFastPath: true });
    const n = 5_000;
    await harness.ok({ type: 'sync.create', primitive: { kind: 'JoinableQueue', name: 'q', maxsize: 100 } });
    const [consumer] = await harness.start({ kind: 'thread', task: { name: 'consume', queue: 'q', n, delayMs: 0 } });
    const [producer] = await harness.start({ kind: 'thread', task: { name: 'produce', queue: 'q', n, delayMs: 0 } });
    expect((await harness.exited(producer!, 60_000)).exitCode).toBe(0);
    expect((await harness.exited(consumer!, 60_000)).exitCode).toBe(0);
    const facts = queueFacts(harness, 'q');
    const of = (op: string, actor: string) => facts.filter((fact) => fact.op === op && fact.actor === actor);
    expect(of('queue.put', producer!)).toHaveLength(n);
    expect(of('queue.get', consumer!)).toHaveLength(n);
    expect(of('queue.taskDone', consumer!)).toHaveLength(n);
    // In the thread's own order, its fast-path ops and its brokered ones alike: get, task_done, get, ...
    const consumed = facts.filter((fact) => fact.actor === consumer && (fact.op === 'queue.get' || fact.op === 'queue.taskDone')).map((fact) => fact.op);
    expect(consumed.findIndex((op, index) => op !== (index % 2 === 0 ? 'queue.get' : 'queue.taskDone'))).toBe(-1);
    // Unfinished tasks as each task_done left them: one fewer than the puts before it, never below 0.
    expect(of('queue.taskDone', consumer!).every((fact) => 'unfinished' in fact && fact.unfinished >= 0 && fact.unfinished <= 101)).toBe(true);
    // Depths stay within the queue's bounds, and the last task_done leaves none unfinished.
    expect(facts.every((fact) => !('depth' in fact) || (fact.depth >= 0 && fact.depth <= 100))).toBe(true);
    expect(of('queue.taskDone', consumer!).at(-1)).toMatchObject({ unfinished: 0 });
    // The broker's own state (ring and host) has every item. (The recording's fold of these facts is not
    // asserted: two threads' batches reach the host in turn, not interleaved as the ops were: docs/sync.md.)
    await waitFor('the broker shows every item put and got', () => {
      const q = view(harness, 'q');
      return q?.depth === 0 && q.puts === n && q.gets === n && q.unfinished === 0;
    });
  });

  it('a thread and a process on one queue: the process gets every item the thread put', async () => {
    harness = new LabHarness({}, { queueFastPath: true });
    const n = 2_000;
    await harness.ok({ type: 'sync.create', primitive: { kind: 'JoinableQueue', name: 'mix', maxsize: 50 } });
    const [consumer] = await harness.start({ kind: 'process', method: 'fork', task: { name: 'consume', queue: 'mix', n, delayMs: 0 } });
    const [producer] = await harness.start({ kind: 'thread', task: { name: 'produce', queue: 'mix', n, delayMs: 0 } });
    expect((await harness.exited(producer!, 60_000)).exitCode).toBe(0);
    expect((await harness.exited(consumer!, 60_000)).exitCode).toBe(0);
    const facts = queueFacts(harness, 'mix');
    expect(facts.filter((fact) => fact.op === 'queue.put')).toHaveLength(n);
    expect(facts.filter((fact) => fact.op === 'queue.get' && fact.actor === consumer)).toHaveLength(n);
    await waitFor('the queue is empty and every task done', () => {
      const q = view(harness, 'mix');
      return q?.depth === 0 && q.puts === n && q.gets === n && q.unfinished === 0;
    });
  });

  it('a thread killed in a tight put loop leaves the queue whole: its items in order, the depth its facts say', async () => {
    harness = new LabHarness({ gracePeriodMs: 200 }, { queueFastPath: true });
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Queue', name: 'k', maxsize: 0 } });
    const [producer] = await harness.start({ kind: 'thread', task: { name: 'produce', queue: 'k', n: 1_000_000, delayMs: 0 } });
    await waitFor('the producer has put a thousand items', () => (view(harness, 'k')?.depth ?? 0) > 1_000);
    // Its loop never yields to its event loop, so the polite stop goes unheard and the thread is killed.
    await harness.ok({ type: 'terminate', workerIds: [producer] });
    await harness.exited(producer!, 30_000);
    const depth = Number((await harness.ok({ type: 'sync.operate', request: { op: 'qsize', name: 'k' } })).value);
    const items: number[] = [];
    for (let index = 0; index < depth; index++) items.push(Number((await harness.ok({ type: 'sync.operate', request: { op: 'get', name: 'k' } })).value));
    expect(items).toEqual(Array.from({ length: depth }, (_, index) => index + 1));
    await expect(harness.refused({ type: 'sync.operate', request: { op: 'get', name: 'k' } })).resolves.toContain('Empty');
    // Every put the thread made is a fact (the last ones read from its ring after its death), then the lab's gets.
    const puts = queueFacts(harness, 'k').filter((fact) => fact.op === 'queue.put');
    expect(puts).toHaveLength(depth);
    expect(puts.at(-1)).toMatchObject({ depth });
  });
});
