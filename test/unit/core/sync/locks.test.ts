import { describe, expect, it } from 'vitest';
import { done, flush, lab } from './harness';

// Lib/test/lock_tests.py: BaseLockTests, LockTests and RLockTests, driven through the broker.

describe.each(['Lock', 'RLock'] as const)('%s (BaseLockTests)', (kind) => {
  it('acquires and releases; a try-acquire of a free lock succeeds (test_acquire_release, test_try_acquire)', async () => {
    const t = lab();
    t.create({ kind, name: 'L' });
    expect(await t.now('w1', { op: 'acquire', name: 'L' })).toEqual(done(true));
    expect(await t.now('w1', { op: 'release', name: 'L' })).toEqual(done());
    expect(await t.now('w1', { op: 'acquire', name: 'L', blocking: false })).toEqual(done(true));
  });

  it('a try-acquire of a held lock fails at once (test_try_acquire_contended)', async () => {
    const t = lab();
    t.create({ kind, name: 'L' });
    await t.now('w1', { op: 'acquire', name: 'L' });
    expect(await t.now('w2', { op: 'acquire', name: 'L', blocking: false })).toEqual(done(false));
  });

  it('contended acquirers block until the release, then are served FIFO (test_acquire_contended)', async () => {
    const t = lab();
    t.create({ kind, name: 'L' });
    await t.now('main', { op: 'acquire', name: 'L' });
    const calls = ['w1', 'w2', 'w3', 'w4', 'w5'].map((id) => t.send(id, { op: 'acquire', name: 'L' }));
    await flush();
    expect(calls.filter((call) => call.settled)).toHaveLength(0);
    expect(t.view('L').waiters.map((waiter) => waiter.workerId)).toEqual(['w1', 'w2', 'w3', 'w4', 'w5']);
    await t.now('main', { op: 'release', name: 'L' });
    for (const [index, id] of ['w1', 'w2', 'w3', 'w4', 'w5'].entries()) {
      expect(calls.map((call) => call.settled)).toEqual([0, 1, 2, 3, 4].map((i) => i <= index));
      expect(calls[index]!.reply).toEqual(done(true));
      expect(t.view('L').holders.map((holder) => holder.workerId)).toEqual([id]);
      await t.now(id, { op: 'release', name: 'L' });
    }
    expect(t.view('L').holders).toEqual([]);
  });

  it('refuses a timeout on a non-blocking call, and times out a contended acquire (test_timeout)', async () => {
    const t = lab();
    t.create({ kind, name: 'L' });
    expect(await t.now('w1', { op: 'acquire', name: 'L', blocking: false, timeout: 1 })).toEqual({
      ok: false,
      error: 'ValueError',
      message: "can't specify a timeout for a non-blocking call",
    });
    expect(await t.now('w1', { op: 'acquire', name: 'L', timeout: 5 })).toEqual(done(true));
    const late = t.send('w2', { op: 'acquire', name: 'L', timeout: 0.5 });
    await t.advance(0.49);
    expect(late.settled).toBe(false);
    expect(t.view('L').waiters).toEqual([{ workerId: 'w2', op: 'acquire', since: expect.any(Number), timeoutMs: 500 }]);
    await t.advance(0.01);
    expect(late.reply).toEqual(done(false));
    expect(t.view('L').waiters).toEqual([]);
  });

  it('a zero timeout is a try-acquire', async () => {
    const t = lab();
    t.create({ kind, name: 'L' });
    await t.now('w1', { op: 'acquire', name: 'L' });
    expect(await t.now('w2', { op: 'acquire', name: 'L', timeout: 0 })).toEqual(done(false));
  });
});

