import { describe, expect, it } from 'vitest';
import { done, flush, lab } from './harness';

// Lib/test/lock_tests.py: EventTests.

describe('Event (EventTests)', () => {
  it('reports its flag through set and clear, each idempotent (test_is_set)', async () => {
    const t = lab();
    t.create({ kind: 'Event', name: 'E' });
    const isSet = async () => (await t.now('w', { op: 'is_set', name: 'E' })) as { value: unknown };
    expect((await isSet()).value).toBe(false);
    await t.now('w', { op: 'set', name: 'E' });
    expect((await isSet()).value).toBe(true);
    await t.now('w', { op: 'set', name: 'E' });
    expect((await isSet()).value).toBe(true);
    await t.now('w', { op: 'clear', name: 'E' });
    expect((await isSet()).value).toBe(false);
    await t.now('w', { op: 'clear', name: 'E' });
    expect(t.view('E').flag).toBe(false);
  });

  it('wakes every waiter on set, and a wait on a set event returns at once (test_notify)', async () => {
    const t = lab();
    t.create({ kind: 'Event', name: 'E' });
    for (let round = 0; round < 2; round += 1) {
      const calls = ['w1', 'w2', 'w3', 'w4', 'w5'].map((id) => t.send(id, { op: 'wait', name: 'E' }));
      await flush();
      expect(calls.some((call) => call.settled)).toBe(false);
      expect(t.view('E').waiters.map((waiter) => waiter.op)).toEqual(['wait', 'wait', 'wait', 'wait', 'wait']);
      await t.now('main', { op: 'set', name: 'E' });
      await flush();
      expect(calls.map((call) => call.reply)).toEqual(Array(5).fill(done(true)));
      expect(await t.now('w1', { op: 'wait', name: 'E' })).toEqual(done(true));
      // Another time, after an explicit clear().
      await t.now('main', { op: 'clear', name: 'E' });
    }
  });

  it('returns false when the timeout passes, true at once when set (test_timeout)', async () => {
    const t = lab();
    t.create({ kind: 'Event', name: 'E' });
    expect(await t.now('w1', { op: 'wait', name: 'E', timeout: 0 })).toEqual(done(false));
    const timed = t.send('w1', { op: 'wait', name: 'E', timeout: 0.5 });
    await t.advance(0.3);
    expect(timed.settled).toBe(false);
    await t.advance(0.2);
    expect(timed.reply).toEqual(done(false));
    await t.now('main', { op: 'set', name: 'E' });
    expect(await t.now('w1', { op: 'wait', name: 'E', timeout: 0 })).toEqual(done(true));
    expect(await t.now('w1', { op: 'wait', name: 'E', timeout: 0.5 })).toEqual(done(true));
  });

  it('a waiter woken by set returns true even if the event is cleared at once (test_set_and_clear)', async () => {
    const t = lab();
    t.create({ kind: 'Event', name: 'E' });
    const calls = ['w1', 'w2', 'w3'].map((id) => t.send(id, { op: 'wait', name: 'E', timeout: 1 }));
    await t.advance(0.5);
    await t.now('main', { op: 'set', name: 'E' });
    await t.now('main', { op: 'clear', name: 'E' });
    await t.advance(1);
    expect(calls.map((call) => call.reply)).toEqual(Array(3).fill(done(true)));
  });
});
