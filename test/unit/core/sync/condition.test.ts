import { describe, expect, it } from 'vitest';
import { syncRequestSchema, type SyncReply, type SyncRequest } from '../../../../src/shared/sync';
import { done, flush, lab, type Lab } from './harness';

// Lib/test/lock_tests.py: ConditionTests, plus the wait protocol of Lib/threading.py's Condition.

/** A worker written as straight-line code, as in the CPython tests: each call awaits its reply. */
const as = (t: Lab, workerId: string) => (request: SyncRequest): Promise<SyncReply> => t.broker.request(workerId, syncRequestSchema.parse(request));

describe('Condition (ConditionTests)', () => {
  it('acquires its own RLock re-entrantly, or acts on the Lock it was given (test_acquire)', async () => {
    const t = lab();
    t.create({ kind: 'Condition', name: 'C' });
    expect(t.view('C').lock).toBe('C.lock');
    expect(t.view('C.lock').kind).toBe('RLock');
    await t.now('w', { op: 'acquire', name: 'C' });
    await t.now('w', { op: 'acquire', name: 'C' });
    expect(t.view('C.lock').holders.map((holder) => holder.count)).toEqual([2]);
    await t.now('w', { op: 'release', name: 'C' });
    await t.now('w', { op: 'release', name: 'C' });

    t.create({ kind: 'Lock', name: 'L' });
    t.create({ kind: 'Condition', name: 'D', lock: 'L' });
    await t.now('w', { op: 'acquire', name: 'D' });
    expect(await t.now('w', { op: 'acquire', name: 'L', blocking: false })).toEqual(done(false));
    await t.now('w', { op: 'release', name: 'D' });
    expect(await t.now('w', { op: 'acquire', name: 'L', blocking: false })).toEqual(done(true));
    expect(await t.now('w', { op: 'acquire', name: 'D', blocking: false })).toEqual(done(false));
    await t.now('w', { op: 'release', name: 'L' });
  });

  it('refuses wait and notify without the lock (test_unacquired_wait, test_unacquired_notify)', async () => {
    const t = lab();
    t.create({ kind: 'Condition', name: 'C' });
    expect(await t.now('w', { op: 'wait', name: 'C' })).toEqual({ ok: false, error: 'RuntimeError', message: 'cannot wait on un-acquired lock' });
    expect(await t.now('w', { op: 'notify', name: 'C' })).toEqual({ ok: false, error: 'RuntimeError', message: 'cannot notify on un-acquired lock' });
    expect(await t.now('w', { op: 'notify_all', name: 'C' })).toMatchObject({ ok: false, error: 'RuntimeError' });
    // Holding it is what counts, not its being locked by someone.
    await t.now('other', { op: 'acquire', name: 'C' });
    expect(await t.now('w', { op: 'notify', name: 'C' })).toMatchObject({ ok: false, error: 'RuntimeError' });
  });

  it('notify(n) wakes n waiters FIFO, each returning true once it has the lock again (test_notify)', async () => {
    const t = lab();
    t.create({ kind: 'Condition', name: 'C' });
    const main = as(t, 'main');
    for (let pass = 0; pass < 2; pass += 1) {
      let phase = 0;
      const results1: [unknown, number][] = [];
      const results2: [unknown, number][] = [];
      const f = async (id: string) => {
        const call = as(t, id);
        await call({ op: 'acquire', name: 'C' });
        let result = await call({ op: 'wait', name: 'C' });
        await call({ op: 'release', name: 'C' });
        results1.push([result.ok && result.value, phase]);
        await call({ op: 'acquire', name: 'C' });
        result = await call({ op: 'wait', name: 'C' });
        await call({ op: 'release', name: 'C' });
        results2.push([result.ok && result.value, phase]);
      };
      const workers = Promise.all(['w1', 'w2', 'w3', 'w4', 'w5'].map(f));
      await flush();
      expect(results1).toEqual([]);
      expect(t.view('C').waiters).toHaveLength(5);

      await main({ op: 'acquire', name: 'C' });
      await main({ op: 'notify', name: 'C', n: 3 });
      await flush();
      // Notified, but the notifier still holds the lock: they wait for it, shown on the lock.
      expect(results1).toEqual([]);
      expect(t.view('C.lock').waiters.map((waiter) => [waiter.workerId, waiter.op, waiter.timeoutMs])).toEqual([
        ['w1', 'acquire', null],
        ['w2', 'acquire', null],
        ['w3', 'acquire', null],
      ]);
      expect(t.view('C').waiters.map((waiter) => waiter.workerId)).toEqual(['w4', 'w5']);
      phase = 1;
      await main({ op: 'release', name: 'C' });
      await flush();
      expect(results1).toEqual(Array(3).fill([true, 1]));
      expect(results2).toEqual([]);

      await main({ op: 'acquire', name: 'C' });
      await main({ op: 'notify', name: 'C', n: 5 });
      phase = 2;
      await main({ op: 'release', name: 'C' });
      await flush();
      expect(results1).toEqual([...Array(3).fill([true, 1]), ...Array(2).fill([true, 2])]);
      expect(results2).toEqual(Array(3).fill([true, 2]));

      await main({ op: 'acquire', name: 'C' });
      await main({ op: 'notify_all', name: 'C' });
      phase = 3;
      await main({ op: 'release', name: 'C' });
      await workers;
      expect(results2).toEqual([...Array(3).fill([true, 2]), ...Array(2).fill([true, 3])]);
      expect(t.view('C.lock').holders).toEqual([]);
    }
  });

  it('a timed-out wait returns false, after getting the lock back (test_timeout)', async () => {
    const t = lab();
    t.create({ kind: 'Condition', name: 'C' });
    const results: unknown[] = [];
    const f = async (id: string) => {
      const call = as(t, id);
      await call({ op: 'acquire', name: 'C' });
      const result = await call({ op: 'wait', name: 'C', timeout: 0.5 });
      // It holds the lock again: releasing must succeed.
      expect(await call({ op: 'release', name: 'C' })).toEqual(done());
      results.push(result);
    };
    const workers = Promise.all(['w1', 'w2', 'w3', 'w4', 'w5'].map(f));
    await flush();
    expect(t.view('C').waiters.map((waiter) => waiter.timeoutMs)).toEqual(Array(5).fill(500));
    await t.advance(0.4);
    expect(results).toEqual([]);
    await t.advance(0.1);
    await workers;
    expect(results).toEqual(Array(5).fill(done(false)));
  });

  it('a timed-out waiter still waits for the lock if someone holds it', async () => {
    const t = lab();
    t.create({ kind: 'Condition', name: 'C' });
    await t.now('w1', { op: 'acquire', name: 'C' });
    const waited = t.send('w1', { op: 'wait', name: 'C', timeout: 1 });
    await flush();
    await t.now('w2', { op: 'acquire', name: 'C' });
    await t.advance(1);
    expect(waited.settled).toBe(false);
    expect(t.view('C.lock').waiters.map((waiter) => waiter.workerId)).toEqual(['w1']);
    await t.now('w2', { op: 'release', name: 'C' });
    await flush();
    expect(waited.reply).toEqual(done(false));
  });

  it('restores the RLock recursion count after a wait', async () => {
    const t = lab();
    t.create({ kind: 'Condition', name: 'C' });
    await t.now('w1', { op: 'acquire', name: 'C' });
    await t.now('w1', { op: 'acquire', name: 'C' });
    const waited = t.send('w1', { op: 'wait', name: 'C' });
    await flush();
    // The wait released it fully: another worker can take it.
    expect(t.view('C.lock').holders).toEqual([]);
    await t.now('w2', { op: 'acquire', name: 'C' });
    await t.now('w2', { op: 'notify', name: 'C' });
    await t.now('w2', { op: 'release', name: 'C' });
    await flush();
    expect(waited.reply).toEqual(done(true));
    expect(t.view('C.lock').holders.map((holder) => [holder.workerId, holder.count])).toEqual([['w1', 2]]);
  });

  it('works over a given plain Lock, and notify with nobody waiting is fine', async () => {
    const t = lab();
    t.create({ kind: 'Lock', name: 'L' });
    t.create({ kind: 'Condition', name: 'C', lock: 'L' });
    await t.now('w1', { op: 'acquire', name: 'C' });
    expect(await t.now('w1', { op: 'notify', name: 'C' })).toEqual(done());
    const waited = t.send('w1', { op: 'wait', name: 'C' });
    await flush();
    expect(t.view('L').holders).toEqual([]);
    await t.now('w2', { op: 'acquire', name: 'L' });
    await t.now('w2', { op: 'notify', name: 'C', n: 0 });
    expect(t.view('C').waiters).toHaveLength(1);
    await t.now('w2', { op: 'notify_all', name: 'C' });
    await t.now('w2', { op: 'release', name: 'L' });
    await flush();
    expect(waited.reply).toEqual(done(true));
    expect(t.view('L').holders.map((holder) => holder.workerId)).toEqual(['w1']);
  });
});

