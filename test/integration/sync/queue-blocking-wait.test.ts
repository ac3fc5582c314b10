import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PrimitiveSnapshot } from '../../../src/shared/sync';
import { LabHarness } from '../../support/lab-harness';
import { waitFor } from '../../support/wait';

/**
 * The short blocking wait of a thread on a queue's ring (src/worker/sync/queue-wait.ts): a thread blocked
 * there is still ended promptly by a Terminate, leaving the queue whole, and a get on a queue nobody feeds
 * does not hold its thread's event loop (its timers fire while it waits).
 */

let harness: LabHarness;
afterEach(async () => harness?.stop());

const view = (name: string): PrimitiveSnapshot | undefined => harness.primitive(name);
const printed = (id: string): string =>
  harness
    .all('worker.output', id)
    .filter((event) => event.stream === 'stdout')
    .map((event) => event.text)
    .join('');

describe('a thread waiting on a queue ring', () => {
  it('a producer blocked on a full queue while its consumer runs is ended by a Terminate, and the queue stays whole', async () => {
    harness = new LabHarness({ gracePeriodMs: 200 });
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Queue', name: 'b', maxsize: 5 } });
    // A consumer taking an item every millisecond keeps the ring's getters active: the producer, finding the
    // queue full each time, blocks its thread until the next get (or for its bound), never for ever.
    const [consumer] = await harness.start({ kind: 'thread', task: { name: 'consume', queue: 'b', n: 0, delayMs: 1 } });
    const [producer] = await harness.start({ kind: 'thread', task: { name: 'produce', queue: 'b', n: 1_000_000, delayMs: 0 } });
    await waitFor('the consumer has got 200 items', () => (view('b')?.gets ?? 0) > 200, 60_000);
    await harness.ok({ type: 'terminate', workerIds: [producer] });
    await harness.exited(producer!, 30_000);
    await harness.ok({ type: 'terminate', workerIds: [consumer] });
    await harness.exited(consumer!, 30_000);
    const { puts, gets, depth } = { puts: view('b')!.puts ?? -1, gets: view('b')!.gets ?? -1, depth: view('b')!.depth ?? -1 };
    expect(gets).toBeGreaterThan(200);
    expect(depth).toBe(puts - gets);
    expect(depth).toBeLessThanOrEqual(5);
    // The producer put 1, 2, 3, ... and the consumer got them from the front: what is left follows on, in order.
    const items: number[] = [];
    for (let index = 0; index < depth; index++) items.push(Number((await harness.ok({ type: 'sync.operate', request: { op: 'get', name: 'b' } })).value));
    expect(items).toEqual(Array.from({ length: depth }, (_, index) => gets + index + 1));
    await expect(harness.refused({ type: 'sync.operate', request: { op: 'get', name: 'b' } })).resolves.toContain('Empty');
  });

  it("a fast producer and consumer on the ring hear the lab's stop: both end when asked, neither is escalated", async () => {
    harness = new LabHarness();
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Queue', name: 's', maxsize: 100 } });
    // Each finds the queue full (empty) again and again while the other is on the ring, so each blocks for a
    // moment again and again: its event loop, where the stop is heard, must still turn.
    await harness.start({ kind: 'thread', task: { name: 'consume', queue: 's', n: 0, delayMs: 0 } });
    await harness.start({ kind: 'thread', task: { name: 'produce', queue: 's', n: 1_000_000, delayMs: 0 } });
    await waitFor('the pair has moved 20,000 items', () => (view('s')?.gets ?? 0) > 20_000, 60_000);
    const summary = await harness.stop();
    expect(summary).toMatchObject({ endedWhenAsked: 2, escalated: 0 });
  });

  it("a get on a queue nobody feeds any more leaves its thread's timers running", async () => {
    harness = new LabHarness();
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Queue', name: 't', maxsize: 100 } });
    const [consumer] = await harness.start({ kind: 'thread', task: { name: 'script', path: join(__dirname, '..', '..', 'fixtures', 'queue-wait-timer.mjs'), args: ['t', 50] } });
    const [producer] = await harness.start({ kind: 'thread', task: { name: 'produce', queue: 't', n: 50, delayMs: 0 } });
    expect((await harness.exited(producer!, 30_000)).exitCode).toBe(0);
    // The producer has ended: the consumer's last get waits, and its timer ticks meanwhile.
    await waitFor('the waiting thread\'s timer has ticked three times', () => printed(consumer!).includes('tick 3'), 30_000);
    await harness.ok({ type: 'sync.operate', request: { op: 'put', name: 't', item: 'last' } });
    expect((await harness.exited(consumer!, 30_000)).exitCode).toBe(0);
    expect(printed(consumer!)).toContain('got last after three or more ticks');
  });
});
