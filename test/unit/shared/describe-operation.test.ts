import { describe, expect, it } from 'vitest';
import { SyncHub } from '../../../src/core/sync-hub';
import type { LabEventBody } from '../../../src/shared/protocol';
import { createPrimitiveSchema, syncRequestSchema, type SyncRequest } from '../../../src/shared/sync';
import { flush, ManualClock } from '../core/sync/harness';

/**
 * The event log's words for what the lab did from the Locks panel, through the real hub and broker: the
 * counts come from the broker's state just before and after, as a teacher needs them ("3 waiters woken").
 */
function hub() {
  const clock = new ManualClock();
  const events: LabEventBody[] = [];
  const sync = new SyncHub({ clock, emit: (event) => events.push(event), samplePeriodMs: () => 500, syncSampleMs: 0 });
  return {
    create(spec: Record<string, unknown>): void {
      expect(sync.create(createPrimitiveSchema.parse(spec))).toMatchObject({ ok: true });
    },
    /** A worker blocking in a request; not awaited. */
    block(workerId: string, request: SyncRequest): void {
      sync.request(workerId, syncRequestSchema.parse(request), () => undefined);
    },
    /** What the log says after the lab does `request` from the UI. */
    async said(request: SyncRequest): Promise<string> {
      await flush();
      const outcome = await sync.operate(syncRequestSchema.parse(request));
      expect(outcome).toMatchObject({ ok: true });
      const said = events.splice(0).filter((event) => event.type === 'sync.operated');
      expect(said).toHaveLength(1);
      return said[0]!.outcome;
    },
  };
}

