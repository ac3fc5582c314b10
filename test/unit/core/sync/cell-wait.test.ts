import { describe, expect, it } from 'vitest';
import { waitFor } from '../../../support/wait';
import { client, done, flush, lab } from './harness';

// A thread's blocking acquire of a lock another thread holds waits on the lock's cell itself
// (src/worker/sync/cell-wait.ts) before it queues in the broker: the workers' real clients against a broker
// in this process, their cells shared as two threads' would be. `parkMs` is how long the wait on the cell
// may last: long here when a test needs the waiter to stay on the cell, short when it must reach the broker.
const ON_CELL = { parkMs: 60_000 };
const SOON = { parkMs: 5 };

const requests = (sent: ReturnType<typeof client>['sent']) => sent.flatMap((message) => (message.type === 'sync' ? [message.request] : []));


/** A Lock L held by thread t1 (on its cell), and a thread t2 that may wait on the cell for `park`. */
async function heldByT1(park: { parkMs: number }) {
  const t = lab();
  t.create({ kind: 'Lock', name: 'L' });
  const a = client(t, 't1', true, park);
  const b = client(t, 't2', true, park);
  await a.sync.lock('L').acquire();
  return { t, a, b };
}

describe('waiting on a lock cell', () => {
  it.each(['Lock', 'RLock'] as const)("a %s's holder letting go on the fast path wakes a thread waiting on the cell, with no message either way", async (kind) => {
    const t = lab();
    t.create({ kind, name: 'L' });
    const a = client(t, 't1', true, ON_CELL);
    const b = client(t, 't2', true, ON_CELL);
    await a.sync.lock('L').acquire();
    let got: boolean | undefined;
    const waiting = b.sync
      .lock('L')
      .acquire()
      .then((value) => (got = value));
    await flush();
    expect(got).toBeUndefined();
    expect(t.view('L').waiters).toEqual([]);
    await a.sync.lock('L').release();
    await waiting;
    expect(got).toBe(true);
    expect(t.view('L').holders).toEqual([expect.objectContaining({ workerId: 't2' })]);
    expect(requests(a.sent)).toEqual([]);
    expect(requests(b.sent)).toEqual([]);
  });

  it('a wait longer than a moment queues in the broker, with what is left of its timeout, and is handed the lock there', async () => {
    const { t, a, b } = await heldByT1(SOON);
    const waiting = b.sync.lock('L').acquire(true, 2);
    const [waiter] = await waitFor('t2 seen waiting in the broker', () => t.view('L').waiters.length > 0 && t.view('L').waiters);
    expect(waiter).toMatchObject({ workerId: 't2' });
    expect(waiter!.timeoutMs).toBeLessThan(2000);
    expect(waiter!.timeoutMs).toBeGreaterThan(1000);
    // Now the holder's release goes through the broker, which hands the lock straight to t2.
    await a.sync.lock('L').release();
    expect(requests(a.sent)).toEqual([expect.objectContaining({ op: 'release', name: 'L' })]);
    expect(await waiting).toBe(true);
    expect(t.view('L').holders).toEqual([expect.objectContaining({ workerId: 't2' })]);
  });

  it('a timed acquire that ends while waiting on the cell is not answered before its timeout, and the broker is told it timed out', async () => {
    const { t, b } = await heldByT1(ON_CELL);
    const started = performance.now();
    expect(await b.sync.lock('L').acquire(true, 0.03)).toBe(false);
    // Python's acquire(timeout=0.03) returns False no sooner than 30 ms after the call.
    expect(performance.now() - started).toBeGreaterThanOrEqual(30);
    // The last try is the broker's (timeout 0), so the lab's facts say t2 asked and timed out.
    expect(requests(b.sent)).toEqual([{ op: 'acquire', name: 'L', blocking: true, timeout: 0 }]);
    expect(t.view('L').waiters).toEqual([]);
    expect(t.view('L').holders).toEqual([expect.objectContaining({ workerId: 't1' })]);
  });

  it('a timed acquire that outlasts the wait on the cell times out in the broker at what was left', async () => {
    const { t, b } = await heldByT1(SOON);
    let got: boolean | undefined;
    const waiting = b.sync
      .lock('L')
      .acquire(true, 1)
      .then((value) => (got = value));
    await waitFor('t2 seen waiting in the broker', () => t.view('L').waiters.length > 0);
    await t.advance(0.5);
    expect(got).toBeUndefined();
    await t.advance(0.5);
    await waiting;
    expect(got).toBe(false);
    expect(t.view('L').waiters).toEqual([]);
  });

  it('a holder that ends while another thread waits on the cell: the waiter is woken and told by the broker', async () => {
    const { t, b } = await heldByT1(ON_CELL);
    const waiting = b.sync.lock('L').acquire();
    await flush();
    t.broker.workerEnded('t1');
    expect(await waiting).toBe(true);
    expect(b.sync.ownerDied).toBe('t1');
    expect(t.view('L').holders).toEqual([expect.objectContaining({ workerId: 't2' })]);
  });

  it('a thread waiting on the cell is woken when the broker moves the lock: it waits on, or queues behind waiters there', async () => {
    const { t, a, b } = await heldByT1(ON_CELL);
    const onCell = b.sync.lock('L').acquire();
    await flush();
    // Two processes queue in the broker; the holder's release then goes there and hands the lock to p1.
    const p1 = t.send('p1', { op: 'acquire', name: 'L' });
    const p2 = t.send('p2', { op: 'acquire', name: 'L' });
    await flush();
    await a.sync.lock('L').release();
    await flush();
    expect(p1.reply).toEqual(done(true));
    // Woken by the hand-off, t2 finds p2 queued and asks the broker, which queues it behind p2.
    await waitFor('t2 queued in the broker', () => t.view('L').waiters.some((waiter) => waiter.workerId === 't2'));
    expect(t.view('L').waiters.map((waiter) => waiter.workerId)).toEqual(['p2', 't2']);
    expect(await t.now('p1', { op: 'release', name: 'L' })).toEqual(done());
    expect(p2.reply).toEqual(done(true));
    expect(await t.now('p2', { op: 'release', name: 'L' })).toEqual(done());
    expect(await onCell).toBe(true);
    expect(t.view('L').holders).toEqual([expect.objectContaining({ workerId: 't2' })]);
  });

  it('a broker waiter that times out reopens the fast path and still leaves the thread waiting on the cell to be woken by the release', async () => {
    const { t, a, b } = await heldByT1(ON_CELL);
    const onCell = b.sync.lock('L').acquire();
    await flush();
    const p1 = t.send('p1', { op: 'acquire', name: 'L', timeout: 1 });
    await flush();
    await t.advance(1);
    expect(p1.reply).toEqual(done(false));
    // Nobody queued in the broker any more: the holder lets go on the fast path, and that wakes t2.
    await a.sync.lock('L').release();
    expect(requests(a.sent)).toEqual([]);
    expect(await onCell).toBe(true);
    expect(t.view('L').holders).toEqual([expect.objectContaining({ workerId: 't2' })]);
  });

  it("a lock freed by the broker (a process's release) wakes a thread waiting on the cell", async () => {
    const t = lab();
    t.create({ kind: 'Lock', name: 'L' });
    const b = client(t, 't2', true, ON_CELL);
    expect(await t.now('p1', { op: 'acquire', name: 'L' })).toEqual(done(true));
    const onCell = b.sync.lock('L').acquire();
    await flush();
    expect(t.view('L').waiters).toEqual([]);
    expect(await t.now('p1', { op: 'release', name: 'L' })).toEqual(done());
    expect(await onCell).toBe(true);
    expect(requests(b.sent)).toEqual([]);
  });
});
