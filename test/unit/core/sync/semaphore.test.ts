import { describe, expect, it } from 'vitest';
import { done, flush, lab, type Call } from './harness';

// Lib/test/lock_tests.py: BaseSemaphoreTests, SemaphoreTests, BoundedSemaphoreTests.

describe.each(['Semaphore', 'BoundedSemaphore'] as const)('%s (BaseSemaphoreTests)', (kind) => {
  it('acquires up to its value (test_acquire, test_try_acquire)', async () => {
    const t = lab();
    t.create({ kind, name: 'S', value: 2 });
    expect(await t.now('w1', { op: 'acquire', name: 'S', blocking: false })).toEqual(done(true));
    expect(await t.now('w1', { op: 'acquire', name: 'S', blocking: false })).toEqual(done(true));
    expect(await t.now('w1', { op: 'acquire', name: 'S', blocking: false })).toEqual(done(false));
    await t.now('w1', { op: 'release', name: 'S' });
    expect(await t.now('w1', { op: 'acquire', name: 'S', blocking: false })).toEqual(done(true));
  });

  it('serves contended acquirers as units are released (test_acquire_contended)', async () => {
    const t = lab();
    t.create({ kind, name: 'S', value: 7 });
    await t.now('main', { op: 'acquire', name: 'S' });
    // Ten workers each acquire twice; a worker sends its second acquire once the first is granted.
    const workers = Array.from({ length: 10 }, (_, i) => ({ id: `w${i}`, calls: [] as Call[] }));
    for (const worker of workers) worker.calls.push(t.send(worker.id, { op: 'acquire', name: 'S' }));
    const granted = async (): Promise<number> => {
      await flush();
      for (const worker of workers) {
        if (worker.calls.length === 1 && worker.calls[0]!.settled) worker.calls.push(t.send(worker.id, { op: 'acquire', name: 'S' }));
      }
      await flush();
      return workers.flatMap((worker) => worker.calls).filter((call) => call.settled).length;
    };
    expect(await granted()).toBe(6);
    for (let i = 0; i < 7; i += 1) await t.now('main', { op: 'release', name: 'S' });
    expect(await granted()).toBe(13);
    for (let i = 0; i < 6; i += 1) await t.now('main', { op: 'release', name: 'S' });
    expect(await granted()).toBe(19);
    // The semaphore is still taken: one worker is still waiting for its second unit.
    expect(await t.now('main', { op: 'acquire', name: 'S', blocking: false })).toEqual(done(false));
    await t.now('main', { op: 'release', name: 'S' });
    expect(await granted()).toBe(20);
  });

  it('try-acquires by many workers get exactly the free units (test_try_acquire_contended)', async () => {
    const t = lab();
    t.create({ kind, name: 'S', value: 4 });
    await t.now('main', { op: 'acquire', name: 'S' });
    const results: boolean[] = [];
    for (const id of ['a', 'b', 'c', 'd', 'e']) {
      for (let i = 0; i < 2; i += 1) {
        const reply = await t.now(id, { op: 'acquire', name: 'S', blocking: false });
        results.push(reply.ok && reply.value === true);
      }
    }
    expect(results.filter(Boolean)).toHaveLength(3);
    expect(results.filter((result) => !result)).toHaveLength(7);
    expect(t.view('S').holders.map((holder) => [holder.workerId, holder.count])).toEqual([
      ['main', 1],
      ['a', 2],
      ['b', 1],
    ]);
  });

  it('refuses a timeout on a non-blocking call and times out a wait (test_acquire_timeout)', async () => {
    const t = lab();
    t.create({ kind, name: 'S', value: 2 });
    expect(await t.now('w1', { op: 'acquire', name: 'S', blocking: false, timeout: 1 })).toEqual({
      ok: false,
      error: 'ValueError',
      message: "can't specify timeout for non-blocking acquire",
    });
    expect(await t.now('w1', { op: 'acquire', name: 'S', timeout: 0.005 })).toEqual(done(true));
    expect(await t.now('w1', { op: 'acquire', name: 'S', timeout: 0.005 })).toEqual(done(true));
    const third = t.send('w1', { op: 'acquire', name: 'S', timeout: 0.005 });
    await t.advance(0.005);
    expect(third.reply).toEqual(done(false));
    await t.now('w1', { op: 'release', name: 'S' });
    expect(await t.now('w1', { op: 'acquire', name: 'S', timeout: 0.005 })).toEqual(done(true));
    const long = t.send('w2', { op: 'acquire', name: 'S', timeout: 0.5 });
    await t.advance(0.4);
    expect(long.settled).toBe(false);
    await t.advance(0.1);
    expect(long.reply).toEqual(done(false));
  });

  it('starts at 1 by default (test_default_value)', async () => {
    const t = lab();
    t.create({ kind, name: 'S' });
    await t.now('main', { op: 'acquire', name: 'S' });
    const other = t.send('w1', { op: 'acquire', name: 'S' });
    await flush();
    expect(other.settled).toBe(false);
    await t.now('main', { op: 'release', name: 'S' });
    await flush();
    expect(other.reply).toEqual(done(true));
  });

  it('release(n) wakes up to n waiters, in arrival order', async () => {
    const t = lab();
    t.create({ kind, name: 'S', value: 3 });
    for (let i = 0; i < 3; i += 1) await t.now('main', { op: 'acquire', name: 'S' });
    const calls = ['w1', 'w2', 'w3'].map((id) => t.send(id, { op: 'acquire', name: 'S' }));
    await t.now('main', { op: 'release', name: 'S', n: 2 });
    await flush();
    expect(calls.map((call) => call.settled)).toEqual([true, true, false]);
    expect(t.view('S').holders.map((holder) => [holder.workerId, holder.count])).toEqual([
      ['main', 1],
      ['w1', 1],
      ['w2', 1],
    ]);
  });
});

