import { describe, expect, it } from 'vitest';
import { syncRequestSchema, TIMEOUT_MAX } from '../../../../src/shared/sync';
import { client, done, flush, lab } from './harness';

// threading.TIMEOUT_MAX and past it, as CPython 3.11 to 3.13 do on Linux 64-bit (run and seen): a Lock's
// acquire checks its timeout first (OverflowError even when free, even non-blocking); every other wait
// (Semaphore, Condition, Event, Queue, Barrier) raises it only when the call would block.

const OVERFLOW = { ok: false, error: 'OverflowError', message: 'timeout value is too large' };
const TOO_LONG = 1e300;

describe('timeouts up to TIMEOUT_MAX', () => {
  it('is 9223372036 s, as threading.TIMEOUT_MAX on Linux 64-bit', () => {
    expect(TIMEOUT_MAX).toBe(9_223_372_036);
  });

  it.each(['Lock', 'RLock'] as const)('acquire(timeout=TIMEOUT_MAX) of a free %s succeeds; a held one waits past a Node timer\'s 24.8 days', async (kind) => {
    const t = lab();
    t.create({ kind, name: 'L' });
    expect(await t.now('w1', { op: 'acquire', name: 'L', timeout: TIMEOUT_MAX })).toEqual(done(true));
    const waiting = t.send('w2', { op: 'acquire', name: 'L', timeout: TIMEOUT_MAX });
    await t.advance(30 * 86_400);
    expect(waiting.settled).toBe(false);
    expect(t.view('L').waiters).toMatchObject([{ workerId: 'w2', timeoutMs: TIMEOUT_MAX * 1000 }]);
    await t.now('w1', { op: 'release', name: 'L' });
    await flush();
    expect(waiting.reply).toEqual(done(true));
  });

  it('the real limit is 2^63 ns, a fraction past TIMEOUT_MAX; a non-blocking call with a timeout below it is the ValueError', async () => {
    // CPython 3.11 and 3.13, seen: acquire(timeout=9223372036.5) of a free Lock is True, 9223372036.86 is an
    // OverflowError; acquire(False, 9223372036.5) is "can't specify a timeout", acquire(False, 9223372037) overflows.
    const t = lab();
    t.create({ kind: 'Lock', name: 'L' });
    expect(await t.now('w1', { op: 'acquire', name: 'L', timeout: 9_223_372_036.5 })).toEqual(done(true));
    await t.now('w1', { op: 'release', name: 'L' });
    expect(await t.now('w1', { op: 'acquire', name: 'L', timeout: 9_223_372_036.86 })).toEqual(OVERFLOW);
    expect(await t.now('w1', { op: 'acquire', name: 'L', blocking: false, timeout: 9_223_372_036.5 })).toMatchObject({ ok: false, error: 'ValueError' });
    expect(await t.now('w1', { op: 'acquire', name: 'L', blocking: false, timeout: 9_223_372_037 })).toEqual(OVERFLOW);
  });

  it('a wait past a Node timer\'s longest delay still times out when its time comes', async () => {
    const t = lab();
    t.create({ kind: 'Event', name: 'E' });
    const days = 60;
    const waiting = t.send('w', { op: 'wait', name: 'E', timeout: days * 86_400 });
    await t.advance((days - 1) * 86_400);
    expect(waiting.settled).toBe(false);
    await t.advance(86_400);
    expect(waiting.reply).toEqual(done(false));
    expect(t.clock.pending).toBe(0);
  });
});

