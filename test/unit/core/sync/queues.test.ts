import { describe, expect, it } from 'vitest';
import { QUEUE_KINDS } from '../../../../src/shared/sync';
import { done, flush, lab } from './harness';

// Lib/test/test_queue.py (BaseQueueTestMixin and the task_done/join tests) and Lib/queue.py.

const FULL = { ok: false, error: 'Full', message: 'queue is full' };
const EMPTY = { ok: false, error: 'Empty', message: 'queue is empty' };

describe('queue order (test_basic)', () => {
  it.each([
    ['Queue', [111, 333, 222]],
    ['LifoQueue', [222, 333, 111]],
    ['PriorityQueue', [111, 222, 333]],
  ] as const)('%s gives %j for puts of 111, 333, 222', async (kind, expected) => {
    const t = lab();
    t.create({ kind, name: 'Q', maxsize: 3 });
    for (const item of [111, 333, 222]) await t.now('p', { op: 'put', name: 'Q', item });
    expect(await t.now('p', { op: 'qsize', name: 'Q' })).toEqual(done(3));
    const got = [];
    for (let i = 0; i < 3; i += 1) got.push(await t.now('c', { op: 'get', name: 'Q' }));
    expect(got).toEqual(expected.map((item) => done(item)));
  });

  it('PriorityQueue orders by the given priority (as put((priority, item)) would), FIFO among equals', async () => {
    const t = lab();
    t.create({ kind: 'PriorityQueue', name: 'Q' });
    await t.now('p', { op: 'put', name: 'Q', item: 'late', priority: 5 });
    await t.now('p', { op: 'put', name: 'Q', item: 'a', priority: 0 });
    await t.now('p', { op: 'put', name: 'Q', item: 'urgent', priority: -1 });
    await t.now('p', { op: 'put', name: 'Q', item: 'b', priority: 0 });
    await t.now('p', { op: 'put', name: 'Q', item: 3 });
    await t.now('p', { op: 'put', name: 'Q', item: 'c', priority: 0 });
    const got = [];
    for (let i = 0; i < 6; i += 1) got.push(((await t.now('c', { op: 'get', name: 'Q' })) as { value: unknown }).value);
    expect(got).toEqual(['urgent', 'a', 'b', 'c', 3, 'late']);
  });
});

