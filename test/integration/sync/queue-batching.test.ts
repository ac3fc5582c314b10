import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LabHarness } from '../../support/lab-harness';
import { waitFor } from '../../support/wait';

/**
 * Queue batching between real forked processes (src/shared/queue-batch.ts, docs/sync.md): order, maxsize,
 * the batch sent before a worker ends, and batches from a worker that lies.
 */
let harness: LabHarness;
afterEach(async () => harness?.stop());

const SCRIPT = join(__dirname, '..', '..', 'fixtures', 'queue-batches.mjs');

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
