import { describe, expect, it, vi } from 'vitest';
import { done, flush, lab } from './harness';

// workerEnded: nobody is left blocked for ever because a worker died.

describe('workerEnded', () => {
  it.each(['Lock', 'RLock'] as const)('frees a %s its owner died holding; the next acquirer is told, once', async (kind) => {
    const died = vi.fn();
    const t = lab(died);
    t.create({ kind, name: 'L' });
    await t.now('w1', { op: 'acquire', name: 'L' });
    await t.now('w1', { op: 'acquire', name: 'L', blocking: kind === 'Lock' ? false : true });
    const waiting = t.send('w2', { op: 'acquire', name: 'L' });
    t.broker.workerEnded('w1');
    await flush();
    expect(died).toHaveBeenCalledWith('L', 'w1');
    expect(waiting.reply).toEqual({ ok: true, value: true, ownerDied: 'w1' });
    expect(t.view('L')).toMatchObject({ holders: [{ workerId: 'w2', count: 1 }], ownerDied: null });
    await t.now('w2', { op: 'release', name: 'L' });
    expect(await t.now('w3', { op: 'acquire', name: 'L' })).toEqual(done(true));
  });

  it('keeps the owner-died mark on a free lock until someone acquires it', async () => {
    const t = lab();
    t.create({ kind: 'Lock', name: 'L' });
    await t.now('w1', { op: 'acquire', name: 'L' });
    t.broker.workerEnded('w1');
    expect(t.view('L')).toMatchObject({ holders: [], ownerDied: 'w1' });
    expect(await t.now('w2', { op: 'acquire', name: 'L', blocking: false })).toEqual({ ok: true, value: true, ownerDied: 'w1' });
    expect(t.view('L').ownerDied).toBeNull();
  });

  it('cancels its pending requests and stops their timers', async () => {
    const t = lab();
    t.create({ kind: 'Lock', name: 'L' });
    t.create({ kind: 'Queue', name: 'Q', maxsize: 1 });
    t.create({ kind: 'Event', name: 'E' });
    await t.now('w1', { op: 'acquire', name: 'L' });
    await t.now('w1', { op: 'put', name: 'Q', item: 1 });
    const calls = [
      t.send('w2', { op: 'acquire', name: 'L', timeout: 5 }),
      t.send('w2', { op: 'put', name: 'Q', item: 'lost' }),
      t.send('w2', { op: 'wait', name: 'E', timeout: 5 }),
    ];
    t.broker.workerEnded('w2');
    await flush();
    expect(calls.every((call) => call.reply?.ok === false)).toBe(true);
    expect(t.broker.snapshot().flatMap((primitive) => primitive.waiters)).toEqual([]);
    expect(t.clock.pending).toBe(0);
    // The dead putter's item never went in.
    await t.now('w1', { op: 'get', name: 'Q' });
    expect(t.view('Q')).toMatchObject({ depth: 0, puts: 1 });
  });

  it('leaves the semaphore units it took taken (no owner, as in Python), names who took them, and says no "owner died"', async () => {
    const died = vi.fn();
    const t = lab(died);
    t.create({ kind: 'BoundedSemaphore', name: 'S', value: 2 });
    await t.now('w1', { op: 'acquire', name: 'S' });
    await t.now('w1', { op: 'acquire', name: 'S' });
    const waiting = t.send('w2', { op: 'acquire', name: 'S' });
    t.broker.workerEnded('w1');
    await flush();
    expect(died).not.toHaveBeenCalled();
    expect(waiting.settled).toBe(false);
    expect(t.view('S')).toMatchObject({ value: 0, holders: [], endedHolders: [{ workerId: 'w1', count: 2 }], ownerDied: null });
    // Someone else's release (a worker's, or the lab's Release button) gives back the ended worker's units first.
    expect(await t.now('w3', { op: 'release', name: 'S' })).toEqual(done());
    await flush();
    expect(waiting.reply).toEqual(done(true));
    expect(t.view('S')).toMatchObject({ value: 0, holders: [{ workerId: 'w2', count: 1 }], endedHolders: [{ workerId: 'w1', count: 1 }] });
    expect(await t.operate({ op: 'release', name: 'S' })).toEqual(done());
    expect(t.view('S')).toMatchObject({ value: 1, endedHolders: [] });
  });

  it('never makes a bounded semaphore raise "released too many times" by its bookkeeping', async () => {
    const t = lab();
    t.create({ kind: 'BoundedSemaphore', name: 'S', value: 1 });
    // A hand-off: w1 takes the unit and ends; w2 gives it back, as CPython allows anyone to.
    await t.now('w1', { op: 'acquire', name: 'S' });
    t.broker.workerEnded('w1');
    expect(t.view('S').value).toBe(0);
    expect(await t.now('w2', { op: 'release', name: 'S' })).toEqual(done());
    expect(t.view('S')).toMatchObject({ value: 1, holders: [], endedHolders: [] });
    // And a unit released by another before its taker ends is not given back twice.
    await t.now('w3', { op: 'acquire', name: 'S' });
    await t.now('w4', { op: 'release', name: 'S' });
    t.broker.workerEnded('w3');
    expect(t.view('S')).toMatchObject({ value: 1, endedHolders: [] });
  });

  it('breaks a barrier it was waiting in', async () => {
    const t = lab();
    t.create({ kind: 'Barrier', name: 'B', parties: 3 });
    const other = t.send('w1', { op: 'wait', name: 'B' });
    t.send('w2', { op: 'wait', name: 'B' });
    await flush();
    t.broker.workerEnded('w2');
    await flush();
    expect(other.reply).toMatchObject({ ok: false, error: 'BrokenBarrierError', message: 'w2 ended while waiting at the barrier' });
    expect(t.view('B')).toMatchObject({ broken: true, waiters: [] });
  });

  it('removes a dead Condition waiter, and one dead while re-acquiring; a dead notifier frees the lock for the woken', async () => {
    const t = lab();
    t.create({ kind: 'Condition', name: 'C' });
    for (const id of ['w1', 'w2', 'w3']) {
      await t.now(id, { op: 'acquire', name: 'C' });
      t.send(id, { op: 'wait', name: 'C' });
      await flush();
    }
    const survivor = t.send('w4', { op: 'acquire', name: 'C' });
    await flush();
    t.broker.workerEnded('w1');
    expect(t.view('C').waiters.map((waiter) => waiter.workerId)).toEqual(['w2', 'w3']);
    await survivor;
    await t.now('w4', { op: 'notify_all', name: 'C' });
    expect(t.view('C.lock').waiters.map((waiter) => waiter.workerId)).toEqual(['w2', 'w3']);
    t.broker.workerEnded('w2');
    expect(t.view('C.lock').waiters.map((waiter) => waiter.workerId)).toEqual(['w3']);
    // The notifier dies holding the lock: w3 gets it, and is told.
    t.broker.workerEnded('w4');
    expect(t.view('C.lock').holders.map((holder) => holder.workerId)).toEqual(['w3']);
  });

  it('tells the Condition waiter that gets the lock back that its owner died', async () => {
    const t = lab();
    t.create({ kind: 'Condition', name: 'C' });
    await t.now('w1', { op: 'acquire', name: 'C' });
    const waited = t.send('w1', { op: 'wait', name: 'C' });
    await flush();
    await t.now('w2', { op: 'acquire', name: 'C' });
    await t.now('w2', { op: 'notify', name: 'C' });
    t.broker.workerEnded('w2');
    await flush();
    expect(waited.reply).toEqual({ ok: true, value: true, ownerDied: 'w2' });
  });

  it('does not call onOwnerDied for a worker that held nothing', () => {
    const died = vi.fn();
    const t = lab(died);
    t.create({ kind: 'Lock', name: 'L' });
    t.broker.workerEnded('w1');
    expect(died).not.toHaveBeenCalled();
  });
});
