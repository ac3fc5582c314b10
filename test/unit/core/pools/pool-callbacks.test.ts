import { describe, expect, it } from 'vitest';
import { Pool } from '../../../../src/core/pools/pool';
import { ManualClock } from '../sync/harness';
import { deferred, flush, RecordingSink, ScriptedRunner, square, track } from './scripted-runner';

// Callbacks run in the parent, one at a time, in completion order (Pool._handle_results, ApplyResult._set).

function pool() {
  const runner = new ScriptedRunner(2);
  const sink = new RecordingSink();
  const logged: string[] = [];
  const facade = new Pool({ runner, facts: sink, clock: new ManualClock(), log: (line) => logged.push(line) });
  return { runner, sink, logged, pool: facade };
}

describe('Pool callbacks', () => {
  it('run in the order the tasks ended, not the order they were submitted (test_async callback order)', async () => {
    const t = pool();
    const order: unknown[] = [];
    for (const x of [1, 2, 3]) t.pool.applyAsync('square', [x], { callback: (value) => void order.push(value) });
    for (const id of [2, 3, 1]) t.runner.run(id, square);
    await flush();
    expect(order).toEqual([4, 9, 1]);
    expect(t.sink.steps).toEqual([2, 3, 1].map((taskId) => ({ taskId, step: 'callback' })));
  });

  it('run one at a time: a slow callback holds up every result behind it, even ones without a callback', async () => {
    const t = pool();
    const slow = deferred();
    const running: string[] = [];
    const first = t.pool.applyAsync('square', [1], {
      callback: async () => {
        running.push('slow started');
        await slow.promise;
        running.push('slow ended');
      },
    });
    const second = t.pool.applyAsync('square', [2], { callback: () => void running.push('second') });
    const third = t.pool.applyAsync('square', [3]);
    t.runner.run(1, square);
    t.runner.run(2, square);
    t.runner.run(3, square);
    await flush();
    expect(running).toEqual(['slow started']);
    expect([first.ready(), second.ready(), third.ready()]).toEqual([false, false, false]);
    slow.resolve();
    await flush();
    expect(running).toEqual(['slow started', 'slow ended', 'second']);
    expect([first.ready(), second.ready(), third.ready()]).toEqual([true, true, true]);
  });

  it('get() returns only after the callback ran (ApplyResult._set sets the event last)', async () => {
    const t = pool();
    const slow = deferred();
    const result = t.pool.applyAsync('square', [4], { callback: () => slow.promise });
    const value = track(result.get());
    t.runner.run(1, square);
    await flush();
    expect(value.settled).toBe(false);
    slow.resolve();
    await flush();
    expect(value.value).toBe(16);
  });

  it('map\'s callback runs once, with the whole list, after its last chunk (test_map_async_callbacks)', async () => {
    const t = pool();
    const calls: unknown[] = [];
    const result = t.pool.mapAsync('square', [1, 2, 3], { chunksize: 1, callback: (values) => void calls.push(values) });
    t.runner.run(3, square);
    t.runner.run(1, square);
    await flush();
    expect(calls).toEqual([]);
    t.runner.run(2, square);
    expect(await result.get()).toEqual([1, 4, 9]);
    expect(calls).toEqual([[1, 4, 9]]);
    expect(t.sink.steps).toEqual([{ taskId: 2, step: 'callback' }]);
  });

  it('a callback that raises is logged and the pool carries on (Python\'s result handler would die and hang the pool)', async () => {
    const t = pool();
    const bad = t.pool.applyAsync('square', [1], {
      callback: () => {
        throw new TypeError('oops');
      },
    });
    const good = t.pool.applyAsync('square', [2], { callback: () => undefined });
    t.runner.run(1, square);
    t.runner.run(2, square);
    expect(await bad.get()).toBe(1);
    expect(await good.get()).toBe(4);
    expect(t.logged).toEqual(['pool: <ApplyResult job 1>: callback raised TypeError: oops']);
    expect(t.sink.steps).toEqual([
      { taskId: 1, step: 'callback', detail: 'callback raised TypeError: oops' },
      { taskId: 2, step: 'callback' },
    ]);
  });

  it('an async callback that rejects is logged too, and later results still come', async () => {
    const t = pool();
    const bad = t.pool.applyAsync('square', [1], { errorCallback: () => Promise.reject(new Error('late')) });
    const later = t.pool.applyAsync('square', [2]);
    t.runner.fail(1, 'ValueError', 'x');
    t.runner.run(2, square);
    await expect(bad.get()).rejects.toMatchObject({ name: 'ValueError' });
    expect(await later.get()).toBe(4);
    expect(t.logged).toEqual(['pool: <ApplyResult job 1>: callback raised Error: late']);
  });

  it('join waits for the callbacks of delivered results, as Python joins its result handler', async () => {
    const t = pool();
    const slow = deferred();
    t.pool.applyAsync('square', [1], { callback: () => slow.promise });
    t.runner.run(1, square);
    t.pool.close();
    const joined = track(t.pool.join());
    await flush();
    expect(joined.settled).toBe(false);
    slow.resolve();
    await flush();
    expect(joined.value).toBe(true);
  });
});
