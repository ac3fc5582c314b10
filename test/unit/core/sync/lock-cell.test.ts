import { describe, expect, it, vi } from 'vitest';
import { COUNT, FREE_SLOW, STATE, WAITERS } from '../../../../src/shared/lock-cell';
import { findDeadlock } from '../../../../src/shared/wait-for';
import { SyncError } from '../../../../src/worker/sync-client';
import { waitFor } from '../../../support/wait';
import { client, done, flush, lab, type Lab } from './harness';

// The shared-memory fast path for threads (src/shared/lock-cell.ts): the host's side of the cell protocol,
// with a thread's CASes played by hand, then the worker's client against a broker in this process.

/** What a thread does on the fast path, by hand. */
function thread(t: Lab, workerId: string, name: string) {
  const attached = t.broker.attach(workerId, name);
  if (attached === null) throw new Error(`${name} has no cell`);
  const cell = new Int32Array(attached.cell);
  const me = attached.index;
  return {
    me,
    cell,
    /** CAS 0 -> me; the old state (0: taken). */
    tryAcquire: () => Atomics.compareExchange(cell, STATE, 0, me),
    /** CAS me -> 0; true when done without the broker. */
    tryRelease: () => Atomics.compareExchange(cell, STATE, me, 0) === me,
  };
}

