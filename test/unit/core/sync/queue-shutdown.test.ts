import { describe, expect, it } from 'vitest';
import { QUEUE_KINDS } from '../../../../src/shared/sync';
import { done, flush, lab } from './harness';

// Python 3.13's Lib/queue.py shutdown() and Lib/test/test_queue.py's test_shutdown_*; multiprocessing's
// Queue.close() (Lib/multiprocessing/queues.py _check_closed), as CPython 3.11-3.13 behave when run.

const SHUT_DOWN = { ok: false, error: 'ShutDown', message: 'the queue is shut down' };

describe.each(QUEUE_KINDS)('%s shutdown (test_queue.py, 3.13)', (kind) => {
  it('test_shutdown_empty / nonempty / immediate: puts raise at once, gets once it is empty (immediate: at once)', async () => {
    const t = lab();
    t.create({ kind, name: 'E' });
    await t.now('w', { op: 'shutdown', name: 'E' });
    expect(await t.now('w', { op: 'put', name: 'E', item: 'data' })).toEqual(SHUT_DOWN);
    expect(await t.now('w', { op: 'get', name: 'E' })).toEqual(SHUT_DOWN);

    t.create({ kind, name: 'N' });
    await t.now('w', { op: 'put', name: 'N', item: 'data' });
    await t.now('w', { op: 'shutdown', name: 'N' });
    expect(await t.now('w', { op: 'get', name: 'N' })).toEqual(done('data'));
    expect(await t.now('w', { op: 'get', name: 'N' })).toEqual(SHUT_DOWN);

    t.create({ kind, name: 'I' });
    await t.now('w', { op: 'put', name: 'I', item: 'data' });
    await t.now('w', { op: 'shutdown', name: 'I', immediate: true });
    expect(await t.now('w', { op: 'get', name: 'I' })).toEqual(SHUT_DOWN);
    expect(t.view('I')).toMatchObject({ depth: 0, shutdown: true });
  });

  it('test_shutdown_allowed_transitions: is_shutdown turns true and stays; shutdown again is allowed', async () => {
    const t = lab();
    t.create({ kind, name: 'Q' });
    expect(await t.now('w', { op: 'is_shutdown', name: 'Q' })).toEqual(done(false));
    await t.now('w', { op: 'shutdown', name: 'Q' });
    expect(await t.now('w', { op: 'is_shutdown', name: 'Q' })).toEqual(done(true));
    expect(await t.now('w', { op: 'shutdown', name: 'Q', immediate: true })).toEqual(done());
    expect(await t.now('w', { op: 'shutdown', name: 'Q' })).toEqual(done());
    expect(await t.now('w', { op: 'is_shutdown', name: 'Q' })).toEqual(done(true));
  });

  it.each([false, true])('_shutdown_all_methods_in_one_thread (immediate %s)', async (immediate) => {
    const t = lab();
    t.create({ kind, name: 'Q', maxsize: 2 });
    await t.now('w', { op: 'put', name: 'Q', item: 'L' });
    await t.now('w', { op: 'put', name: 'Q', item: 'O', block: false });
    await t.now('w', { op: 'shutdown', name: 'Q', immediate });
    expect(await t.now('w', { op: 'put', name: 'Q', item: 'E' })).toEqual(SHUT_DOWN);
    expect(await t.now('w', { op: 'put', name: 'Q', item: 'W', block: false })).toEqual(SHUT_DOWN);
    if (immediate) {
      expect(await t.now('w', { op: 'get', name: 'Q' })).toEqual(SHUT_DOWN);
      expect(await t.now('w', { op: 'get', name: 'Q', block: false })).toEqual(SHUT_DOWN);
      expect(await t.now('w', { op: 'task_done', name: 'Q' })).toMatchObject({ ok: false, error: 'ValueError' });
      expect(await t.now('w', { op: 'join', name: 'Q' })).toEqual(done());
    } else {
      for (let i = 0; i < 2; i += 1) {
        expect(await t.now('w', { op: 'get', name: 'Q' })).toMatchObject({ ok: true });
        await t.now('w', { op: 'task_done', name: 'Q' });
      }
      expect(await t.now('w', { op: 'join', name: 'Q' })).toEqual(done());
      expect(await t.now('w', { op: 'get', name: 'Q' })).toEqual(SHUT_DOWN);
      expect(await t.now('w', { op: 'get', name: 'Q', block: false })).toEqual(SHUT_DOWN);
      expect(await t.now('w', { op: 'get', name: 'Q', timeout: 1 })).toEqual(SHUT_DOWN);
    }
  });

  it('test_shutdown_pending_get and _shutdown_put: blocked getters and putters are woken to raise ShutDown; the putters\' items are never put', async () => {
    const t = lab();
    t.create({ kind, name: 'G' });
    const getter = t.send('c', { op: 'get', name: 'G' });
    t.create({ kind, name: 'P', maxsize: 2 });
    await t.now('p', { op: 'put', name: 'P', item: 'Y' });
    await t.now('p', { op: 'put', name: 'P', item: 'D' });
    const putters = [t.send('p1', { op: 'put', name: 'P', item: 'E' }), t.send('p2', { op: 'put', name: 'P', item: 'W', timeout: 5 })];
    await flush();
    expect(getter.settled || putters.some((putter) => putter.settled)).toBe(false);
    expect(t.view('P').waiters).toHaveLength(2);
    await t.now('lab', { op: 'shutdown', name: 'G' });
    await t.now('lab', { op: 'shutdown', name: 'P' });
    await flush();
    expect(getter.reply).toEqual(SHUT_DOWN);
    for (const putter of putters) expect(putter.reply).toEqual(SHUT_DOWN);
    expect(t.view('P')).toMatchObject({ depth: 2, waiters: [], shutdown: true });
  });

  it('_shutdown_get: of three getters of two items, after shutdown(), two get an item and one raises', async () => {
    const t = lab();
    t.create({ kind, name: 'Q', maxsize: 2 });
    await t.now('p', { op: 'put', name: 'Q', item: 'Y' });
    await t.now('p', { op: 'put', name: 'Q', item: 'D' });
    await t.now('lab', { op: 'shutdown', name: 'Q' });
    const got = [await t.now('a', { op: 'get', name: 'Q' }), await t.now('b', { op: 'get', name: 'Q' }), await t.now('c', { op: 'get', name: 'Q' })];
    expect(got.map((reply) => reply.ok)).toEqual([true, true, false]);
  });

  it('_shutdown_join (immediate) and _shutdown_put_join: immediate drops the items, counting them done, which releases join()', async () => {
    const t = lab();
    t.create({ kind, name: 'Q' });
    await t.now('p', { op: 'put', name: 'Q', item: 'Y' });
    const joiners = [t.send('j1', { op: 'join', name: 'Q' }), t.send('j2', { op: 'join', name: 'Q' })];
    await flush();
    expect(joiners.some((joiner) => joiner.settled)).toBe(false);
    await t.now('lab', { op: 'shutdown', name: 'Q', immediate: true });
    await flush();
    for (const joiner of joiners) expect(joiner.reply).toEqual(done());
  });

  it('a task still out with a getter keeps join() waiting after shutdown(immediate=True) until its task_done', async () => {
    const t = lab();
    t.create({ kind, name: 'Q' });
    await t.now('p', { op: 'put', name: 'Q', item: 'out' });
    await t.now('p', { op: 'put', name: 'Q', item: 'left' });
    await t.now('c', { op: 'get', name: 'Q' });
    const joiner = t.send('j', { op: 'join', name: 'Q' });
    await t.now('lab', { op: 'shutdown', name: 'Q', immediate: true });
    await flush();
    expect(joiner.settled).toBe(false);
    await t.now('c', { op: 'task_done', name: 'Q' });
    await flush();
    expect(joiner.reply).toEqual(done());
  });
});

