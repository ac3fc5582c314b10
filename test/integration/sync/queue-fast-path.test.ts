import { afterEach, describe, expect, it } from 'vitest';
import type { SyncFact } from '../../../src/shared/facts';
import type { PrimitiveSnapshot } from '../../../src/shared/sync';
import { PrimitiveFold } from '../../../src/shared/primitive-fold';
import type { PrimitiveState } from '../../../src/shared/primitive-state';
import { LabHarness } from '../../support/lab-harness';
import { waitFor } from '../../support/wait';

/**
 * The Queue fast path of real threads (src/shared/queue-ring.ts, src/worker/sync/queue-handle.ts) in a real
 * lab (on by default), recording on: every put and get a fact with its depth, in the queue's own order (its
 * op log), so the fold of the recorded facts is the broker's state; a process on the same queue; a thread
 * killed in a tight put loop leaves the queue whole.
 */

let harness: LabHarness;
afterEach(async () => harness?.stop());

const view = (h: LabHarness, name: string): PrimitiveSnapshot | undefined => h.primitive(name);

/** The recorded facts from the start, folded with nothing but themselves: `queue` as they say it is. */
function folded(h: LabHarness, queue: string): PrimitiveState | undefined {
  const fold = new PrimitiveFold();
  for (const each of h.lab.recording().recorder.since(0)!) {
    if (each.kind === 'sync') fold.apply(each.fact);
    else if (each.event.type === 'sync.created') fold.created(each.event.primitive);
  }
  return fold.states.get(queue);
}

/** The broker's depth, unfinished tasks (a JoinableQueue's: a Queue's are the fold's alone) and totals of a queue, and the fold's of the recorded facts, are `want`. */
async function foldAgrees(h: LabHarness, queue: string, want: { depth: number; puts: number; gets: number; unfinished: number }): Promise<void> {
  await waitFor('the broker and the fold of the recorded facts agree', () => {
    const q = view(h, queue);
    const f = folded(h, queue);
    if (q === undefined || f === undefined || !('depth' in f)) return false;
    return q.depth === want.depth && q.puts === want.puts && q.gets === want.gets && f.depth === q.depth && f.puts === q.puts && f.gets === q.gets && f.unfinished === want.unfinished && (q.unfinished === null || q.unfinished === want.unfinished);
  });
}

/** The recorder's facts about `queue`, in its order. */
function queueFacts(h: LabHarness, queue: string): SyncFact[] {
  const facts: SyncFact[] = [];
  for (const event of h.lab.recording().recorder.events()) if (event.type === 'sync.facts') facts.push(...event.facts.filter((fact) => fact.primitive === queue));
  return facts;
}

describe('the Queue fast path of threads, in a lab', () => {
  it("a thread producer and a thread consumer: every put and get recorded with its depth, in the queue's own order; the fold of the facts is the broker's state", async () => {
    harness = new LabHarness();
    const n = 5_000;
    await harness.ok({ type: 'sync.create', primitive: { kind: 'JoinableQueue', name: 'q', maxsize: 100 } });
    const [consumer] = await harness.start({ kind: 'thread', task: { name: 'consume', queue: 'q', n, delayMs: 0 } });
    const [producer] = await harness.start({ kind: 'thread', task: { name: 'produce', queue: 'q', n, delayMs: 0 } });
    expect((await harness.exited(producer!, 60_000)).exitCode).toBe(0);
    expect((await harness.exited(consumer!, 60_000)).exitCode).toBe(0);
    // The broker drains the queue's op log at each look and at each worker's end: then every op is a fact.
    await foldAgrees(harness, 'q', { depth: 0, puts: n, gets: n, unfinished: 0 });
    const facts = queueFacts(harness, 'q');
    const of = (op: string, actor: string) => facts.filter((fact) => fact.op === op && fact.actor === actor);
    expect(of('queue.put', producer!)).toHaveLength(n);
    expect(of('queue.get', consumer!)).toHaveLength(n);
    expect(of('queue.taskDone', consumer!)).toHaveLength(n);
    // In the queue's order, so in each thread's too, its fast-path ops and its brokered ones alike: get, task_done, get, ...
    const consumed = facts.filter((fact) => fact.actor === consumer && (fact.op === 'queue.get' || fact.op === 'queue.taskDone')).map((fact) => fact.op);
    expect(consumed.findIndex((op, index) => op !== (index % 2 === 0 ? 'queue.get' : 'queue.taskDone'))).toBe(-1);
    // Unfinished tasks as each task_done left them: one fewer than the puts before it, never below 0.
    expect(of('queue.taskDone', consumer!).every((fact) => 'unfinished' in fact && fact.unfinished >= 0 && fact.unfinished <= 101)).toBe(true);
    // Depths stay within the queue's bounds, and the last task_done leaves none unfinished.
    expect(facts.every((fact) => !('depth' in fact) || (fact.depth >= 0 && fact.depth <= 100))).toBe(true);
    expect(of('queue.taskDone', consumer!).at(-1)).toMatchObject({ unfinished: 0 });
    // In the queue's one order: each get's depth is one less than the op's before it, each put's one more.
    let depth = 0;
    for (const fact of facts) {
      if (fact.op === 'queue.put') expect(fact.depth).toBe((depth += 1));
      if (fact.op === 'queue.get') expect(fact.depth).toBe((depth -= 1));
    }
  });

  it('a thread and a process on one queue: the process gets every item the thread put', async () => {
    harness = new LabHarness();
    const n = 2_000;
    await harness.ok({ type: 'sync.create', primitive: { kind: 'JoinableQueue', name: 'mix', maxsize: 50 } });
    const [consumer] = await harness.start({ kind: 'process', method: 'fork', task: { name: 'consume', queue: 'mix', n, delayMs: 0 } });
    const [producer] = await harness.start({ kind: 'thread', task: { name: 'produce', queue: 'mix', n, delayMs: 0 } });
    expect((await harness.exited(producer!, 60_000)).exitCode).toBe(0);
    expect((await harness.exited(consumer!, 60_000)).exitCode).toBe(0);
    await foldAgrees(harness, 'mix', { depth: 0, puts: n, gets: n, unfinished: 0 });
    const facts = queueFacts(harness, 'mix');
    expect(facts.filter((fact) => fact.op === 'queue.put')).toHaveLength(n);
    expect(facts.filter((fact) => fact.op === 'queue.get' && fact.actor === consumer)).toHaveLength(n);
  });

  it('a thread killed in a tight put loop leaves the queue whole: its items in order, the depth its facts say', async () => {
    harness = new LabHarness({ gracePeriodMs: 200 });
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
    // Every put the thread made is a fact (the last ones drained from the queue's op log after its death), then the lab's gets.
    const facts = queueFacts(harness, 'k');
    const puts = facts.filter((fact) => fact.op === 'queue.put');
    expect(puts).toHaveLength(depth);
    expect(puts.at(-1)).toMatchObject({ depth });
    await foldAgrees(harness, 'k', { depth: 0, puts: depth, gets: depth, unfinished: depth });
  });
});