describe('the lock cell, host side', () => {
  it('attaches Locks and RLocks only, one index per worker, never reused', () => {
    const t = lab();
    t.create({ kind: 'Lock', name: 'L' });
    t.create({ kind: 'RLock', name: 'R' });
    t.create({ kind: 'Semaphore', name: 'S' });
    t.create({ kind: 'Condition', name: 'C' });
    const a = t.broker.attach('t1', 'L')!;
    expect(a.cell).toBeInstanceOf(SharedArrayBuffer);
    expect(a.recursive).toBe(false);
    expect(t.broker.attach('t1', 'R')).toMatchObject({ index: a.index, recursive: true });
    expect(t.broker.attach('t2', 'L')!.index).not.toBe(a.index);
    // A Condition's own RLock is a lock; the Condition, a semaphore, or nothing at all stay brokered.
    expect(t.broker.attach('t1', 'C.lock')).not.toBeNull();
    expect(t.broker.attach('t1', 'C')).toBeNull();
    expect(t.broker.attach('t1', 'S')).toBeNull();
    expect(t.broker.attach('t1', 'nowhere')).toBeNull();
  });

  it('sees a fast-path holder at the next observation, dated when it first saw it', async () => {
    const t = lab();
    t.create({ kind: 'Lock', name: 'L' });
    const t1 = thread(t, 't1', 'L');
    const before = t.broker.version;
    expect(t1.tryAcquire()).toBe(0);
    t.clock.advance(1500);
    expect(t.broker.version).toBeGreaterThan(before);
    expect(t.view('L').holders).toEqual([{ workerId: 't1', since: t.clock.now(), count: 1 }]);
    const seenAt = t.clock.now();
    t.clock.advance(1000);
    const unchanged = t.broker.version;
    expect(t.broker.version).toBe(unchanged);
    expect(t.view('L').holders[0]!.since).toBe(seenAt);
    expect(t1.tryRelease()).toBe(true);
    expect(t.broker.version).toBeGreaterThan(unchanged);
    expect(t.view('L').holders).toEqual([]);
    // A process (or the lab) and a thread share the same cell: the broker takes it by CAS too.
    expect(await t.now('p1', { op: 'acquire', name: 'L', blocking: false })).toEqual(done(true));
    expect(t1.tryAcquire()).not.toBe(0);
  });

  it('a waiter sets WAITERS, so the holder releases through the broker, which hands the lock on FIFO', async () => {
    const t = lab();
    t.create({ kind: 'Lock', name: 'L' });
    const t1 = thread(t, 't1', 'L');
    const t2 = thread(t, 't2', 'L');
    t1.tryAcquire();
    const first = t.send('p1', { op: 'acquire', name: 'L' });
    const second = t.send('t2', { op: 'acquire', name: 'L' });
    await flush();
    expect(first.settled).toBe(false);
    expect(Atomics.load(t1.cell, STATE)).toBe(t1.me | WAITERS);
    expect(t1.tryRelease()).toBe(false);
    expect(await t.now('t1', { op: 'release', name: 'L' })).toEqual(done());
    expect(first.reply).toEqual(done(true));
    // Still someone queued: the bit stays, and the next release comes to the broker as well.
    expect(t.view('L')).toMatchObject({ holders: [{ workerId: 'p1' }], waiters: [{ workerId: 't2' }] });
    expect(Atomics.load(t1.cell, STATE) & WAITERS).toBe(WAITERS);
    await t.now('p1', { op: 'release', name: 'L' });
    expect(second.reply).toEqual(done(true));
    // Nobody left waiting: t2 owns it plainly and releases on the fast path.
    expect(Atomics.load(t1.cell, STATE)).toBe(t2.me);
    expect(t2.tryRelease()).toBe(true);
    expect(Atomics.load(t1.cell, STATE)).toBe(0);
  });

  it('clears WAITERS when the last waiter times out, reopening the fast path', async () => {
    const t = lab();
    t.create({ kind: 'Lock', name: 'L' });
    const t1 = thread(t, 't1', 'L');
    t1.tryAcquire();
    const waiting = t.send('t2', { op: 'acquire', name: 'L', timeout: 2 });
    await flush();
    expect(Atomics.load(t1.cell, STATE)).toBe(t1.me | WAITERS);
    await t.advance(2);
    expect(waiting.reply).toEqual(done(false));
    expect(Atomics.load(t1.cell, STATE)).toBe(t1.me);
    expect(t1.tryRelease()).toBe(true);
  });

  it('a non-blocking acquire of a held lock answers false and leaves the cell alone', async () => {
    const t = lab();
    t.create({ kind: 'Lock', name: 'L' });
    const t1 = thread(t, 't1', 'L');
    t1.tryAcquire();
    expect(await t.now('p1', { op: 'acquire', name: 'L', blocking: false })).toEqual(done(false));
    expect(await t.operate({ op: 'acquire', name: 'L' })).toEqual(done(false));
    expect(Atomics.load(t1.cell, STATE)).toBe(t1.me);
  });

  it('lets anyone release a Lock a thread took on the fast path (Python allows it); an RLock only its owner', async () => {
    const t = lab();
    t.create({ kind: 'Lock', name: 'L' });
    t.create({ kind: 'RLock', name: 'R' });
    thread(t, 't1', 'L').tryAcquire();
    expect(await t.operate({ op: 'release', name: 'L' })).toEqual(done());
    expect(t.view('L').holders).toEqual([]);
    expect(await t.operate({ op: 'release', name: 'L' })).toEqual({ ok: false, error: 'RuntimeError', message: 'release unlocked lock' });
    const r = thread(t, 't1', 'R');
    r.tryAcquire();
    Atomics.store(r.cell, COUNT, 1);
    expect(await t.now('t2', { op: 'release', name: 'R' })).toEqual({ ok: false, error: 'RuntimeError', message: 'cannot release un-acquired lock' });
  });

  it('an RLock counts recursion in the cell, whichever side adds to it', async () => {
    const t = lab();
    t.create({ kind: 'RLock', name: 'R' });
    const r = thread(t, 't1', 'R');
    r.tryAcquire();
    Atomics.store(r.cell, COUNT, 1);
    Atomics.add(r.cell, COUNT, 1);
    expect(await t.now('t1', { op: 'acquire', name: 'R' })).toEqual(done(true));
    expect(t.view('R').holders).toEqual([expect.objectContaining({ workerId: 't1', count: 3 })]);
    await t.now('t1', { op: 'release', name: 'R' });
    await t.now('t1', { op: 'release', name: 'R' });
    expect(Atomics.load(r.cell, STATE)).toBe(r.me);
    await t.now('t1', { op: 'release', name: 'R' });
    expect(Atomics.load(r.cell, STATE)).toBe(0);
    expect(await t.now('t1', { op: 'release', name: 'R' })).toEqual({ ok: false, error: 'RuntimeError', message: 'cannot release un-acquired lock' });
  });

  it('a thread dying holding a fast-path lock frees it as FREE_SLOW: the next acquirer, fast or not, is told', async () => {
    const died = vi.fn();
    const t = lab(died);
    t.create({ kind: 'Lock', name: 'L' });
    const t1 = thread(t, 't1', 'L');
    const t2 = thread(t, 't2', 'L');
    t1.tryAcquire();
    t.broker.workerEnded('t1');
    expect(died).toHaveBeenCalledWith('L', 't1');
    expect(Atomics.load(t1.cell, STATE)).toBe(FREE_SLOW);
    expect(t.view('L')).toMatchObject({ holders: [], ownerDied: 't1' });
    // The next thread's CAS fails, so it asks the broker, which tells it.
    expect(t2.tryAcquire()).toBe(FREE_SLOW);
    expect(await t.now('t2', { op: 'acquire', name: 'L' })).toEqual({ ok: true, value: true, ownerDied: 't1' });
    expect(Atomics.load(t1.cell, STATE)).toBe(t2.me);
    expect(t.view('L').ownerDied).toBeNull();
    expect(t2.tryRelease()).toBe(true);
  });

  it('a thread dying holding a fast-path lock hands it to the first waiter with the mark', async () => {
    const t = lab();
    t.create({ kind: 'RLock', name: 'R' });
    const r = thread(t, 't1', 'R');
    r.tryAcquire();
    Atomics.store(r.cell, COUNT, 2);
    const waiting = t.send('p1', { op: 'acquire', name: 'R' });
    await flush();
    t.broker.workerEnded('t1');
    await flush();
    expect(waiting.reply).toEqual({ ok: true, value: true, ownerDied: 't1' });
    expect(t.view('R')).toMatchObject({ holders: [{ workerId: 'p1', count: 1 }], ownerDied: null });
    expect(Atomics.load(r.cell, STATE)).toBe(t.broker.attach('p1', 'R')!.index);
  });

  it('a dead waiter clears WAITERS if it was the last one', async () => {
    const t = lab();
    t.create({ kind: 'Lock', name: 'L' });
    const t1 = thread(t, 't1', 'L');
    t1.tryAcquire();
    t.send('t2', { op: 'acquire', name: 'L' });
    await flush();
    t.broker.workerEnded('t2');
    expect(Atomics.load(t1.cell, STATE)).toBe(t1.me);
  });

  it('finds a deadlock between threads that took their first locks on the fast path', async () => {
    const t = lab();
    t.create({ kind: 'Lock', name: 'lockA' });
    t.create({ kind: 'Lock', name: 'lockB' });
    thread(t, 't1', 'lockA').tryAcquire();
    thread(t, 't2', 'lockB').tryAcquire();
    t.send('t1', { op: 'acquire', name: 'lockB' });
    t.send('t2', { op: 'acquire', name: 'lockA' });
    await flush();
    expect(findDeadlock(t.broker.snapshot())).toEqual([
      { workerId: 't1', primitive: 'lockB', heldBy: 't2' },
      { workerId: 't2', primitive: 'lockA', heldBy: 't1' },
    ]);
    t.broker.workerEnded('t2');
    expect(findDeadlock(t.broker.snapshot())).toBeNull();
  });

  it('a Condition works over a Lock a thread took on the fast path', async () => {
    const t = lab();
    t.create({ kind: 'Lock', name: 'L' });
    t.create({ kind: 'Condition', name: 'C', lock: 'L' });
    const t1 = thread(t, 't1', 'L');
    t1.tryAcquire();
    const waiting = t.send('t1', { op: 'wait', name: 'C' });
    await flush();
    expect(Atomics.load(t1.cell, STATE)).toBe(0);
    await t.now('t2', { op: 'acquire', name: 'C' });
    await t.now('t2', { op: 'notify', name: 'C' });
    await t.now('t2', { op: 'release', name: 'C' });
    expect(waiting.reply).toEqual(done(true));
    expect(Atomics.load(t1.cell, STATE)).toBe(t1.me);
    expect(t1.tryRelease()).toBe(true);
  });
});

