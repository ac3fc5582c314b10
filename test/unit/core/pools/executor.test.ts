import { describe, expect, it } from 'vitest';
import { executor } from './executor-harness';
import { flush, square, track } from './scripted-runner';

// Lib/test/test_concurrent_futures/: test_executor.py (map), test_shutdown.py, test_process_pool.py.

async function collect(values: AsyncIterable<unknown>): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const value of values) out.push(value);
  return out;
}

describe.each(['thread', 'process'] as const)('%s executor', (kind) => {
  it('map submits every call at once and yields in order, zipping the iterables (test_map)', async () => {
    const t = executor(kind);
    const values = t.executor.map('pow', [[2, 3, 4], [10, 2]]);
    expect(t.runner.tasks.map((task) => task.call)).toEqual([
      { kind: 'call', fn: 'pow', args: [2, 10] },
      { kind: 'call', fn: 'pow', args: [3, 2] },
    ]);
    t.runner.run(2, (a, b) => (a as number) ** (b as number));
    t.runner.run(1, (a, b) => (a as number) ** (b as number));
    expect(await collect(values)).toEqual([1024, 9]);
  });

  it('map raises a call\'s exception where its value would be, and cancels the calls not started (test_map_exception)', async () => {
    const t = executor(kind);
    const values = t.executor.map('square', [[1, 2, 3]]);
    t.runner.run(1, square);
    t.runner.fail(2, 'ZeroDivisionError', 'division by zero');
    expect(await values.next()).toEqual({ done: false, value: 1 });
    await expect(values.next()).rejects.toMatchObject({ name: 'ZeroDivisionError' });
    expect(t.runner.task(3).outcome).toEqual({ kind: 'cancelled' });
  });

  it('map\'s timeout counts from the call and raises TimeoutError (test_map_timeout)', async () => {
    const t = executor(kind);
    const values = t.executor.map('sleep', [[0, 0, 5000]], { timeoutMs: 1000 });
    t.runner.finish(1, null);
    t.runner.finish(2, null);
    const read = track(collect(values));
    await flush();
    t.clock.advance(1000);
    await flush();
    expect(read.error).toMatchObject({ name: 'TimeoutError' });
  });

  it('after shutdown, submit raises "cannot schedule new futures after shutdown" (test_run_after_shutdown)', async () => {
    const t = executor(kind);
    await t.executor.shutdown({ wait: false });
    expect(() => t.executor.submit('square', [1])).toThrow(expect.objectContaining({ name: 'RuntimeError', message: 'cannot schedule new futures after shutdown' }));
    expect(t.runner.closed).toBe(true);
  });

  it('shutdown(wait) returns once the workers have ended, after the running work (test_shutdown wait)', async () => {
    const t = executor(kind);
    const future = t.executor.submit('sleep', [100]);
    const shut = track(t.executor.shutdown());
    await flush();
    expect(shut.settled).toBe(false);
    t.runner.finish(1, 'slept');
    await flush();
    expect(shut.settled).toBe(true);
    expect(await future.result()).toBe('slept');
  });

  it('shutdown(cancelFutures) cancels what waits and lets what runs finish (test_cancel_futures)', async () => {
    const t = executor(kind);
    const futures = [1, 2, 3, 4].map((x) => t.executor.submit('sleep', [x]));
    t.runner.send(1);
    t.runner.send(2);
    const shut = t.executor.shutdown({ cancelFutures: true });
    expect(futures.map((future) => future.cancelled())).toEqual([false, false, true, true]);
    t.runner.finish(1, 1);
    t.runner.finish(2, 2);
    await shut;
    expect(await Promise.all(futures.slice(0, 2).map((future) => future.result()))).toEqual([1, 2]);
  });
});

describe('ProcessPoolExecutor', () => {
  it('map with a chunksize sends chunks and flattens their lists (test_map chunksize)', async () => {
    const t = executor('process');
    const values = t.executor.map('square', [[1, 2, 3, 4, 5]], { chunksize: 2 });
    expect(t.runner.tasks.map((task) => [task.call, task.meta])).toEqual([
      [{ kind: 'chunk', fn: 'square', calls: [[1], [2]] }, { map: { mapId: 1, chunk: 0, items: 2 } }],
      [{ kind: 'chunk', fn: 'square', calls: [[3], [4]] }, { map: { mapId: 1, chunk: 1, items: 2 } }],
      [{ kind: 'chunk', fn: 'square', calls: [[5]] }, { map: { mapId: 1, chunk: 2, items: 1 } }],
    ]);
    for (const id of [3, 1, 2]) t.runner.run(id, square);
    expect(await collect(values)).toEqual([1, 4, 9, 16, 25]);
    expect(() => t.executor.map('square', [[1]], { chunksize: 0 })).toThrow('chunksize must be >= 1.');
  });

  it('a crash breaks it: every pending future raises BrokenProcessPool, then submit does (test_killed_child)', async () => {
    const t = executor('process', 'break');
    const futures = [1, 2, 3].map((x) => t.executor.submit('sleep', [x]));
    t.runner.run(1, () => 'ok');
    t.runner.start(2);
    t.runner.breakPool();
    expect(() => t.executor.submit('square', [1])).toThrow(expect.objectContaining({ name: 'BrokenProcessPool' }));
    await flush();
    expect(await futures[0]!.result()).toBe('ok');
    for (const future of futures.slice(1)) {
      await expect(future.result()).rejects.toMatchObject({
        name: 'BrokenProcessPool',
        message: 'A process in the process pool was terminated abruptly while the future was running or pending.',
      });
    }
    expect(t.executor.broken).toBe('A child process terminated abruptly, the process pool is not usable anymore');
    expect(() => t.executor.submit('square', [1])).toThrow(expect.objectContaining({ name: 'BrokenProcessPool', message: t.executor.broken }));
  });

  it('under the lab\'s reject policy a crash fails only its task, and the executor goes on', async () => {
    const t = executor('process', 'reject');
    const crashed = t.executor.submit('sleep', [1]);
    t.runner.reject(1, 'the worker running it ended (exit code -9)');
    await expect(crashed.result()).rejects.toMatchObject({ name: 'RuntimeError', message: 'the worker running it ended (exit code -9)' });
    expect(t.executor.broken).toBeNull();
    const next = t.executor.submit('square', [3]);
    t.runner.run(2, square);
    expect(await next.result()).toBe(9);
  });
});

describe('ThreadPoolExecutor', () => {
  it('ignores map\'s chunksize, as Python\'s does: one task per call', () => {
    const t = executor('thread');
    void t.executor.map('square', [[1, 2, 3]], { chunksize: 2 });
    expect(t.runner.tasks.map((task) => task.call.kind)).toEqual(['call', 'call', 'call']);
  });
});
