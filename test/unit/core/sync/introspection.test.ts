import { describe, expect, it } from 'vitest';
import { client, done, flush, lab } from './harness';

// The introspection CPython's tests and the seeds call (Lock.locked, RLock/Condition._is_owned, a
// semaphore's _value / get_value(), Barrier n_waiting / broken / parties), each answered from the state the
// Locks view shows at that moment.

describe('introspection', () => {
  it.each(['Lock', 'RLock'] as const)('%s.locked() follows the holder the snapshot shows (lock_tests.py test_locked_repr)', async (kind) => {
    const t = lab();
    t.create({ kind, name: 'L' });
    expect(await t.now('w1', { op: 'locked', name: 'L' })).toEqual(done(false));
    await t.now('w1', { op: 'acquire', name: 'L' });
    expect(await t.now('w2', { op: 'locked', name: 'L' })).toEqual(done(true));
    expect(t.view('L').holders).toHaveLength(1);
    await t.now('w1', { op: 'release', name: 'L' });
    expect(await t.now('w2', { op: 'locked', name: 'L' })).toEqual(done(false));
    expect(t.view('L').holders).toEqual([]);
  });

  it('RLock._is_owned() is "held by me"; a Condition over a plain Lock asks "is it locked?", as CPython\'s fallback does', async () => {
    const t = lab();
    t.create({ kind: 'Condition', name: 'C' });
    t.create({ kind: 'Lock', name: 'L' });
    t.create({ kind: 'Condition', name: 'D', lock: 'L' });
    expect(await t.now('w1', { op: 'is_owned', name: 'C' })).toEqual(done(false));
    await t.now('w1', { op: 'acquire', name: 'C' });
    expect(await t.now('w1', { op: 'is_owned', name: 'C' })).toEqual(done(true));
    expect(await t.now('w1', { op: 'is_owned', name: 'C.lock' })).toEqual(done(true));
    expect(await t.now('w2', { op: 'is_owned', name: 'C' })).toEqual(done(false));
    await t.now('w1', { op: 'acquire', name: 'D' });
    expect(await t.now('w2', { op: 'is_owned', name: 'D' })).toEqual(done(true));
    // The plain Lock itself has no _is_owned (CPython 3.11: AttributeError), held or not.
    expect(await t.now('w1', { op: 'is_owned', name: 'L' })).toEqual({ ok: false, error: 'AttributeError', message: "'_thread.lock' object has no attribute '_is_owned'" });
  });

  it('a semaphore\'s value is the one in the snapshot, after acquires, releases and an ended taker', async () => {
    const t = lab();
    t.create({ kind: 'BoundedSemaphore', name: 'S', value: 3 });
    await t.now('w1', { op: 'acquire', name: 'S' });
    expect(await t.now('w2', { op: 'get_value', name: 'S' })).toEqual(done(2));
    t.broker.workerEnded('w1');
    expect(await t.now('w2', { op: 'get_value', name: 'S' })).toEqual(done(2));
    expect(t.view('S').value).toBe(2);
    expect(await t.now('w2', { op: 'locked', name: 'S' })).toMatchObject({ ok: false, error: 'TypeError' });
  });

  it('Barrier n_waiting, broken and parties (BarrierTests: test_default_timeout\'s n_waiting, test_abort)', async () => {
    const t = lab();
    t.create({ kind: 'Barrier', name: 'B', parties: 3 });
    expect(await t.now('x', { op: 'parties', name: 'B' })).toEqual(done(3));
    t.send('w1', { op: 'wait', name: 'B' });
    t.send('w2', { op: 'wait', name: 'B' });
    await flush();
    expect(await t.now('x', { op: 'n_waiting', name: 'B' })).toEqual(done(2));
    expect(t.view('B').waiters).toHaveLength(2);
    expect(await t.now('x', { op: 'broken', name: 'B' })).toEqual(done(false));
    await t.now('x', { op: 'abort', name: 'B' });
    expect(await t.now('x', { op: 'broken', name: 'B' })).toEqual(done(true));
    expect(await t.now('x', { op: 'n_waiting', name: 'B' })).toEqual(done(0));
  });

  it('answers from a thread\'s shared cell without a message once attached, and through the host in a process', async () => {
    const t = lab();
    t.create({ kind: 'RLock', name: 'R' });
    for (const sharedMemory of [true, false]) {
      const { sync, sent } = client(t, sharedMemory ? 'thread' : 'process', sharedMemory);
      const rlock = sync.lock('R');
      await rlock.acquire();
      const before = sent.length;
      expect(await rlock.locked()).toBe(true);
      expect(await rlock.isOwned()).toBe(true);
      expect(sent.length - before).toBe(sharedMemory ? 0 : 2);
      await rlock.release();
      expect(await rlock.locked()).toBe(false);
      expect(await rlock.isOwned()).toBe(false);
    }
  });
});
