import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SyncFact } from '../../../src/shared/facts';
import { PrimitiveFold } from '../../../src/shared/primitive-fold';
import { QUEUE_KEEP_BURST_OPS, QUEUE_KEEP_OPS_PER_SECOND } from '../../../src/core/sync/queue-log-facts';
import { LabHarness } from '../../support/lab-harness';
import { waitFor } from '../../support/wait';

/**
 * Queue batching between real forked processes (src/shared/queue-batch.ts, docs/sync.md): order, maxsize,
 * the batch sent before a worker ends, and batches from a worker that lies.
 */
let harness: LabHarness;
afterEach(async () => harness?.stop());

const SCRIPT = join(__dirname, '..', '..', 'fixtures', 'queue-batches.mjs');

/** The recorder's facts about `queue`, in its order. */
function queueFacts(queue: string): SyncFact[] {
  const facts: SyncFact[] = [];
  for (const event of harness.lab.recording().recorder.events()) if (event.type === 'sync.facts') facts.push(...event.facts.filter((fact) => fact.primitive === queue));
  return facts;
}

/** What `actor`'s facts say it did of `op`: one per fact stated whole, and the counts of its counted ones. */
function total(facts: readonly SyncFact[], actor: string, op: 'queue.put' | 'queue.get' | 'queue.taskDone'): number {
  let sum = 0;
  for (const fact of facts) {
    if (fact.actor !== actor) continue;
    if (fact.op === op) sum += 1;
    else if (op === 'queue.put' && fact.op === 'queue.putsCounted') sum += fact.puts;
    else if (op === 'queue.get' && fact.op === 'queue.getsCounted') sum += fact.gets;
    else if (op === 'queue.taskDone' && fact.op === 'queue.tasksDoneCounted') sum += fact.tasks;
  }
  return sum;
}

