import { describe, expect, it } from 'vitest';
import { syncRequestSchema, type SyncReply, type SyncRequest } from '../../../../src/shared/sync';
import { done, flush, lab, type Lab } from './harness';

// Lib/test/lock_tests.py: BarrierTests (N = 5 parties).

const N = 5;
const IDS = ['w0', 'w1', 'w2', 'w3', 'w4'];
const as = (t: Lab, workerId: string) => (request: SyncRequest): Promise<SyncReply> => t.broker.request(workerId, syncRequestSchema.parse(request));
const broken = { ok: false, error: 'BrokenBarrierError' };

function withBarrier(options: Record<string, unknown> = {}) {
  const t = lab();
  t.create({ kind: 'Barrier', name: 'B', parties: N, ...options });
  return t;
}

describe('Barrier (BarrierTests)', () => {
  it.each([1, 10])('is passed in lockstep, %i times over (test_barrier, test_barrier_10)', async (passes) => {
    const t = withBarrier({ timeout: 2 });
    const results: [boolean[], boolean[]] = [[], []];
    const f = async (id: string) => {
      const call = as(t, id);
      for (let i = 0; i < passes; i += 1) {
        results[0].push(true);
        expect(results[1]).toHaveLength(i * N);
        await call({ op: 'wait', name: 'B' });
        results[1].push(true);
        expect(results[0]).toHaveLength((i + 1) * N);
        await call({ op: 'wait', name: 'B' });
      }
    };
    await Promise.all(IDS.map(f));
    expect(t.view('B')).toMatchObject({ parties: N, broken: false, waiters: [] });
  });

  it('wait() returns the arrival index, the last arrival getting parties-1 (test_wait_return)', async () => {
    const t = withBarrier();
    const calls = IDS.slice(0, N - 1).map((id) => t.send(id, { op: 'wait', name: 'B' }));
    await flush();
    expect(t.view('B').waiters.map((waiter) => waiter.op)).toEqual(Array(N - 1).fill('wait'));
    expect(await t.now('last', { op: 'wait', name: 'B' })).toEqual(done(N - 1));
    expect(calls.map((call) => call.reply)).toEqual([0, 1, 2, 3].map((index) => done(index)));
  });

  it('abort breaks it: waiters and later waits get BrokenBarrierError (test_abort)', async () => {
    const t = withBarrier();
    const calls = IDS.slice(0, 3).map((id) => t.send(id, { op: 'wait', name: 'B' }));
    await flush();
    expect(await t.now('w4', { op: 'abort', name: 'B' })).toEqual(done());
    await flush();
    for (const call of calls) expect(call.reply).toMatchObject(broken);
    expect(t.view('B').broken).toBe(true);
    expect(await t.now('w4', { op: 'wait', name: 'B' })).toMatchObject(broken);
  });

  it('reset frees the waiters with BrokenBarrierError and leaves it usable (test_reset)', async () => {
    const t = withBarrier();
    const calls = IDS.slice(0, N - 1).map((id) => t.send(id, { op: 'wait', name: 'B' }));
    await flush();
    await t.now('w4', { op: 'reset', name: 'B' });
    await flush();
    for (const call of calls) expect(call.reply).toMatchObject(broken);
    expect(t.view('B').broken).toBe(false);
    const again = IDS.map((id) => t.send(id, { op: 'wait', name: 'B' }));
    await flush();
    expect(again.map((call) => call.reply)).toEqual([0, 1, 2, 3, 4].map((index) => done(index)));
  });

  it('can be reset after being broken (test_abort_and_reset)', async () => {
    const t = withBarrier();
    await t.now('w0', { op: 'abort', name: 'B' });
    expect(await t.now('w1', { op: 'wait', name: 'B' })).toMatchObject(broken);
    await t.now('w0', { op: 'reset', name: 'B' });
    expect(t.view('B').broken).toBe(false);
    const calls = IDS.map((id) => t.send(id, { op: 'wait', name: 'B' }));
    await flush();
    expect(calls.every((call) => call.reply?.ok)).toBe(true);
  });

  it('a wait that times out breaks the barrier for everyone (test_timeout)', async () => {
    const t = withBarrier({ timeout: 2 });
    const patient = IDS.slice(0, 2).map((id) => t.send(id, { op: 'wait', name: 'B' }));
    const hasty = t.send('w2', { op: 'wait', name: 'B', timeout: 0.5 });
    await t.advance(0.49);
    expect(hasty.settled).toBe(false);
    await t.advance(0.01);
    expect(hasty.reply).toMatchObject(broken);
    for (const call of patient) expect(call.reply).toMatchObject(broken);
    expect(t.view('B')).toMatchObject({ broken: true, waiters: [] });
    // The others' default-timeout timers were stopped with their waits.
    expect(t.clock.pending).toBe(0);
  });

  it("uses the barrier's default timeout when wait() gives none (test_default_timeout)", async () => {
    const t = withBarrier({ timeout: 0.3 });
    const calls = IDS.slice(0, 3).map((id) => t.send(id, { op: 'wait', name: 'B' }));
    await flush();
    expect(t.view('B').waiters.map((waiter) => waiter.timeoutMs)).toEqual([300, 300, 300]);
    await t.advance(0.3);
    for (const call of calls) expect(call.reply).toMatchObject(broken);
    expect(t.view('B').broken).toBe(true);
  });

  it('a barrier of one never blocks (test_single_thread)', async () => {
    const t = lab();
    t.create({ kind: 'Barrier', name: 'B', parties: 1 });
    expect(await t.now('w', { op: 'wait', name: 'B' })).toEqual(done(0));
    expect(await t.now('w', { op: 'wait', name: 'B' })).toEqual(done(0));
  });

  it('a zero-timeout wait short of parties breaks it at once', async () => {
    const t = withBarrier();
    const first = t.send('w0', { op: 'wait', name: 'B' });
    expect(await t.now('w1', { op: 'wait', name: 'B', timeout: 0 })).toMatchObject(broken);
    await flush();
    expect(first.reply).toMatchObject(broken);
  });
});