describe('multiprocessing.Queue.close() (queues.py _check_closed)', () => {
  it('after close, this worker\'s put and get raise ValueError "Queue ... is closed"; another worker\'s go on; qsize still answers', async () => {
    const t = lab();
    t.create({ kind: 'Queue', name: 'q' });
    await t.now('a', { op: 'put', name: 'q', item: 1 });
    expect(await t.now('a', { op: 'close', name: 'q' })).toEqual(done());
    const closed = { ok: false, error: 'ValueError', message: 'Queue q is closed' };
    expect(await t.now('a', { op: 'put', name: 'q', item: 2 })).toEqual(closed);
    expect(await t.now('a', { op: 'get', name: 'q' })).toEqual(closed);
    expect(await t.now('a', { op: 'get', name: 'q', block: false })).toEqual(closed);
    expect(await t.now('a', { op: 'qsize', name: 'q' })).toEqual(done(1));
    // CPython 3.11-3.13, seen: put, close, then empty() raises once the feeder thread has closed the reader;
    // another process's reader stays open; and one that closed without ever putting (no feeder) still answers.
    expect(await t.now('a', { op: 'empty', name: 'q' })).toEqual({ ok: false, error: 'OSError', message: 'handle is closed' });
    expect(await t.now('b', { op: 'empty', name: 'q' })).toEqual(done(false));
    expect(await t.now('c', { op: 'close', name: 'q' })).toEqual(done());
    expect(await t.now('c', { op: 'empty', name: 'q' })).toEqual(done(false));
    expect(await t.now('a', { op: 'close', name: 'q' })).toEqual(done());
    expect(await t.now('b', { op: 'get', name: 'q' })).toEqual(done(1));
    expect(await t.now('b', { op: 'put', name: 'q', item: 3 })).toEqual(done());
  });
});

describe('qsize, empty and full answer what the Locks and Queues views show at that moment', () => {
  it('as items come and go, and waiting putters are not counted in the depth', async () => {
    const t = lab();
    t.create({ kind: 'Queue', name: 'q', maxsize: 2 });
    const agree = async () => {
      const view = t.view('q');
      expect(await t.now('w', { op: 'qsize', name: 'q' })).toEqual(done(view.depth));
      expect(await t.now('w', { op: 'full', name: 'q' })).toEqual(done(view.depth === view.maxsize));
    };
    await agree();
    await t.now('p', { op: 'put', name: 'q', item: 1 });
    await agree();
    await t.now('p', { op: 'put', name: 'q', item: 2 });
    t.send('p2', { op: 'put', name: 'q', item: 3 });
    await flush();
    await agree();
    expect(t.view('q').depth).toBe(2);
    await t.now('c', { op: 'get', name: 'q' });
    await agree();
  });
});