describe('queue batching between forked processes', () => {
  it('3,000 items through a Queue(7) from a forked producer to a forked consumer come out in order, never past maxsize', async () => {
    harness = new LabHarness();
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Queue', name: 'hq', maxsize: 7 } });
    const [consumer] = await harness.start({ kind: 'process', method: 'fork', task: { name: 'script', path: SCRIPT, args: ['fifo', 3000] } });
    const [producer] = await harness.start({ kind: 'process', method: 'fork', task: { name: 'produce', queue: 'hq', n: 3000, delayMs: 0 } });
    for (const id of [producer, consumer]) expect((await harness.exited(id!, 60_000)).exitCode).toBe(0);
    expect(harness.primitive('hq')).toMatchObject({ depth: 0, puts: 3000, gets: 3000 });
    const depths = harness.lab
      .recording()
      .recorder.since(0)!
      .flatMap((each) => (each.kind === 'sync' && each.fact.primitive === 'hq' && (each.fact.op === 'queue.put' || each.fact.op === 'queue.get') ? [each.fact.depth] : []));
    expect(depths).toHaveLength(6000);
    expect(Math.max(...depths)).toBeLessThanOrEqual(7);
  });

  it("a hot pair's batches over the recording rate are stated as counts: every op accounted for, and the fold of the facts is the broker's state", async () => {
    harness = new LabHarness();
    // Three ops an item (put, get, task_done): three times the burst a queue keeps whole.
    const n = QUEUE_KEEP_BURST_OPS;
    await harness.ok({ type: 'sync.create', primitive: { kind: 'JoinableQueue', name: 'hot', maxsize: 100 } });
    const [consumer] = await harness.start({ kind: 'process', method: 'fork', task: { name: 'consume', queue: 'hot', n, delayMs: 0 } });
    const [producer] = await harness.start({ kind: 'process', method: 'fork', task: { name: 'produce', queue: 'hot', n, delayMs: 0 } });
    const started = performance.now();
    for (const id of [producer, consumer]) expect((await harness.exited(id!, 180_000)).exitCode).toBe(0);
    // What the rate lets through whole in that time (a machine so slow that the pair kept within it records every op).
    const keptWhole = QUEUE_KEEP_BURST_OPS + (QUEUE_KEEP_OPS_PER_SECOND * (performance.now() - started)) / 1000;
    expect(harness.primitive('hot')).toMatchObject({ depth: 0, puts: n, gets: n, unfinished: 0 });
    const facts = queueFacts('hot');
    expect(total(facts, producer!, 'queue.put')).toBe(n);
    expect(total(facts, consumer!, 'queue.get')).toBe(n);
    expect(total(facts, consumer!, 'queue.taskDone')).toBe(n);
    // Counted, not one fact an op: no more ops stated whole than the rate allows, counts among the facts.
    const whole = facts.filter((fact) => fact.op === 'queue.put' || fact.op === 'queue.get' || fact.op === 'queue.taskDone').length;
    if (3 * n > keptWhole * 1.2) {
      expect(facts.some((fact) => fact.op === 'queue.putsCounted')).toBe(true);
      expect(facts.some((fact) => fact.op === 'queue.tasksDoneCounted')).toBe(true);
      expect(whole).toBeLessThan(3 * n);
    }
    // Every fact that states a depth states one the queue can have; the fold of them all is the broker's state.
    expect(facts.every((fact) => !('depth' in fact) || (fact.depth >= 0 && fact.depth <= 100))).toBe(true);
    const fold = new PrimitiveFold();
    for (const each of harness.lab.recording().recorder.since(0)!) {
      if (each.kind === 'sync') fold.apply(each.fact);
      else if (each.event.type === 'sync.created') fold.created(each.event.primitive);
    }
    expect(fold.states.get('hot')).toMatchObject({ depth: 0, puts: n, gets: n, unfinished: 0 });
    // Times never go backwards within the queue's facts (counts are dated as the last op they stand for).
    expect(facts.every((fact, index) => index === 0 || fact.t >= facts[index - 1]!.t)).toBe(true);
  });

  it('a producer that ends right after its last put has every item in the queue (its batch is sent and answered first)', async () => {
    harness = new LabHarness();
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Queue', name: 'hq' } });
    const [producer] = await harness.start({ kind: 'process', method: 'fork', task: { name: 'produce', queue: 'hq', n: 300, delayMs: 0 } });
    expect((await harness.exited(producer!, 30_000)).exitCode).toBe(0);
    expect(harness.primitive('hq')).toMatchObject({ depth: 300, puts: 300 });
  });

  it.each([
    { kind: 'process', method: 'fork' },
    { kind: 'thread' },
  ])('a worker sending batches it was never granted, malformed and for no queue, is refused in words, changes nothing and is still served ($kind)', async (spec) => {
    harness = new LabHarness();
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Queue', name: 'hq', maxsize: 3 } });
    const [id] = await harness.start({ ...spec, task: { name: 'script', path: SCRIPT, args: ['hostile'] } });
    expect((await harness.exited(id!, 30_000)).exitCode).toBe(0);
    expect(harness.primitive('hq')).toMatchObject({ depth: 1, puts: 1, gets: 0 });
    const reasons = await waitFor('the refusals in the log', () => {
      const found = harness.events.flatMap((event) => (event.type === 'worker.messageRejected' && event.workerId === id ? [event.reason] : []));
      // A process's 'no queue' refusal comes within the quiet period of its first, so it is not told again.
      return found.length >= (spec.kind === 'thread' ? 4 : 3) ? found : undefined;
    });
    if (spec.kind === 'thread') {
      expect(reasons.filter((reason) => /forked processes only/.test(reason))).toHaveLength(2);
    } else {
      expect(reasons).toContainEqual(expect.stringMatching(/^queue batch on hq: refused a put without a credit; a get of no leased item$/));
      expect(reasons).toContainEqual(expect.stringMatching(/at most 512 operations/));
    }
    // The lab is still up and answering.
    expect((await harness.ok({ type: 'sync.operate', request: { op: 'get', name: 'hq', block: false } })).value).toBe('ok');
  });
});
