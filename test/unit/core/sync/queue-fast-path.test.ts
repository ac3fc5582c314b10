import { describe, expect, it } from 'vitest';
import { HOST, MAX_RING_RECORD, QueueRing } from '../../../../src/shared/queue-ring';
import type { WorkerMessage } from '../../../../src/shared/worker-wire';
import { waitFor } from '../../../support/wait';
import { client, done, flush, lab, type Lab } from './harness';

// A thread's Queue fast path (queue-handle.ts) against the broker that shares the ring with it: CPython's
// Lib/test/test_queue.py semantics, whichever path an operation takes.

/** Brokered requests a client sent for this queue (the fast path sends none). */
const requests = (sent: readonly WorkerMessage[], op: string): number => sent.filter((message) => message.type === 'sync' && message.request.op === op).length;

async function thread(t: Lab, id: string) {
  const made = client(t, id, true);
  return made;
}

/** The ring the broker made for `name` (an attach as a thread would make it). */
function ringOf(t: Lab, name: string, workerId = 'observer'): QueueRing {
  const attached = t.broker.attachQueue(workerId, name);
  if (attached === null) throw new Error('not shared');
  return new QueueRing(attached.ring);
}

describe('the Queue fast path of threads', () => {
  it('puts and gets in order without a message once attached, and the broker sees every item', async () => {
    const t = lab(undefined, { shareQueues: true });
    t.create({ kind: 'Queue', name: 'q', maxsize: 100 });
    const producer = await thread(t, 'p');
    const consumer = await thread(t, 'c');
    const q = producer.sync.queue('q');
    for (let item = 0; item < 60; item++) await q.put(item % 3 === 0 ? `item ${item}` : item);
    const got = [];
    const c = consumer.sync.queue('q');
    for (let index = 0; index < 60; index++) got.push(await c.get());
    expect(got).toEqual(Array.from({ length: 60 }, (_, item) => (item % 3 === 0 ? `item ${item}` : item)));
    // The first put and the first get go to the broker (it attaches meanwhile); the rest go through the ring.
    expect(requests(producer.sent, 'put')).toBeLessThanOrEqual(2);
    expect(requests(consumer.sent, 'get')).toBeLessThanOrEqual(2);
    expect(t.view('q')).toMatchObject({ depth: 0, puts: 60, gets: 60, producers: ['p'], consumers: ['c'], bytes: 0 });
    // The view's bytes are the items' (a number's record is 12 B), not the ring's charge.
    await q.put(1);
    await q.put(2);
    expect(t.view('q').bytes).toBe(24);
  });

  it('a put on a full queue blocks at the broker, and a get wakes it (maxsize, FIFO)', async () => {
    const t = lab(undefined, { shareQueues: true });
    t.create({ kind: 'Queue', name: 'q', maxsize: 2 });
    const { sync } = await thread(t, 'p');
    const q = sync.queue('q');
    await q.put(1);
    await flush();
    await q.put(2);
    let third = false;
    const blocked = q.put(3).then(() => (third = true));
    // It waits on the ring first (a few looks, then sleeps that keep its event loop running), then parks at the broker.
    await waitFor('the put parked at the broker', () => t.view('q').waiters.length > 0);
    expect(third).toBe(false);
    expect(t.view('q').waiters).toMatchObject([{ workerId: 'p', op: 'put' }]);
    const c = (await thread(t, 'c')).sync.queue('q');
    expect(await c.get()).toBe(1);
    await blocked;
    expect(third).toBe(true);
    expect(await c.get()).toBe(2);
    expect(await c.get()).toBe(3);
    expect(t.view('q').waiters).toEqual([]);
  });

  it('get(timeout) on an empty queue raises Empty, put(timeout) on a full one raises Full', async () => {
    const t = lab(undefined, { shareQueues: true });
    t.create({ kind: 'Queue', name: 'q', maxsize: 1 });
    const { sync } = await thread(t, 'w');
    const q = sync.queue('q');
    await q.put('x');
    await flush();
    const full = q.put('y', true, 0.5).catch((error: Error) => error.name);
    await flush();
    await t.advance(0.5);
    expect(await full).toBe('Full');
    expect(await q.get()).toBe('x');
    const empty = q.get(true, 0.5).catch((error: Error) => error.name);
    await flush();
    await t.advance(0.5);
    expect(await empty).toBe('Empty');
    await expect(q.getNowait()).rejects.toMatchObject({ name: 'Empty' });
  });

  it('task_done and join: join waits at the broker until every task is done on the fast path or not', async () => {
    const t = lab(undefined, { shareQueues: true });
    t.create({ kind: 'JoinableQueue', name: 'q' });
    const worker = await thread(t, 'w');
    const q = worker.sync.queue('q');
    for (const item of [1, 2, 3]) await q.put(item);
    for (let index = 0; index < 3; index++) await q.get();
    await q.taskDone();
    await flush();
    await q.taskDone();
    expect(t.view('q').unfinished).toBe(1);
    let joined = false;
    const joiner = (await thread(t, 'j')).sync.queue('q');
    const join = joiner.join().then(() => (joined = true));
    await flush();
    expect(joined).toBe(false);
    await q.taskDone();
    await join;
    expect(joined).toBe(true);
    await expect(q.taskDone()).rejects.toMatchObject({ name: 'ValueError', message: 'task_done() called too many times' });
    expect(requests(worker.sent, 'task_done')).toBeLessThan(4);
  });

  it('shutdown wakes a blocked getter with ShutDown and closes the fast path to puts', async () => {
    const t = lab(undefined, { shareQueues: true });
    t.create({ kind: 'Queue', name: 'q' });
    const worker = await thread(t, 'w');
    const q = worker.sync.queue('q');
    await q.put(1);
    await q.get();
    const getter = (await thread(t, 'g')).sync.queue('q');
    await getter.put(0);
    await getter.get();
    const blocked = getter.get().catch((error: Error) => error.name);
    await flush();
    await t.operate({ op: 'shutdown', name: 'q', immediate: false });
    expect(await blocked).toBe('ShutDown');
    await expect(q.put(2)).rejects.toMatchObject({ name: 'ShutDown' });
  });

  it('a process and a thread on one queue: FIFO across both paths, a big item kept outside the ring in its place', async () => {
    const t = lab(undefined, { shareQueues: true });
    t.create({ kind: 'Queue', name: 'q' });
    const threadQ = (await thread(t, 't')).sync.queue('q');
    const processQ = client(t, 'p', false).sync.queue('q');
    await threadQ.put('first');
    await threadQ.put(1);
    const big = 'b'.repeat(MAX_RING_RECORD);
    await processQ.put(big);
    await threadQ.put(2);
    await processQ.put({ n: 3 });
    await threadQ.put(4);
    const got = [await processQ.get(), await threadQ.get(), await threadQ.get(), await processQ.get(), await threadQ.get(), await threadQ.get()];
    expect(got).toEqual(['first', 1, big, 2, { n: 3 }, 4]);
    expect(t.view('q')).toMatchObject({ depth: 0, puts: 6, gets: 6 });
  });

  it('a thread killed inside the ring section: the broker waits, then finishes the work once the thread is reaped', async () => {
    const t = lab(undefined, { shareQueues: true });
    t.create({ kind: 'Queue', name: 'q' });
    const ring = ringOf(t, 'q', 'victim');
    // The victim got into the section and died there.
    const victim = t.broker.attachQueue('victim', 'q')!.index;
    expect(ring.enter(victim, 0)).toBe(true);
    const put = t.send('p', { op: 'put', name: 'q', item: 7 });
    await flush();
    await t.advance(0.01);
    expect(put.settled).toBe(false);
    t.broker.workerEnded('victim');
    await t.advance(0.01);
    expect(put.reply).toEqual(done());
    expect(await t.now('c', { op: 'get', name: 'q' })).toEqual(done(7));
    expect(ring.holder).toBe(0);
  });

  it('a deleted queue: the thread finds its ring retired and asks the broker (KeyError)', async () => {
    const t = lab(undefined, { shareQueues: true });
    t.create({ kind: 'Queue', name: 'q' });
    const { sync } = await thread(t, 'w');
    const q = sync.queue('q');
    await q.put(1);
    await q.get();
    expect(t.broker.delete('q').ok).toBe(true);
    await expect(q.put(2)).rejects.toMatchObject({ name: 'KeyError' });
  });

  it('a queue whose ring the memory budget cannot hold stays brokered, and works', async () => {
    const t = lab(undefined, { memoryBudgetBytes: 10_000, shareQueues: true });
    t.create({ kind: 'Queue', name: 'q' });
    expect(t.broker.attachQueue('w', 'q')).toBeNull();
    const worker = await thread(t, 'w');
    const q = worker.sync.queue('q');
    for (const item of [1, 2, 3]) await q.put(item);
    expect([await q.get(), await q.get(), await q.get()]).toEqual([1, 2, 3]);
    expect(requests(worker.sent, 'put')).toBe(3);
    expect(t.view('q').bytes).toBe(0);
  });

  it('a get with a timeout goes to the broker at once when the queue is empty, and is timed there', async () => {
    const t = lab(undefined, { shareQueues: true });
    t.create({ kind: 'Queue', name: 'q' });
    const worker = await thread(t, 'w');
    const q = worker.sync.queue('q');
    await q.put(1);
    await q.get();
    const empty = q.get(true, 0.25).catch((error: Error) => error.name);
    await flush();
    expect(t.view('q').waiters).toMatchObject([{ workerId: 'w', op: 'get', timeoutMs: 250 }]);
    await t.advance(0.25);
    expect(await empty).toBe('Empty');
  });

  it('is off when not asked for (LabOptions.queueFastPath false; the lab asks by default): a thread then uses the broker', async () => {
    const t = lab();
    t.create({ kind: 'Queue', name: 'q' });
    expect(t.broker.attachQueue('w', 'q')).toBeNull();
    const worker = await thread(t, 'w');
    const q = worker.sync.queue('q');
    for (const item of [1, 2]) await q.put(item);
    expect([await q.get(), await q.get()]).toEqual([1, 2]);
    expect(requests(worker.sent, 'put')).toBe(2);
  });

  it('LifoQueue and PriorityQueue stay brokered', () => {
    const t = lab(undefined, { shareQueues: true });
    t.create({ kind: 'LifoQueue', name: 'l' });
    t.create({ kind: 'PriorityQueue', name: 'p' });
    expect(t.broker.attachQueue('w', 'l')).toBeNull();
    expect(t.broker.attachQueue('w', 'p')).toBeNull();
  });

  it('the host never takes the section while a thread holds it', () => {
    const ring = QueueRing.create(0);
    expect(ring.enter(3, 0)).toBe(true);
    expect(ring.enter(HOST, 100)).toBe(false);
    ring.leave();
  });
});