describe('what the lab did to a primitive, in words', () => {
  it('an Event: the flag, and how many waiters it woke', async () => {
    const lab = hub();
    lab.create({ kind: 'Event', name: 'redis_ready' });
    for (const id of ['w1', 'w2', 'w3']) lab.block(id, { op: 'wait', name: 'redis_ready' });
    expect(await lab.said({ op: 'set', name: 'redis_ready' })).toBe('set redis_ready: the flag is now set, 3 waiters woken');
    expect(await lab.said({ op: 'set', name: 'redis_ready' })).toBe('set redis_ready: the flag was already set');
    expect(await lab.said({ op: 'clear', name: 'redis_ready' })).toBe('clear redis_ready: the flag is now clear; wait() blocks again');
    expect(await lab.said({ op: 'set', name: 'redis_ready' })).toBe('set redis_ready: the flag is now set, no one was waiting');
  });

  it('queues: the item, the depth after, and a getter handed the item at once', async () => {
    const lab = hub();
    lab.create({ kind: 'LifoQueue', name: 'lifo' });
    for (const item of [1, 2, 3]) await lab.said({ op: 'put', name: 'lifo', item, block: false });
    expect(await lab.said({ op: 'put', name: 'lifo', item: 7, block: false })).toBe('put 7 into lifo (depth 4)');
    expect(await lab.said({ op: 'get', name: 'lifo', block: false })).toBe('get from lifo: got 7 (depth 3)');
    expect(await lab.said({ op: 'qsize', name: 'lifo' })).toBe('qsize lifo: 3 items');

    lab.create({ kind: 'Queue', name: 'q', maxsize: 1 });
    lab.block('w1', { op: 'get', name: 'q' });
    expect(await lab.said({ op: 'put', name: 'q', item: 'job 1', block: false })).toBe("put 'job 1' into q (depth 0; 1 waiting getter woken)");
    await lab.said({ op: 'put', name: 'q', item: 2, block: false });
    lab.block('w2', { op: 'put', name: 'q', item: 3 });
    expect(await lab.said({ op: 'full', name: 'q' })).toBe('full q: yes (1 of 1)');
    expect(await lab.said({ op: 'get', name: 'q', block: false })).toBe('get from q: got 2 (depth 1; 1 waiting putter woken)');
  });

  it('a Semaphore: the unit given back, who took it, how many are free', async () => {
    const lab = hub();
    lab.create({ kind: 'Semaphore', name: 'pool', value: 0 });
    expect(await lab.said({ op: 'release', name: 'pool' })).toBe('release pool: a unit given back (1 free)');
    lab.create({ kind: 'BoundedSemaphore', name: 'conn', value: 1 });
    lab.block('w1', { op: 'acquire', name: 'conn' });
    lab.block('w2', { op: 'acquire', name: 'conn' });
    expect(await lab.said({ op: 'release', name: 'conn' })).toBe('release conn: a unit given back, taken at once by 1 waiter (0 free)');
  });

  it('a Condition, a Barrier, a Lock and a Timer', async () => {
    const lab = hub();
    lab.create({ kind: 'Condition', name: 'cv' });
    expect(await lab.said({ op: 'notify', name: 'cv' })).toBe('notify cv: no one was waiting');
    lab.create({ kind: 'Barrier', name: 'b', parties: 3 });
    lab.block('w1', { op: 'wait', name: 'b' });
    lab.block('w2', { op: 'wait', name: 'b' });
    expect(await lab.said({ op: 'abort', name: 'b' })).toBe('abort b: the barrier is broken; 2 waiters get BrokenBarrierError');
    expect(await lab.said({ op: 'reset', name: 'b' })).toBe('reset b: the barrier is reset; no one was waiting');
    lab.create({ kind: 'Lock', name: 'lockA' });
    lab.block('w3', { op: 'acquire', name: 'lockA' });
    lab.block('w4', { op: 'acquire', name: 'lockA' });
    expect(await lab.said({ op: 'release', name: 'lockA' })).toBe('release lockA: freed; a waiter took it');
    lab.create({ kind: 'Event', name: 'ready' });
    lab.create({ kind: 'Timer', name: 'alarm', interval: 2.5, event: 'ready' });
    expect(await lab.said({ op: 'timer_start', name: 'alarm' })).toBe('start alarm: sets ready in 2.5 s');
    expect(await lab.said({ op: 'timer_cancel', name: 'alarm' })).toBe('cancel alarm: it will not fire');
  });

  it('shared data and pipes', async () => {
    const lab = hub();
    lab.create({ kind: 'Value', name: 'counter', typecode: 'i', value: 5 });
    expect(await lab.said({ op: 'value_set', name: 'counter', value: 7 })).toBe('set counter to 7');
    expect(await lab.said({ op: 'value_get', name: 'counter' })).toBe('get counter: 7');
    lab.create({ kind: 'Dict', name: 'd' });
    expect(await lab.said({ op: 'dict_set', name: 'd', key: 'n', value: 'x' })).toBe("set d['n'] to 'x'");
    lab.create({ kind: 'Pipe', name: 'p' });
    expect(await lab.said({ op: 'pipe_send', name: 'p', end: 0, item: 7 })).toBe('send 7 from end 0 of p (1 in flight)');
    expect(await lab.said({ op: 'pipe_poll', name: 'p', end: 1 })).toBe('poll end 1 of p: a message is waiting');
    expect(await lab.said({ op: 'pipe_recv', name: 'p', end: 1 })).toBe('recv on end 1 of p: got 7');
  });

  it("typecodes' values, slices and bytes as Python prints them", async () => {
    const lab = hub();
    lab.create({ kind: 'Value', name: 'small', typecode: 'b', value: 0 });
    expect(await lab.said({ op: 'value_set', name: 'small', value: 200 })).toBe('set small to 200 (it holds -56)');
    expect(await lab.said({ op: 'value_get', name: 'small' })).toBe('get small: -56');
    lab.create({ kind: 'Value', name: 'big', typecode: 'Q', value: -1 });
    expect(await lab.said({ op: 'value_get', name: 'big' })).toBe('get big: 18446744073709551615');
    lab.create({ kind: 'Value', name: 'f', typecode: 'f', value: 0 });
    expect(await lab.said({ op: 'value_set', name: 'f', value: 0.1 })).toBe('set f to 0.1 (it holds 0.10000000149011612)');
    expect(await lab.said({ op: 'value_set', name: 'f', value: { float: 'nan' } })).toBe('set f to nan');
    lab.create({ kind: 'Array', name: 'c', typecode: 'c', values: [97, 98, 0] });
    expect(await lab.said({ op: 'array_get_slice', name: 'c', stop: 2 })).toBe("get c[:2]: b'ab'");
    expect(await lab.said({ op: 'array_len', name: 'c' })).toBe('len(c): 3');
    lab.create({ kind: 'Array', name: 'd', typecode: 'd', length: 3 });
    expect(await lab.said({ op: 'array_set_slice', name: 'd', start: 1, values: [1e16, 2.5] })).toBe('set d[1:] to [1e+16, 2.5]');
    expect(await lab.said({ op: 'array_get_slice', name: 'd', step: 2 })).toBe('get d[::2]: [0.0, 2.5]');
    lab.create({ kind: 'Pipe', name: 'p' });
    expect(await lab.said({ op: 'pipe_send_bytes', name: 'p', end: 0, data: Buffer.from("it's\x00").toString('base64') })).toBe(`send_bytes b"it's\\x00" from end 0 of p (1 in flight)`);
    expect(await lab.said({ op: 'pipe_recv', name: 'p', end: 1 })).toBe(`recv on end 1 of p: got b"it's\\x00"`);
  });
});