describe.each(QUEUE_KINDS)('%s (BaseQueueTestMixin)', (kind) => {
  it('put on a full queue: Full when not blocking, else blocks until a get (test_basic, test_nowait)', async () => {
    const t = lab();
    t.create({ kind, name: 'Q', maxsize: 2 });
    await t.now('p', { op: 'put', name: 'Q', item: 1 });
    await t.now('p', { op: 'put', name: 'Q', item: 2 });
    expect(await t.now('p', { op: 'put', name: 'Q', item: 3, block: false })).toEqual(FULL);
    expect(await t.now('p', { op: 'put', name: 'Q', item: 3, block: false, timeout: 5 })).toEqual(FULL);
    const blocked = t.send('p', { op: 'put', name: 'Q', item: 3 });
    await flush();
    expect(blocked.settled).toBe(false);
    expect(t.view('Q').waiters.map((waiter) => [waiter.workerId, waiter.op])).toEqual([['p', 'put']]);
    await t.now('c', { op: 'get', name: 'Q' });
    await flush();
    expect(blocked.reply).toEqual(done());
    expect(t.view('Q').depth).toBe(2);
  });

  it('get on an empty queue: Empty when not blocking, else blocks until a put (test_basic, test_nowait)', async () => {
    const t = lab();
    t.create({ kind, name: 'Q' });
    expect(await t.now('c', { op: 'get', name: 'Q', block: false })).toEqual(EMPTY);
    const blocked = t.send('c', { op: 'get', name: 'Q' });
    await flush();
    expect(blocked.settled).toBe(false);
    await t.now('p', { op: 'put', name: 'Q', item: 'x' });
    await flush();
    expect(blocked.reply).toEqual(done('x'));
    expect(t.view('Q').depth).toBe(0);
  });

  it('timed put raises Full and timed get raises Empty when the time is up', async () => {
    const t = lab();
    t.create({ kind, name: 'Q', maxsize: 1 });
    await t.now('p', { op: 'put', name: 'Q', item: 1 });
    const put = t.send('p', { op: 'put', name: 'Q', item: 2, timeout: 0.1 });
    await t.advance(0.1);
    expect(put.reply).toEqual(FULL);
    await t.now('c', { op: 'get', name: 'Q' });
    const get = t.send('c', { op: 'get', name: 'Q', timeout: 0.1 });
    await t.advance(0.05);
    expect(get.settled).toBe(false);
    await t.advance(0.05);
    expect(get.reply).toEqual(EMPTY);
    expect(t.view('Q')).toMatchObject({ depth: 0, puts: 1, gets: 1, waiters: [] });
  });

  it('an unbounded queue never reports Full (maxsize 0)', async () => {
    const t = lab();
    t.create({ kind, name: 'Q' });
    for (let i = 0; i < 100; i += 1) expect(await t.now('p', { op: 'put', name: 'Q', item: i, block: false })).toEqual(done());
    expect(t.view('Q')).toMatchObject({ depth: 100, maxsize: 0 });
  });

  it('room freed by a get goes to the waiting putters first (test_shrinking_queue)', async () => {
    const t = lab();
    t.create({ kind, name: 'Q', maxsize: 3 });
    for (const item of ['a', 'b', 'c']) await t.now('p', { op: 'put', name: 'Q', item });
    expect(await t.now('p', { op: 'put', name: 'Q', item: 'd', block: false })).toEqual(FULL);
    const first = t.send('p1', { op: 'put', name: 'Q', item: 'd' });
    const second = t.send('p2', { op: 'put', name: 'Q', item: 'e' });
    await t.now('c', { op: 'get', name: 'Q' });
    await flush();
    expect([first.settled, second.settled]).toEqual([true, false]);
    expect(await t.now('p', { op: 'put', name: 'Q', item: 'f', block: false })).toEqual(FULL);
  });

  it('getters are served in arrival order', async () => {
    const t = lab();
    t.create({ kind, name: 'Q' });
    const calls = ['c1', 'c2'].map((id) => t.send(id, { op: 'get', name: 'Q' }));
    await t.now('p', { op: 'put', name: 'Q', item: 1 });
    await flush();
    expect(calls.map((call) => call.settled)).toEqual([true, false]);
    await t.now('p', { op: 'put', name: 'Q', item: 2 });
    await flush();
    expect(calls.map((call) => call.reply)).toEqual([done(1), done(2)]);
  });

  it('task_done and join: join waits for every task, too many task_done is a ValueError (test_queue_task_done, test_queue_join)', async () => {
    const t = lab();
    t.create({ kind, name: 'Q' });
    // join on a queue with no unfinished work returns at once.
    expect(await t.now('m', { op: 'join', name: 'Q' })).toEqual(done());
    expect(await t.now('w', { op: 'task_done', name: 'Q' })).toEqual({ ok: false, error: 'ValueError', message: 'task_done() called too many times' });
    for (let i = 0; i < 3; i += 1) await t.now('p', { op: 'put', name: 'Q', item: i });
    const joined = t.send('m', { op: 'join', name: 'Q' });
    for (let i = 0; i < 3; i += 1) await t.now('c', { op: 'get', name: 'Q' });
    await t.now('c', { op: 'task_done', name: 'Q' });
    await t.now('c', { op: 'task_done', name: 'Q' });
    await flush();
    expect(joined.settled).toBe(false);
    expect(t.view('Q').waiters.map((waiter) => [waiter.workerId, waiter.op, waiter.timeoutMs])).toEqual([['m', 'join', null]]);
    await t.now('c', { op: 'task_done', name: 'Q' });
    await flush();
    expect(joined.reply).toEqual(done());
    expect(await t.now('c', { op: 'task_done', name: 'Q' })).toMatchObject({ ok: false, error: 'ValueError' });
  });

  it('the snapshot counts puts and gets and names producers and consumers', async () => {
    const t = lab();
    t.create({ kind, name: 'Q', maxsize: 4 });
    await t.now('p1', { op: 'put', name: 'Q', item: 1 });
    await t.now('p2', { op: 'put', name: 'Q', item: 2 });
    await t.now('p1', { op: 'put', name: 'Q', item: 3 });
    await t.now('c1', { op: 'get', name: 'Q' });
    expect(t.view('Q')).toEqual({
      name: 'Q',
      kind,
      holders: [],
      waiters: [],
      value: null,
      flag: null,
      parties: null,
      broken: null,
      lock: null,
      depth: 2,
      maxsize: 4,
      unfinished: kind === 'JoinableQueue' ? 3 : null,
      puts: 3,
      gets: 1,
      shutdown: false,
      producers: ['p1', 'p2'],
      consumers: ['c1'],
      ownerDied: null,
      endedHolders: [],
      contents: null,
      // The two items left, 2 and 3, held in the memory budget: a byte of JSON and 48 B each (memory-budget.ts).
      bytes: 2 * (1 + 48),
      typecode: null,
      fastAcquisitions: null,
    });
  });
});

describe('PriorityQueue keys, as heapq compares them', () => {
  it('orders text by text, refuses to mix text with numbers, and counts True as 1', async () => {
    const t = lab();
    t.create({ kind: 'PriorityQueue', name: 'P' });
    for (const item of ['b', 'c', 'a']) await t.now('w', { op: 'put', name: 'P', item });
    expect(await t.now('w', { op: 'put', name: 'P', item: 1 })).toMatchObject({ ok: false, error: 'TypeError', message: "'<' not supported between instances of 'int' and 'str'" });
    expect(await t.now('w', { op: 'get', name: 'P' })).toEqual({ ok: true, value: 'a' });
    t.create({ kind: 'PriorityQueue', name: 'B' });
    for (const item of [2, true, 0]) await t.now('w', { op: 'put', name: 'B', item });
    expect(await t.now('w', { op: 'get', name: 'B' })).toEqual({ ok: true, value: 0 });
    expect(await t.now('w', { op: 'get', name: 'B' })).toEqual({ ok: true, value: true });
  });
});

describe('Queue.full() (test_queue.BaseQueueTestMixin.simple_queue_test)', () => {
  it('is true exactly when maxsize items wait, and never for an unbounded queue', async () => {
    const t = lab();
    t.create({ kind: 'Queue', name: 'Q', maxsize: 2 });
    t.create({ kind: 'Queue', name: 'U' });
    expect(await t.now('w', { op: 'full', name: 'Q' })).toEqual({ ok: true, value: false });
    await t.now('w', { op: 'put', name: 'Q', item: 1 });
    await t.now('w', { op: 'put', name: 'Q', item: 2 });
    expect(await t.now('w', { op: 'full', name: 'Q' })).toEqual({ ok: true, value: true });
    for (let i = 0; i < 50; i++) await t.now('w', { op: 'put', name: 'U', item: i });
    expect(await t.now('w', { op: 'full', name: 'U' })).toEqual({ ok: true, value: false });
  });
});