describe('Barrier with an action (BarrierTests.test_action, test_abort with a failing action)', () => {
  it('the arrival that trips it runs the action first; the others are released only when it is done', async () => {
    const t = lab();
    t.create({ kind: 'Barrier', name: 'B', parties: 3, action: true });
    const first = t.send('w1', { op: 'wait', name: 'B' });
    const second = t.send('w2', { op: 'wait', name: 'B' });
    expect(await t.now('w3', { op: 'wait', name: 'B' })).toEqual({ ok: true, value: 2, runAction: true });
    await flush();
    expect(first.settled || second.settled).toBe(false);
    expect(t.view('B').contents).toBe('w3 runs the action');
    expect(await t.now('w1', { op: 'action_done', name: 'B', failed: false })).toMatchObject({ ok: false, error: 'RuntimeError' });
    await t.now('w3', { op: 'action_done', name: 'B', failed: false });
    await flush();
    expect([first.reply, second.reply]).toEqual([done(0), done(1)]);
    expect(t.view('B').broken).toBe(false);
  });

  it('a failing action breaks the barrier for everyone', async () => {
    const t = lab();
    t.create({ kind: 'Barrier', name: 'B', parties: 2, action: true });
    const first = t.send('w1', { op: 'wait', name: 'B' });
    await t.now('w2', { op: 'wait', name: 'B' });
    await t.now('w2', { op: 'action_done', name: 'B', failed: true });
    await flush();
    expect(first.reply).toMatchObject({ ok: false, error: 'BrokenBarrierError' });
    expect(t.view('B').broken).toBe(true);
  });

  it('if the worker running the action dies, the others are not left waiting', async () => {
    const t = lab();
    t.create({ kind: 'Barrier', name: 'B', parties: 2, action: true });
    const first = t.send('w1', { op: 'wait', name: 'B' });
    await t.now('w2', { op: 'wait', name: 'B' });
    t.broker.workerEnded('w2');
    await flush();
    expect(first.reply).toMatchObject({ ok: false, error: 'BrokenBarrierError' });
  });
});

describe('Barrier with an action: arrivals and breaks while it runs (CPython\'s draining state)', () => {
  it('arrivals during the action wait to enter the next cycle, and nobody is lost', async () => {
    const t = lab();
    t.create({ kind: 'Barrier', name: 'B', parties: 2, action: true });
    const a = t.send('a', { op: 'wait', name: 'B' });
    expect(await t.now('b', { op: 'wait', name: 'B' })).toEqual({ ok: true, value: 1, runAction: true });
    const c = t.send('c', { op: 'wait', name: 'B' });
    const d = t.send('d', { op: 'wait', name: 'B' });
    await flush();
    expect([a.settled, c.settled, d.settled]).toEqual([false, false, false]);
    await t.now('b', { op: 'action_done', name: 'B', failed: false });
    await flush();
    expect(a.reply).toEqual(done(0));
    // c and d entered the next cycle: d tripped it and runs the action in turn.
    expect(d.reply).toEqual({ ok: true, value: 1, runAction: true });
    await t.now('d', { op: 'action_done', name: 'B', failed: false });
    await flush();
    expect(c.reply).toEqual(done(0));
  });

  it('abort during the action: the others are broken, the action\'s worker still returns normally', async () => {
    const t = lab();
    t.create({ kind: 'Barrier', name: 'B', parties: 2, action: true });
    const a = t.send('a', { op: 'wait', name: 'B' });
    await t.now('b', { op: 'wait', name: 'B' });
    await t.operate({ op: 'abort', name: 'B' });
    await flush();
    expect(a.reply).toMatchObject({ ok: false, error: 'BrokenBarrierError' });
    expect(await t.now('b', { op: 'action_done', name: 'B', failed: false })).toEqual(done());
  });
});