describe('a timeout past TIMEOUT_MAX', () => {
  it.each(['Lock', 'RLock'] as const)('is an OverflowError for a %s, free or held, blocking or not', async (kind) => {
    const t = lab();
    t.create({ kind, name: 'L' });
    expect(await t.now('w1', { op: 'acquire', name: 'L', timeout: TIMEOUT_MAX + 1 })).toEqual(OVERFLOW);
    expect(await t.now('w1', { op: 'acquire', name: 'L', blocking: false, timeout: TOO_LONG })).toEqual(OVERFLOW);
    expect(t.view('L').holders).toEqual([]);
    await t.now('w1', { op: 'acquire', name: 'L' });
    expect(await t.now('w2', { op: 'acquire', name: 'L', timeout: TOO_LONG })).toEqual(OVERFLOW);
    expect(t.view('L').waiters).toEqual([]);
  });

  it.each(['Semaphore', 'BoundedSemaphore'] as const)('lets a %s with a free unit be acquired, and is an OverflowError when it would block', async (kind) => {
    const t = lab();
    t.create({ kind, name: 'S', value: 1 });
    expect(await t.now('w1', { op: 'acquire', name: 'S', timeout: TOO_LONG })).toEqual(done(true));
    expect(await t.now('w2', { op: 'acquire', name: 'S', timeout: TOO_LONG })).toEqual(OVERFLOW);
    expect(t.view('S')).toMatchObject({ value: 0, waiters: [], holders: [{ workerId: 'w1', count: 1 }] });
  });

  it('is an OverflowError from Condition.wait, after the ownership check, and the caller still holds the lock', async () => {
    const t = lab();
    t.create({ kind: 'Condition', name: 'C' });
    expect(await t.now('w', { op: 'wait', name: 'C', timeout: TOO_LONG })).toMatchObject({ ok: false, error: 'RuntimeError' });
    await t.now('w', { op: 'acquire', name: 'C' });
    expect(await t.now('w', { op: 'wait', name: 'C', timeout: TOO_LONG })).toEqual(OVERFLOW);
    expect(t.view('C.lock').holders).toMatchObject([{ workerId: 'w', count: 1 }]);
    expect(t.view('C').waiters).toEqual([]);
  });

  it('is returned True by a set Event, and an OverflowError from a clear one', async () => {
    const t = lab();
    t.create({ kind: 'Event', name: 'E' });
    expect(await t.now('w', { op: 'wait', name: 'E', timeout: TOO_LONG })).toEqual(OVERFLOW);
    await t.now('w', { op: 'set', name: 'E' });
    expect(await t.now('w', { op: 'wait', name: 'E', timeout: TOO_LONG })).toEqual(done(true));
  });

  it('gets from a non-empty Queue and puts into one with room; an OverflowError when get or put would block', async () => {
    const t = lab();
    t.create({ kind: 'Queue', name: 'Q', maxsize: 1 });
    expect(await t.now('w', { op: 'get', name: 'Q', timeout: TOO_LONG })).toEqual(OVERFLOW);
    expect(await t.now('w', { op: 'put', name: 'Q', item: 1, timeout: TOO_LONG })).toEqual(done());
    expect(await t.now('w', { op: 'put', name: 'Q', item: 2, timeout: TOO_LONG })).toEqual(OVERFLOW);
    expect(await t.now('w', { op: 'get', name: 'Q', timeout: TOO_LONG })).toEqual(done(1));
  });

  it('trips a Barrier it completes; a wait that would block is an OverflowError and does not break it (Barrier(timeout) too)', async () => {
    const t = lab();
    t.create({ kind: 'Barrier', name: 'B1', parties: 1 });
    expect(await t.now('w', { op: 'wait', name: 'B1', timeout: TOO_LONG })).toEqual(done(0));
    t.create({ kind: 'Barrier', name: 'B2', parties: 2, timeout: TOO_LONG });
    expect(await t.now('w1', { op: 'wait', name: 'B2' })).toEqual(OVERFLOW);
    expect(await t.now('w1', { op: 'wait', name: 'B2', timeout: TOO_LONG })).toEqual(OVERFLOW);
    expect(t.view('B2')).toMatchObject({ broken: false, waiters: [] });
  });

  it('is carried by the contract as any finite number; negative and infinite ones are refused there', () => {
    expect(syncRequestSchema.safeParse({ op: 'acquire', name: 'L', timeout: TOO_LONG }).success).toBe(true);
    for (const timeout of [-1, Number.POSITIVE_INFINITY, Number.NaN]) {
      expect(syncRequestSchema.safeParse({ op: 'acquire', name: 'L', timeout }).success).toBe(false);
    }
  });
});

describe.each([
  { label: 'a thread', sharedMemory: true },
  { label: 'a process', sharedMemory: false },
])('the worker client in $label', ({ sharedMemory }) => {
  it('sends an infinite timeout so that the host raises OverflowError (JSON would make it null, "for ever"); NaN is a ValueError', async () => {
    const t = lab();
    t.create({ kind: 'Lock', name: 'L' });
    t.create({ kind: 'Event', name: 'E' });
    const { sync } = client(t, 'w', sharedMemory);
    const lock = sync.lock('L');
    await expect(lock.acquire(true, Number.POSITIVE_INFINITY)).rejects.toMatchObject({ name: 'OverflowError', message: 'timeout value is too large' });
    await expect(sync.event('E').wait(Number.POSITIVE_INFINITY)).rejects.toMatchObject({ name: 'OverflowError' });
    await expect(lock.acquire(true, Number.NaN)).rejects.toMatchObject({ name: 'ValueError', message: 'Invalid value NaN (not a number)' });
    expect(await lock.acquire(true, TIMEOUT_MAX)).toBe(true);
    expect(t.view('L').holders).toMatchObject([{ workerId: 'w' }]);
  });
});