describe('Condition notified from the lab', () => {
  it('acts as `with cv: cv.notify()` when the lock is free, and says why not when a worker holds it', async () => {
    const t = lab();
    t.create({ kind: 'Condition', name: 'cv' });
    await t.now('w1', { op: 'acquire', name: 'cv' });
    const waiting = t.send('w1', { op: 'wait', name: 'cv' });
    await flush();
    expect(await t.operate({ op: 'notify', name: 'cv' })).toEqual({ ok: true, value: null });
    await flush();
    // Woken, it owns the lock again: now the lab cannot notify.
    expect(waiting.reply).toEqual({ ok: true, value: true });
    expect(await t.operate({ op: 'notify', name: 'cv' })).toMatchObject({ ok: false, error: 'RuntimeError' });
  });
});

describe('Condition notified from the lab after an owner died', () => {
  it('leaves the owner-died mark on the lock for the next real acquirer', async () => {
    const t = lab();
    t.create({ kind: 'Condition', name: 'cv' });
    await t.now('w5', { op: 'acquire', name: 'cv' });
    t.broker.workerEnded('w5');
    expect(await t.operate({ op: 'notify', name: 'cv' })).toEqual({ ok: true, value: null });
    expect(await t.now('w6', { op: 'acquire', name: 'cv' })).toEqual({ ok: true, value: true, ownerDied: 'w5' });
  });
});