describe('Lock (LockTests)', () => {
  it('must be released before its owner can acquire it again (test_reacquire)', async () => {
    const t = lab();
    t.create({ kind: 'Lock', name: 'L' });
    await t.now('w1', { op: 'acquire', name: 'L' });
    const again = t.send('w1', { op: 'acquire', name: 'L' });
    await flush();
    expect(again.settled).toBe(false);
    await t.now('main', { op: 'release', name: 'L' });
    await flush();
    expect(again.reply).toEqual(done(true));
  });

  it('can be released by another worker (test_different_thread)', async () => {
    const t = lab();
    t.create({ kind: 'Lock', name: 'L' });
    await t.now('w1', { op: 'acquire', name: 'L' });
    expect(t.view('L').holders).toEqual([{ workerId: 'w1', since: expect.any(Number), count: 1 }]);
    expect(await t.now('w2', { op: 'release', name: 'L' })).toEqual(done());
    expect(await t.now('w2', { op: 'acquire', name: 'L' })).toEqual(done(true));
  });

  it('is in a proper state after a timed-out acquire (test_state_after_timeout)', async () => {
    const t = lab();
    t.create({ kind: 'Lock', name: 'L' });
    await t.now('w1', { op: 'acquire', name: 'L' });
    const timed = t.send('w1', { op: 'acquire', name: 'L', timeout: 0.01 });
    await t.advance(0.01);
    expect(timed.reply).toEqual(done(false));
    await t.now('w1', { op: 'release', name: 'L' });
    expect(t.view('L').holders).toEqual([]);
    expect(await t.now('w1', { op: 'acquire', name: 'L', blocking: false })).toEqual(done(true));
  });

  it('refuses to release an unlocked lock', async () => {
    const t = lab();
    t.create({ kind: 'Lock', name: 'L' });
    expect(await t.now('w1', { op: 'release', name: 'L' })).toEqual({ ok: false, error: 'RuntimeError', message: 'release unlocked lock' });
  });
});

describe('RLock (RLockTests)', () => {
  it('is re-entrant, counting its recursion (test_reacquire, test__is_owned)', async () => {
    const t = lab();
    t.create({ kind: 'RLock', name: 'R' });
    await t.now('w1', { op: 'acquire', name: 'R' });
    await t.now('w1', { op: 'acquire', name: 'R' });
    expect(t.view('R').holders).toEqual([{ workerId: 'w1', since: expect.any(Number), count: 2 }]);
    await t.now('w1', { op: 'release', name: 'R' });
    await t.now('w1', { op: 'acquire', name: 'R' });
    await t.now('w1', { op: 'release', name: 'R' });
    expect(t.view('R').holders.map((holder) => holder.count)).toEqual([1]);
    await t.now('w1', { op: 'release', name: 'R' });
    expect(t.view('R').holders).toEqual([]);
  });

  it('cannot be released when un-acquired (test_release_unacquired)', async () => {
    const t = lab();
    t.create({ kind: 'RLock', name: 'R' });
    const refused = { ok: false, error: 'RuntimeError', message: 'cannot release un-acquired lock' };
    expect(await t.now('w1', { op: 'release', name: 'R' })).toEqual(refused);
    await t.now('w1', { op: 'acquire', name: 'R' });
    await t.now('w1', { op: 'acquire', name: 'R' });
    await t.now('w1', { op: 'release', name: 'R' });
    await t.now('w1', { op: 'release', name: 'R' });
    expect(await t.now('w1', { op: 'release', name: 'R' })).toEqual(refused);
  });

  it('cannot be released by another worker (test_different_thread)', async () => {
    const t = lab();
    t.create({ kind: 'RLock', name: 'R' });
    await t.now('w1', { op: 'acquire', name: 'R' });
    expect(await t.now('w2', { op: 'release', name: 'R' })).toEqual({ ok: false, error: 'RuntimeError', message: 'cannot release un-acquired lock' });
    expect(t.view('R').holders.map((holder) => holder.workerId)).toEqual(['w1']);
  });

  it('blocks other workers until fully released', async () => {
    const t = lab();
    t.create({ kind: 'RLock', name: 'R' });
    await t.now('w1', { op: 'acquire', name: 'R' });
    await t.now('w1', { op: 'acquire', name: 'R' });
    const other = t.send('w2', { op: 'acquire', name: 'R' });
    await t.now('w1', { op: 'release', name: 'R' });
    await flush();
    expect(other.settled).toBe(false);
    await t.now('w1', { op: 'release', name: 'R' });
    await flush();
    expect(other.reply).toEqual(done(true));
  });
});