describe('Semaphore (SemaphoreTests)', () => {
  it('allows releases past the initial value, which just add units (test_release_unacquired)', async () => {
    const t = lab();
    t.create({ kind: 'Semaphore', name: 'S', value: 1 });
    expect(await t.now('w1', { op: 'release', name: 'S' })).toEqual(done());
    expect(t.view('S').value).toBe(2);
    expect(t.view('S').holders).toEqual([]);
    await t.now('w1', { op: 'acquire', name: 'S' });
    await t.now('w1', { op: 'acquire', name: 'S' });
    expect(t.view('S').holders).toEqual([{ workerId: 'w1', since: expect.any(Number), count: 2 }]);
  });

  it('a release by a worker that holds no units gives back the oldest holder\'s: units are interchangeable', async () => {
    const t = lab();
    t.create({ kind: 'Semaphore', name: 'S', value: 2 });
    await t.now('w1', { op: 'acquire', name: 'S' });
    await t.now('w2', { op: 'acquire', name: 'S' });
    await t.now('w3', { op: 'release', name: 'S' });
    expect(t.view('S').holders.map((holder) => holder.workerId)).toEqual(['w2']);
    expect(t.view('S').value).toBe(1);
  });

  it('the signalling pattern (Semaphore(0): producer releases, consumer acquires) is no deadlock and invents no units', async () => {
    const t = lab();
    t.create({ kind: 'Semaphore', name: 'items', value: 0 });
    for (let round = 0; round < 3; round++) {
      const got = t.send('consumer', { op: 'acquire', name: 'items' });
      await t.now('producer', { op: 'release', name: 'items' });
      await flush();
      expect(got.reply).toEqual({ ok: true, value: true });
    }
    t.send('consumer', { op: 'acquire', name: 'items' });
    await flush();
    const { findDeadlock } = await import('../../../../src/shared/wait-for');
    expect(findDeadlock(t.broker.snapshot())).toBeNull();
    t.broker.workerEnded('consumer');
    // Each release took back the consumer's previous unit (units are interchangeable): one was still its
    // when it ended. It stays taken, and the lab says by whom.
    expect(t.view('items')).toMatchObject({ value: 0, holders: [], endedHolders: [{ workerId: 'consumer', count: 1 }] });
  });
});

describe('BoundedSemaphore (BoundedSemaphoreTests)', () => {
  it('cannot go past its initial value (test_release_unacquired)', async () => {
    const t = lab();
    t.create({ kind: 'BoundedSemaphore', name: 'S' });
    const refused = { ok: false, error: 'ValueError', message: 'Semaphore released too many times' };
    expect(await t.now('w1', { op: 'release', name: 'S' })).toEqual(refused);
    await t.now('w1', { op: 'acquire', name: 'S' });
    expect(await t.now('w1', { op: 'release', name: 'S' })).toEqual(done());
    expect(await t.now('w1', { op: 'release', name: 'S' })).toEqual(refused);
    expect(t.view('S').value).toBe(1);
  });

  it('refuses a release(n) that would overshoot, even partly', async () => {
    const t = lab();
    t.create({ kind: 'BoundedSemaphore', name: 'S', value: 2 });
    await t.now('w1', { op: 'acquire', name: 'S' });
    expect(await t.now('w1', { op: 'release', name: 'S', n: 2 })).toMatchObject({ ok: false, error: 'ValueError' });
    expect(t.view('S').value).toBe(1);
  });
});
