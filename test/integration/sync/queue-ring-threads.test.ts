import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { HOST, MAX_RING_RECORD, QueueRing } from '../../../src/shared/queue-ring';
import { waitFor } from '../../support/wait';

/** Real threads on one shared queue ring: what the lab's Queue fast path rests on. */

const THREAD = join(__dirname, '..', '..', 'fixtures', 'queue-ring-thread.ts');
/** The fixture is TypeScript: the thread loads it through tsx (a worker's own --import does not reach its main file on Node 20). */
const TSX = createRequire(__filename).resolve('tsx/cjs');
const started: Worker[] = [];

function thread(data: Record<string, unknown>): Worker {
  const worker = new Worker(`require(${JSON.stringify(TSX)}); require(${JSON.stringify(THREAD)});`, { eval: true, workerData: data });
  started.push(worker);
  return worker;
}

const message = <T>(worker: Worker): Promise<T> => new Promise((resolve, reject) => {
  worker.once('message', resolve);
  worker.once('error', reject);
});

/** The producer's number back from an item (even ones are numbers, odd ones text). */
const numberOf = (item: unknown): number => (typeof item === 'number' ? item : Number(item));

afterEach(async () => {
  await Promise.all(started.splice(0).map((worker) => worker.terminate()));
});

describe('a queue ring shared by real threads and the host', () => {
  it('loses, doubles and reorders nothing with two producers, two consumers and the host putting too', async () => {
    const ring = QueueRing.create(50);
    const perProducer = 20_000;
    const consumers = [thread({ buffer: ring.buffer, role: 'consumer', index: 3, from: 0, n: perProducer + 500 }), thread({ buffer: ring.buffer, role: 'consumer', index: 4, from: 0, n: perProducer + 500 })];
    const results = consumers.map((consumer) => message<unknown[]>(consumer));
    thread({ buffer: ring.buffer, role: 'producer', index: 1, from: 0, n: perProducer });
    thread({ buffer: ring.buffer, role: 'producer', index: 2, from: 1_000_000, n: perProducer });
    // The host (the broker) puts its own 1,000 items, as a process's puts would go in.
    for (let next = 0; next < 1_000; ) {
      if (ring.enter(HOST, 1_000)) {
        if (!ring.full && ring.put({ host: next }, true, MAX_RING_RECORD)) next += 1;
        ring.leave();
      }
      // The host never spins for long: its loop has other work (here, hearing the threads).
      await new Promise((resolve) => setImmediate(resolve));
    }
    const got = await Promise.all(results);
    for (const items of got) {
      // Per source, each consumer sees increasing numbers: FIFO.
      const bySource = new Map<string, number[]>();
      for (const item of items) {
        const [source, value] = typeof item === 'object' && item !== null ? ['host', (item as { host: number }).host] : numberOf(item) >= 1_000_000 ? ['p2', numberOf(item)] : ['p1', numberOf(item)];
        bySource.set(source, [...(bySource.get(source) ?? []), value]);
      }
      for (const values of bySource.values()) expect(values).toEqual([...values].sort((a, b) => a - b));
    }
    const all = got.flat().map((item) => (typeof item === 'object' ? `h${(item as { host: number }).host}` : String(numberOf(item))));
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBe(2 * perProducer + 1_000);
    expect(ring.count).toBe(0);
    expect(ring.puts).toBe(2 * perProducer + 1_000);
    expect(ring.gets).toBe(2 * perProducer + 1_000);
  });

  it('stays whole when a producer is killed at any moment: the host recovers its section', async () => {
    for (let round = 0; round < 12; round++) {
      const ring = QueueRing.create(0);
      const producer = thread({ buffer: ring.buffer, role: 'producer', index: 9, from: 0, n: 0 });
      await message(producer);
      // Let it put for a while (it never stops by itself), then kill it wherever it is.
      while (ring.puts < 200 + round * 150) await new Promise((resolve) => setImmediate(resolve));
      await producer.terminate();
      ring.recover(9);
      expect(ring.holder).toBe(0);
      const count = ring.count;
      expect(count).toBe(ring.puts);
      expect(ring.enter(HOST, 0)).toBe(true);
      const items = Array.from({ length: count }, () => numberOf(ring.take()));
      ring.leave();
      expect(items).toEqual(Array.from({ length: count }, (_, index) => index));
    }
  });

  it("a thread blocked on the ring (its short blocking wait) is woken by the broker's put, in the kernel", async () => {
    const ring = QueueRing.create(10);
    const sleeper = thread({ buffer: ring.buffer, role: 'sleeper', index: 5, from: 0, n: 0 });
    await message(sleeper);
    await waitFor('the thread blocks on the empty ring', () => ring.anyAsleep);
    const woken = message<string>(sleeper);
    expect(ring.enter(HOST, 0)).toBe(true);
    ring.put('item', true, MAX_RING_RECORD);
    ring.leave();
    // Its wait was for 600 s: only the put's notify ends it within the test's time.
    await expect(woken).resolves.toBe('woken');
  });

  it('a Terminate ends a thread blocked on the ring at once, and the ring stays whole', async () => {
    const ring = QueueRing.create(10);
    expect(ring.enter(HOST, 0)).toBe(true);
    ring.put('kept', true, MAX_RING_RECORD);
    // Taken again: the ring is empty with one item's history behind it, so the sleeper waits.
    expect(ring.take()).toBe('kept');
    ring.leave();
    const sleeper = thread({ buffer: ring.buffer, role: 'sleeper', index: 6, from: 0, n: 0 });
    await message(sleeper);
    await waitFor('the thread blocks on the empty ring', () => ring.anyAsleep);
    // Blocked in Atomics.wait for up to 600 s: terminate() interrupts it (the test's 5 s would run out otherwise).
    await sleeper.terminate();
    started.splice(started.indexOf(sleeper), 1);
    expect(ring.recover(6)).toBe(false);
    expect(ring.holder).toBe(0);
    expect(ring.enter(HOST, 0)).toBe(true);
    expect(ring.put(1, true, MAX_RING_RECORD)).toBe(true);
    expect(ring.put(2, true, MAX_RING_RECORD)).toBe(true);
    expect([ring.take(), ring.take()]).toEqual([1, 2]);
    ring.leave();
    expect([ring.count, ring.puts, ring.gets]).toEqual([0, 3, 3]);
  });
});