describe('the lock cell, worker side (LabSync)', () => {
  it('attaches once, then acquires and releases an uncontended Lock without a message', async () => {
    const t = lab();
    t.create({ kind: 'Lock', name: 'L' });
    const { sync, sent } = client(t, 't1', true);
    const lock = sync.lock('L');
    expect(await lock.acquire()).toBe(true);
    expect(sent.map((m) => m.type)).toEqual(['syncAttach']);
    await lock.release();
    for (let i = 0; i < 100; i++) {
      await lock.acquire();
      await lock.release();
    }
    expect(await sync.lock('L').acquire(false)).toBe(true);
    expect(await lock.acquire(false)).toBe(false);
    expect(await lock.acquire(true, 0)).toBe(false);
    await lock.release();
    expect(sent).toHaveLength(1);
  });

  it('acquireNow and releaseNow answer synchronously on the cell, and say when only the host can tell', async () => {
    const t = lab();
    t.create({ kind: 'Lock', name: 'L' });
    t.create({ kind: 'RLock', name: 'R' });
    const { sync, sent } = client(t, 't1', true);
    const lock = sync.lock('L');
    // Not attached yet: the host must answer.
    expect(lock.acquireNow()).toBeNull();
    expect(lock.releaseNow()).toBe(false);
    await lock.acquire();
    await lock.release();
    expect(lock.acquireNow()).toBe(true);
    expect(t.view('L').holders.map((holder) => holder.workerId)).toEqual(['t1']);
    // acquire(False) on a plain Lock it holds is False, as in Python.
    expect(lock.acquireNow()).toBe(false);
    expect(lock.releaseNow()).toBe(true);
    expect(lock.releaseNow()).toBe(false);
    // Held by another worker: False at once, and no release of someone else's lock on the fast path.
    await t.now('t2', { op: 'acquire', name: 'L' });
    expect(lock.acquireNow()).toBe(false);
    expect(lock.releaseNow()).toBe(false);
    await t.now('t2', { op: 'release', name: 'L' });
    // An RLock counts on the cell.
    const rlock = sync.lock('R');
    await rlock.acquire();
    expect(rlock.acquireNow()).toBe(true);
    expect(t.view('R').holders).toEqual([expect.objectContaining({ workerId: 't1', count: 2 })]);
    expect(rlock.releaseNow()).toBe(true);
    expect(rlock.releaseNow()).toBe(true);
    expect(t.view('R').holders).toEqual([]);
    expect(sent.every((message) => message.type === 'syncAttach')).toBe(true);
  });

  it('releaseNow leaves a lock someone waits for to the broker, which hands it on', async () => {
    const t = lab();
    t.create({ kind: 'Lock', name: 'L' });
    const { sync } = client(t, 't1', true);
    const lock = sync.lock('L');
    await lock.acquire();
    const waiting = t.send('t2', { op: 'acquire', name: 'L' });
    await flush();
    expect(lock.releaseNow()).toBe(false);
    await lock.release();
    await flush();
    expect(waiting.reply).toEqual({ ok: true, value: true });
  });

  it("decides CPython's release errors in the thread", async () => {
    const t = lab();
    t.create({ kind: 'Lock', name: 'L' });
    t.create({ kind: 'RLock', name: 'R' });
    const { sync, sent } = client(t, 't1', true);
    await expect(sync.lock('L').release()).rejects.toThrow(new SyncError('RuntimeError', 'release unlocked lock'));
    await expect(sync.lock('R').release()).rejects.toThrow(new SyncError('RuntimeError', 'cannot release un-acquired lock'));
    await t.now('t2', { op: 'acquire', name: 'R' });
    await expect(sync.lock('R').release()).rejects.toThrow(/cannot release un-acquired lock/);
    expect(sent.every((m) => m.type === 'syncAttach')).toBe(true);
  });

  it('counts an RLock in the cell', async () => {
    const t = lab();
    t.create({ kind: 'RLock', name: 'R' });
    const { sync, sent } = client(t, 't1', true);
    const lock = sync.lock('R');
    await lock.acquire();
    await lock.acquire();
    expect(t.view('R').holders).toEqual([expect.objectContaining({ workerId: 't1', count: 2 })]);
    await lock.release();
    expect(t.view('R').holders).toEqual([expect.objectContaining({ workerId: 't1', count: 1 })]);
    await lock.release();
    expect(t.view('R').holders).toEqual([]);
    expect(sent).toHaveLength(1);
  });

  it('waits in the broker when the lock is held, and its release then goes there too', async () => {
    const t = lab();
    t.create({ kind: 'Lock', name: 'L' });
    const a = client(t, 't1', true);
    const b = client(t, 't2', true);
    await a.sync.lock('L').acquire();
    let got = false;
    const waiting = b.sync
      .lock('L')
      .acquire(true, 5)
      .then((value) => (got = value));
    // It waits on the cell for a moment first (cell-wait.test.ts), then queues with what is left of its timeout.
    const [waiter] = await waitFor('t2 waiting in the broker', () => t.view('L').waiters.length > 0 && t.view('L').waiters);
    expect(got).toBe(false);
    expect(waiter).toMatchObject({ workerId: 't2' });
    expect(waiter!.timeoutMs).toBeLessThan(5000);
    expect(waiter!.timeoutMs).toBeGreaterThan(4000);
    await a.sync.lock('L').release();
    expect(a.sent.at(-1)).toMatchObject({ type: 'sync', request: { op: 'release', name: 'L' } });
    await waiting;
    expect(got).toBe(true);
    expect(t.view('L').holders).toEqual([expect.objectContaining({ workerId: 't2' })]);
  });

  it('learns of an owner that died through the broker', async () => {
    const t = lab();
    t.create({ kind: 'Lock', name: 'L' });
    const a = client(t, 't1', true);
    const b = client(t, 't2', true);
    await a.sync.lock('L').acquire();
    t.broker.workerEnded('t1');
    expect(await b.sync.lock('L').acquire()).toBe(true);
    expect(b.sync.ownerDied).toBe('t1');
    await b.sync.lock('L').release();
    expect(await b.sync.lock('L').acquire()).toBe(true);
    expect(b.sync.ownerDied).toBeNull();
  });

  it('a process never attaches: every operation is a request', async () => {
    const t = lab();
    t.create({ kind: 'Lock', name: 'L' });
    const { sync, sent } = client(t, 'p1', false);
    await sync.lock('L').acquire();
    await sync.lock('L').release();
    expect(sent.map((m) => (m.type === 'sync' ? m.request.op : m.type))).toEqual(['acquire', 'release']);
  });

  it('leaves arguments the broker refuses to the broker, in its words', async () => {
    const t = lab();
    t.create({ kind: 'Lock', name: 'L' });
    const { sync } = client(t, 't1', true);
    // Its type said once, as Python's traceback line: the name is ValueError, the message the broker's words.
    await expect(sync.lock('L').acquire(false, 1)).rejects.toMatchObject({ name: 'ValueError', message: "can't specify a timeout for a non-blocking call" });
    expect(t.view('L').holders).toEqual([]);
  });
});
