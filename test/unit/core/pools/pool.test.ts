import { describe, expect, it } from 'vitest';
import { Pool } from '../../../../src/core/pools/pool';
import { PythonError } from '../../../../src/core/pools/python-errors';
import { ManualClock } from '../sync/harness';
import { flush, RecordingSink, ScriptedRunner, square, track } from './scripted-runner';

// Lib/test/_test_multiprocessing.py, _TestPool: the same behaviours over a scripted runner.

function pool(size = 2) {
  const runner = new ScriptedRunner(size);
  const sink = new RecordingSink();
  const clock = new ManualClock();
  const logged: string[] = [];
  const facade = new Pool({ runner, facts: sink, clock, log: (line) => logged.push(line) });
  return { runner, sink, clock, logged, pool: facade };
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('Pool', () => {
  it('apply returns the call\'s value once its task ends (test_apply)', async () => {
    const t = pool();
    expect(t.pool.applyAsync('square', [4]).taskIds).toEqual([1]);
    t.runner.run(1, square);
    const value = track(t.pool.apply('square', [5]));
    expect(t.runner.task(2).call).toEqual({ kind: 'call', fn: 'square', args: [5] });
    await flush();
    expect(value.settled).toBe(false);
    t.runner.run(2, square);
    await flush();
    expect(value).toEqual({ settled: true, value: 25 });
  });

  it('map keeps item order whatever order the chunks end in, in Python\'s default chunks (test_map)', async () => {
    const t = pool(2);
    const result = track(t.pool.map('square', range(10)));
    // divmod(10, 2 * 4) = (1, 2): chunksize 2, five chunks.
    expect(t.runner.tasks.map((task) => task.meta)).toEqual(range(5).map((chunk) => ({ map: { mapId: 1, chunk, items: 2 } })));
    expect(t.runner.tasks[0]!.call).toEqual({ kind: 'items', fn: 'square', items: [0, 1] });
    for (const id of [5, 3, 1, 4, 2]) t.runner.run(id, square);
    await flush();
    expect(result.value).toEqual(range(10).map((x) => x * x));
  });

  it('map with a chunksize makes one task per chunk, the last one shorter (test_map_chunksize)', async () => {
    const t = pool(2);
    const result = t.pool.mapAsync('square', range(7), { chunksize: 3 });
    expect(t.runner.tasks.map((task) => (task.call.kind === 'items' ? task.call.items.length : 0))).toEqual([3, 3, 1]);
    expect([result.mapId, result.taskIds]).toEqual([1, [1, 2, 3]]);
    t.runner.tasks.forEach((task) => t.runner.run(task.id, square));
    expect(await result.get()).toEqual([0, 1, 4, 9, 16, 25, 36]);
  });

  it('starmap passes each item as the argument list (test_starmap)', async () => {
    const t = pool(2);
    const result = track(t.pool.starmap('add', [[1, 2], [3, 4]], 1));
    expect(t.runner.tasks.map((task) => task.call)).toEqual([
      { kind: 'chunk', fn: 'add', calls: [[1, 2]] },
      { kind: 'chunk', fn: 'add', calls: [[3, 4]] },
    ]);
    t.runner.tasks.forEach((task) => t.runner.run(task.id, (a, b) => (a as number) + (b as number)));
    await flush();
    expect(result.value).toEqual([3, 7]);
  });

  it('map of no items is ready at once, with no task and no callback (test_empty_iterable)', async () => {
    const t = pool();
    const called: unknown[] = [];
    const result = t.pool.mapAsync('square', [], { callback: (value) => void called.push(value) });
    expect(result.ready()).toBe(true);
    expect(await result.get()).toEqual([]);
    expect(t.runner.tasks).toEqual([]);
    expect(called).toEqual([]);
  });

  it('a failing chunk fails the map with the first exception, ready only once every chunk ended (test_map_async error)', async () => {
    const t = pool(2);
    const errors: PythonError[] = [];
    const result = t.pool.mapAsync('square', range(4), { chunksize: 1, errorCallback: (error) => void errors.push(error) });
    t.runner.fail(2, 'ZeroDivisionError', 'division by zero');
    t.runner.fail(3, 'ValueError', 'later');
    t.runner.run(1, square);
    await flush();
    expect(result.ready()).toBe(false);
    t.runner.run(4, square);
    await flush();
    expect(result.successful()).toBe(false);
    await expect(result.get()).rejects.toMatchObject({ name: 'ZeroDivisionError', message: 'division by zero' });
    expect(errors.map((error) => error.describe())).toEqual(['ZeroDivisionError: division by zero']);
  });

  it('get(timeout) raises TimeoutError while the task runs, then returns its value (test_async_timeout)', async () => {
    const t = pool();
    const result = t.pool.applyAsync('sleep', [1000]);
    const early = track(result.get(100));
    t.clock.advance(99);
    await flush();
    expect(early.settled).toBe(false);
    t.clock.advance(1);
    await flush();
    expect(early.error).toMatchObject({ name: 'TimeoutError' });
    expect(() => result.successful()).toThrow(/ValueError|not ready/);
    t.runner.finish(1, null);
    expect(await result.get(100)).toBeNull();
    expect(result.successful()).toBe(true);
  });

  it('successful() before the result is in raises ValueError "... not ready"', () => {
    const t = pool();
    const result = t.pool.applyAsync('square', [1]);
    expect(() => result.successful()).toThrow(expect.objectContaining({ name: 'ValueError', message: '<ApplyResult job 1> not ready' }));
  });

  it('a task\'s exception is raised by get() as its own type, and told to the error callback (test_async_error_callback)', async () => {
    const t = pool();
    const seen: string[] = [];
    const result = t.pool.applyAsync('fail', ['boom'], { callback: () => void seen.push('callback'), errorCallback: (error) => void seen.push(error.describe()) });
    t.runner.fail(1, 'RuntimeError', 'boom');
    await expect(result.get()).rejects.toBeInstanceOf(PythonError);
    expect(seen).toEqual(['RuntimeError: boom']);
    expect(t.sink.steps).toEqual([{ taskId: 1, step: 'callback' }]);
  });

  it('imap yields in item order, and an item\'s exception does not end the iteration (test_imap, test_imap_handle_iterable_exception)', async () => {
    const t = pool();
    const iterator = t.pool.imap('square', range(4));
    expect(t.runner.tasks.map((task) => task.call.kind)).toEqual(['call', 'call', 'call', 'call']);
    const first = track(iterator.next());
    t.runner.run(2, square);
    t.runner.fail(3, 'ValueError', 'bad item');
    await flush();
    expect(first.settled).toBe(false);
    t.runner.run(1, square);
    t.runner.run(4, square);
    await flush();
    expect(first.value).toEqual({ done: false, value: 0 });
    expect(await iterator.next()).toEqual({ done: false, value: 1 });
    await expect(iterator.next()).rejects.toMatchObject({ name: 'ValueError', message: 'bad item' });
    expect(await iterator.next()).toEqual({ done: false, value: 9 });
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
  });

  it('imap_unordered yields in the order the tasks ended (test_imap_unordered)', async () => {
    const t = pool();
    const values: unknown[] = [];
    const reading = (async () => {
      for await (const value of t.pool.imapUnordered('square', range(4))) values.push(value);
    })();
    for (const id of [3, 1, 4, 2]) t.runner.run(id, square);
    await reading;
    expect(values).toEqual([4, 0, 9, 1]);
  });

  it('imap with chunks flattens them and ends at a chunk\'s exception (Python\'s generator over chunks)', async () => {
    const t = pool();
    const iterator = t.pool.imap('square', range(6), 2);
    expect([iterator.mapId, iterator.taskIds]).toEqual([1, [1, 2, 3]]);
    expect(t.runner.tasks.map((task) => task.call.kind)).toEqual(['items', 'items', 'items']);
    t.runner.run(1, square);
    t.runner.fail(2, 'ValueError', 'in chunk 1');
    t.runner.run(3, square);
    expect(await iterator.next()).toEqual({ done: false, value: 0 });
    expect(await iterator.next()).toEqual({ done: false, value: 1 });
    await expect(iterator.next()).rejects.toMatchObject({ name: 'ValueError' });
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
  });

  it('imap next(timeout) raises TimeoutError when nothing came, and chunksize 0 is refused (test_imap chunksize)', async () => {
    const t = pool();
    expect(() => t.pool.imap('square', [1], 0)).toThrow(expect.objectContaining({ name: 'ValueError', message: 'Chunksize must be 1+, not 0' }));
    const iterator = t.pool.imap('square', [1]);
    const waiting = track(iterator.next(50));
    t.clock.advance(50);
    await flush();
    expect(waiting.error).toMatchObject({ name: 'TimeoutError' });
  });

  it('join before close raises "Pool is still running"; after close it returns once the workers ended (test_join, test_close)', async () => {
    const t = pool();
    await expect(t.pool.join()).rejects.toMatchObject({ name: 'ValueError', message: 'Pool is still running' });
    const result = t.pool.applyAsync('square', [3]);
    t.pool.close();
    expect(t.pool.state).toBe('closed');
    const joined = track(t.pool.join());
    await flush();
    expect(joined.settled).toBe(false);
    t.runner.run(1, square);
    await flush();
    expect(joined.value).toBe(true);
    expect(await result.get()).toBe(9);
  });

  it('join(timeout) answers false when the workers have not ended in time', async () => {
    const t = pool();
    t.pool.applyAsync('sleep', [1000]);
    t.pool.close();
    const joined = track(t.pool.join(200));
    t.clock.advance(200);
    await flush();
    expect(joined.value).toBe(false);
  });

  it('a closed or terminated pool refuses work with "Pool not running" (test_map_no_failfast, test_pool_worker_lifetime_early_close)', async () => {
    const t = pool();
    t.pool.close();
    expect(() => t.pool.applyAsync('square', [1])).toThrow(expect.objectContaining({ name: 'ValueError', message: 'Pool not running' }));
    await expect(t.pool.map('square', [1])).rejects.toMatchObject({ message: 'Pool not running' });
    expect(() => t.pool.imapUnordered('square', [1])).toThrow('Pool not running');
    expect(t.runner.tasks).toEqual([]);
  });

  it('terminate leaves unfinished results never ready, as Python (test_terminate)', async () => {
    const t = pool();
    const result = t.pool.applyAsync('sleep', [10_000]);
    t.runner.start(1);
    await t.pool.terminate();
    await flush();
    expect(t.pool.state).toBe('terminated');
    expect(result.ready()).toBe(false);
    expect(result.lost).toEqual([{ taskId: 1, reason: expect.stringContaining('terminated') }]);
    expect(await t.pool.join()).toBe(true);
    expect(() => t.pool.applyAsync('square', [1])).toThrow('Pool not running');
  });

  it('a task lost with its worker never becomes ready, and says why', async () => {
    const t = pool();
    const result = t.pool.applyAsync('sleep', [10_000]);
    t.runner.lose(1, -9);
    await flush();
    expect(result.ready()).toBe(false);
    expect(result.lost).toEqual([{ taskId: 1, reason: "worker p-1 ended (exit code -9) while running it: Python's Pool never returns this result" }]);
    const waiting = track(result.get(1000));
    t.clock.advance(1000);
    await flush();
    expect(waiting.error).toMatchObject({ name: 'TimeoutError' });
  });

  it('the lab\'s reject policy fails the task with the runner\'s reason', async () => {
    const t = pool();
    const result = t.pool.applyAsync('sleep', [10_000]);
    t.runner.reject(1, 'the worker running it ended (exit code -9)');
    await expect(result.get()).rejects.toMatchObject({ name: 'RuntimeError', message: 'the worker running it ended (exit code -9)' });
  });
});
