import { describe, expect, it } from 'vitest';
import type { SyncFact } from '../../../../src/shared/facts';
import { client, done, flush, lab } from './harness';

// Queue batching between forked processes (src/shared/queue-batch.ts, docs/sync.md): the real worker
// client (LabSync with batchQueues, as a forked process has it) against the broker in this process.

const messagesOf = (sent: ReadonlyArray<{ type: string }>) => sent.map((message) => message.type);

describe('queue batching between processes', () => {
  it("a sole producer's puts after the first need no answer and reach the broker in one batch; the consumer's lease keeps FIFO", async () => {
    const t = lab();
    t.create({ kind: 'Queue', name: 'Q', maxsize: 10 });
    const producer = client(t, 'p', false, { batchQueues: true });
    const consumer = client(t, 'c', false, { batchQueues: true });
    const q = producer.sync.queue('Q');
    for (let item = 1; item <= 10; item++) await q.put(item);
    // One brokered put (granted 9 credits), nine done in the worker: nothing sent for them yet.
    expect(messagesOf(producer.sent)).toEqual(['sync']);
    expect(t.view('Q').depth).toBe(1);
    await flush();
    expect(messagesOf(producer.sent)).toEqual(['sync', 'queueBatch']);
    expect(t.view('Q').depth).toBe(10);
    const got = [];
    const c = consumer.sync.queue('Q');
    for (let i = 0; i < 10; i++) got.push(await c.get());
    expect(got).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // The first get was brokered and leased the other nine, still counted in the depth until reported.
    expect(messagesOf(consumer.sent)).toEqual(['sync']);
    expect(t.view('Q').depth).toBe(9);
    await flush();
    expect(t.view('Q').depth).toBe(0);
    expect(t.view('Q')).toMatchObject({ puts: 10, gets: 10 });
    expect([...producer.refused, ...consumer.refused]).toEqual([]);
  });

  it('slots set aside for a producer make another wait only until the holder\'s loop turns, never for ever', async () => {
    const t = lab();
    t.create({ kind: 'Queue', name: 'Q', maxsize: 3 });
    const holder = client(t, 'p1', false, { batchQueues: true });
    await holder.sync.queue('Q').put('a');
    // p1 holds 2 credits: the queue has 1 item and no room for anyone else.
    const other = t.send('p2', { op: 'put', name: 'Q', item: 'b' });
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(other.settled).toBe(false);
    expect(t.view('Q').waiters.map((waiter) => [waiter.workerId, waiter.op])).toEqual([['p2', 'put']]);
    // p1's loop turns: its unused credits go back, and p2's put goes in.
    await flush();
    await flush();
    expect(other.reply).toEqual(done());
    expect(t.view('Q').depth).toBe(2);
  });

  it("another getter waits until the lease holder's loop turns, then gets the next item in order; a dead holder's lease goes back to the front", async () => {
    const t = lab();
    t.create({ kind: 'JoinableQueue', name: 'Q' });
    for (const item of [1, 2, 3, 4, 5]) await t.now('p', { op: 'put', name: 'Q', item });
    const holder = client(t, 'c1', false, { batchQueues: true });
    expect(await holder.sync.queue('Q').get()).toBe(1);
    expect(await holder.sync.queue('Q').get()).toBe(2);
    // Items 3..5 are leased to c1: c2 waits, as on an empty queue.
    const waiting = t.send('c2', { op: 'get', name: 'Q' });
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(waiting.settled).toBe(false);
    expect(await t.now('c3', { op: 'get', name: 'Q', block: false })).toMatchObject({ ok: false, error: 'Empty' });
    await flush();
    await flush();
    expect(waiting.reply).toEqual(done(3));
    expect(t.view('Q').depth).toBe(2);
    // c1 gets a lease again (c2 is a consumer now: no lease), then is killed holding nothing reported.
    const second = lab();
    second.create({ kind: 'Queue', name: 'Q' });
    for (const item of [1, 2, 3, 4]) await second.now('p', { op: 'put', name: 'Q', item });
    const killed = client(second, 'c1', false, { batchQueues: true });
    expect(await killed.sync.queue('Q').get()).toBe(1);
    expect(await killed.sync.queue('Q').get()).toBe(2); // from the lease, not yet reported
    second.broker.workerEnded('c1');
    expect(second.view('Q').depth).toBe(3);
    expect(await second.now('c2', { op: 'get', name: 'Q' })).toEqual(done(2));
  });

  it("task_done for items got is batched; join returns once the batch is in", async () => {
    const t = lab();
    t.create({ kind: 'JoinableQueue', name: 'Q' });
    for (const item of [1, 2, 3]) await t.now('p', { op: 'put', name: 'Q', item });
    const joined = t.send('j', { op: 'join', name: 'Q' });
    const consumer = client(t, 'c', false, { batchQueues: true });
    const q = consumer.sync.queue('Q');
    for (let i = 0; i < 3; i++) {
      await q.get();
      await q.taskDone();
    }
    expect(messagesOf(consumer.sent)).toEqual(['sync']);
    expect(joined.settled).toBe(false);
    await flush();
    await flush();
    expect(joined.reply).toEqual(done());
    // One more than it got is asked of the broker, so it raises as Python's does.
    await expect(q.taskDone()).rejects.toMatchObject({ type: 'ValueError' });
  });

  it('settle() sends what is batched and returns once the broker has it (a process ending)', async () => {
    const t = lab();
    t.create({ kind: 'Queue', name: 'Q' });
    const producer = client(t, 'p', false, { batchQueues: true });
    const q = producer.sync.queue('Q');
    for (let item = 1; item <= 50; item++) await q.put(item);
    expect(t.view('Q').depth).toBe(1);
    await producer.sync.settle();
    expect(t.view('Q').depth).toBe(50);
  });

  it('items a batch cannot carry at a glance (a dict), and puts with a priority, are brokered as before', async () => {
    const t = lab();
    t.create({ kind: 'Queue', name: 'Q' });
    const producer = client(t, 'p', false, { batchQueues: true });
    const q = producer.sync.queue('Q');
    await q.put(1);
    await q.put({ a: 1 });
    await q.put('x'.repeat(300));
    await q.put(2, true, undefined, 7);
    // Each brokered put first gives back the credits the one before was granted: no put travels in a batch.
    expect(messagesOf(producer.sent)).toEqual(['sync', 'queueBatch', 'sync', 'queueBatch', 'sync', 'queueBatch', 'sync']);
    expect(producer.sent.flatMap((message) => (message.type === 'queueBatch' ? message.ops : []))).toEqual([]);
    expect(t.view('Q').depth).toBe(4);
  });

  it('a hostile batch (puts past its credits, gets of nothing leased) is refused op by op, never past maxsize', async () => {
    const t = lab();
    t.create({ kind: 'Queue', name: 'Q', maxsize: 2 });
    const put = (item: number) => ({ op: 'put' as const, item, at: 0 });
    expect(t.broker.queueBatch('w', 'Q', [put(1), put(2), put(3), { op: 'get', at: 0 }])).toEqual(['a put without a credit (3 times)', 'a get of no leased item']);
    expect(t.view('Q').depth).toBe(0);
    expect(t.broker.queueBatch('w', 'nope', [put(1)])).toEqual(['no queue named "nope"']);
    // Granted 1 credit (maxsize 2, one item in): two puts in a batch, the second refused.
    const granted = await t.now('w', { op: 'put', name: 'Q', item: 0, batch: true });
    expect(granted).toMatchObject({ ok: true, grant: { credits: 1, lease: [] } });
    expect(t.broker.queueBatch('w', 'Q', [put(1), put(2)])).toEqual(['a put without a credit']);
    expect(t.view('Q').depth).toBe(2);
  });

  it('puts batched on credits and sent after a shutdown() are dropped, and the log says why (not that the worker misbehaved)', async () => {
    const t = lab();
    t.create({ kind: 'Queue', name: 'Q', maxsize: 10 });
    const granted = await t.now('w', { op: 'put', name: 'Q', item: 0, batch: true });
    expect(granted).toMatchObject({ ok: true, grant: { credits: 9 } });
    await t.now('lab', { op: 'shutdown', name: 'Q', immediate: false });
    const put = (item: number) => ({ op: 'put' as const, item, at: 0 });
    expect(t.broker.queueBatch('w', 'Q', [put(1), put(2)])).toEqual(['a put batched before it heard of shutdown() (dropped: the queue is shut down) (2 times)']);
    expect(t.view('Q').depth).toBe(1);
  });

  it("facts of a batch are dated when the ops happened in the worker, no earlier than the last fact and no later than now", async () => {
    const facts: SyncFact[] = [];
    const t = lab(undefined, { onFact: (fact) => facts.push(fact) });
    t.create({ kind: 'Queue', name: 'Q' });
    const start = t.clock.now();
    await t.now('w', { op: 'put', name: 'Q', item: 0, batch: true });
    t.clock.advance(10);
    const now = t.clock.now();
    t.broker.queueBatch('w', 'Q', [
      { op: 'put', item: 1, at: start - 5 },
      { op: 'put', item: 2, at: start + 4 },
      { op: 'put', item: 3, at: now + 1_000 },
    ]);
    const puts = facts.filter((fact) => fact.op === 'queue.put');
    expect(puts.map((fact) => [fact.t, 'depth' in fact ? fact.depth : null])).toEqual([
      [start, 1],
      [start, 2],
      [start + 4, 3],
      [now, 4],
    ]);
  });

  it('a lease carries only the front items a batch carries at a glance, up to the first that is not: a reply stays small', async () => {
    const t = lab();
    t.create({ kind: 'Queue', name: 'Q' });
    for (const item of [1, 2, 3, { big: 'x'.repeat(10_000) }, 5]) await t.now('p', { op: 'put', name: 'Q', item });
    expect(await t.now('c', { op: 'get', name: 'Q', batch: true })).toMatchObject({ ok: true, value: 1, grant: { credits: 0, lease: [2, 3] } });
  });

  it("one worker's put and get on their way at once: a put's answer grants credits only, a get's a lease only, neither voids the other", async () => {
    const t = lab();
    t.create({ kind: 'Queue', name: 'Q' });
    // Put by the lab's own buttons, which never hold grants: w is the sole producer and consumer.
    for (const item of [1, 2, 3]) await t.operate({ op: 'put', name: 'Q', item });
    expect(await t.now('w', { op: 'get', name: 'Q', batch: true })).toMatchObject({ value: 1, grant: { credits: 0, lease: [2, 3] } });
    // Its put now gives back only its credits (none): the lease stays its own, and the put is granted credits only.
    const put = await t.now('w', { op: 'put', name: 'Q', item: 4, batch: true });
    expect(put).toMatchObject({ ok: true, grant: { credits: 128, lease: [] } });
    expect(t.broker.queueBatch('w', 'Q', [{ op: 'get', at: 0 }, { op: 'get', at: 0 }])).toEqual([]);
    expect(await t.now('c', { op: 'get', name: 'Q' })).toEqual(done(4));
  });

  it('a queue is either batched or shared: a thread attaching while a process holds a lease stays brokered, and a shared queue grants nothing', async () => {
    const t = lab(undefined, { shareQueues: true });
    t.create({ kind: 'Queue', name: 'Q' });
    for (const item of [1, 2, 3, 4]) await t.now('p', { op: 'put', name: 'Q', item });
    const consumer = client(t, 'c', false, { batchQueues: true });
    expect(await consumer.sync.queue('Q').get()).toBe(1);
    // c holds a lease of 2, 3, 4: a thread's fast get would take them from under it.
    expect(t.broker.attachQueue('t', 'Q')).toBeNull();
    expect(await consumer.sync.queue('Q').get()).toBe(2);
    await flush();
    await flush();
    // The lease is back (its loop turned): now the thread gets the ring, and the process's next get is brokered, one item, no lease.
    expect(t.broker.attachQueue('t', 'Q')).not.toBeNull();
    const got = await t.now('c', { op: 'get', name: 'Q', batch: true });
    expect(got).toEqual(done(3));
    // Nor credits: threads put on the ring without looking at slots set aside.
    expect(await t.now('p', { op: 'put', name: 'Q', item: 5, batch: true })).toEqual(done());
    expect(t.view('Q')).toMatchObject({ depth: 2, gets: 3 });
  });

  it("shutdown() keeps a consumer's lease: the gets it made from it (their items returned) apply when its batch comes, never got twice", async () => {
    const get = { op: 'get' as const, at: 0 };
    const leased = async (immediate: boolean) => {
      const t = lab();
      t.create({ kind: 'JoinableQueue', name: 'Q' });
      for (const item of [1, 2, 3, 4, 5]) await t.now('p', { op: 'put', name: 'Q', item });
      expect(await t.now('c1', { op: 'get', name: 'Q', batch: true })).toMatchObject({ value: 1, grant: { lease: [2, 3, 4, 5] } });
      expect(await t.now('x', { op: 'shutdown', name: 'Q', immediate })).toEqual(done());
      return t;
    };
    // c1 had returned 2 and 3 to its caller before the shutdown; c2, blocked meanwhile, gets 4, not 2.
    const t = await leased(false);
    const waiting = t.send('c2', { op: 'get', name: 'Q' });
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(waiting.settled).toBe(false);
    expect(t.broker.queueBatch('c1', 'Q', [get, get])).toEqual([]);
    await flush();
    expect(waiting.reply).toEqual(done(4));
    expect(await t.now('c2', { op: 'get', name: 'Q' })).toEqual(done(5));
    expect(await t.now('c2', { op: 'get', name: 'Q' })).toMatchObject({ ok: false, error: 'ShutDown' });
    // A getter waiting behind a lease whose holder got every item raises ShutDown once the batch is in.
    const all = await leased(false);
    const behind = all.send('c2', { op: 'get', name: 'Q' });
    expect(all.broker.queueBatch('c1', 'Q', [get, get, get, get])).toEqual([]);
    await flush();
    expect(behind.reply).toMatchObject({ ok: false, error: 'ShutDown' });
    // shutdown(immediate=True): the items behind the lease are dropped at once, the lease's unused ones when
    // it comes back; the holder's gets and task_dones apply, so join() returns when they are done.
    const now = await leased(true);
    expect(now.view('Q').depth).toBe(4);
    const join = now.send('j', { op: 'join', name: 'Q' });
    const task = { op: 'task_done' as const, at: 0 };
    expect(now.broker.queueBatch('c1', 'Q', [get, get, task, task, task])).toEqual([]);
    await flush();
    expect(now.view('Q')).toMatchObject({ depth: 0, unfinished: 0, gets: 3 });
    expect(join.reply).toEqual(done());
    expect(await now.now('c2', { op: 'get', name: 'Q' })).toMatchObject({ ok: false, error: 'ShutDown' });
    // A holder that dies after an immediate shutdown: its lease is dropped, not given to the next getter.
    const dead = await leased(true);
    dead.broker.workerEnded('c1');
    expect(dead.view('Q')).toMatchObject({ depth: 0, unfinished: 1 });
    expect(await dead.now('c2', { op: 'get', name: 'Q' })).toMatchObject({ ok: false, error: 'ShutDown' });
  });
});
