import { describe, expect, it } from 'vitest';
import { executor } from './executor-harness';
import { deferred, flush, square, track } from './scripted-runner';

// Lib/test/test_concurrent_futures/test_future.py (FutureTests), through an executor's futures.

describe.each(['thread', 'process'] as const)('Future of a %s executor', (kind) => {
  it('is pending, then running once sent to a worker, then done with its result (test_repr, test_running)', async () => {
    const t = executor(kind);
    const future = t.executor.submit('square', [6]);
    expect([future.running(), future.done(), future.cancelled()]).toEqual([false, false, false]);
    t.runner.send(1);
    expect(future.running()).toBe(true);
    expect(future.toString()).toBe('<Future task 1 state=running>');
    t.runner.run(1, square);
    expect(await future.result()).toBe(36);
    expect([future.running(), future.done()]).toEqual([false, true]);
    expect(await future.exception()).toBeNull();
  });

  it('cancel succeeds only while pending; cancelled then raises CancelledError (test_cancel)', async () => {
    const t = executor(kind);
    const pending = t.executor.submit('sleep', [100]);
    const sent = t.executor.submit('sleep', [100]);
    t.runner.send(2);
    expect(pending.cancel()).toBe(true);
    expect(pending.cancel()).toBe(true);
    expect([pending.cancelled(), pending.done(), pending.running()]).toEqual([true, true, false]);
    expect(t.runner.task(1).outcome).toEqual({ kind: 'cancelled' });
    // Sent to a worker is Python's call queue: running for cancel (even if the worker has not started it).
    expect(sent.cancel()).toBe(false);
    expect(sent.cancelled()).toBe(false);
    t.runner.finish(2, null);
    await flush();
    expect(sent.cancel()).toBe(false);
    await expect(pending.result()).rejects.toMatchObject({ name: 'CancelledError' });
    await expect(pending.exception()).rejects.toMatchObject({ name: 'CancelledError' });
  });

  it('result(timeout) and exception(timeout) raise TimeoutError while it runs (test_result_with_timeout)', async () => {
    const t = executor(kind);
    const future = t.executor.submit('sleep', [1000]);
    const result = track(future.result(100));
    const exception = track(future.exception(0));
    t.clock.advance(100);
    await flush();
    expect(result.error).toMatchObject({ name: 'TimeoutError' });
    expect(exception.error).toMatchObject({ name: 'TimeoutError' });
  });

  it('a failed call raises its exception from result() and returns it from exception() (test_exception_with_success)', async () => {
    const t = executor(kind);
    const future = t.executor.submit('fail', ['x']);
    t.runner.fail(1, 'OSError', 'x');
    await expect(future.result()).rejects.toMatchObject({ name: 'OSError', message: 'x' });
    expect((await future.exception())?.describe()).toBe('OSError: x');
  });

  it('done callbacks run once done, in the order added, and at once when added after (test_done_callback_*)', async () => {
    const t = executor(kind);
    const future = t.executor.submit('square', [2]);
    const seen: string[] = [];
    future.addDoneCallback((done) => void seen.push(`first ${done.done()}`));
    future.addDoneCallback(() => void seen.push('second'));
    t.runner.run(1, square);
    await future.result();
    await flush();
    expect(seen).toEqual(['first true', 'second']);
    future.addDoneCallback(() => void seen.push('late'));
    expect(seen).toEqual(['first true', 'second', 'late']);
    expect(t.sink.steps).toEqual([
      { taskId: 1, step: 'callback' },
      { taskId: 1, step: 'callback' },
    ]);
  });

  it('a done callback that raises is logged, and the next one still runs (test_done_callback_raises)', async () => {
    const t = executor(kind);
    const future = t.executor.submit('square', [2]);
    const seen: string[] = [];
    future.addDoneCallback(() => {
      throw new Error('doh!');
    });
    future.addDoneCallback(() => void seen.push('after'));
    t.runner.run(1, square);
    await flush();
    expect(seen).toEqual(['after']);
    expect(t.logged).toEqual(['exception calling callback for <Future task 1 state=finished>: Error: doh!']);
  });

  it('cancel runs the done callbacks (test_done_callback_with_cancel)', () => {
    const t = executor(kind);
    const future = t.executor.submit('square', [2]);
    const seen: boolean[] = [];
    future.addDoneCallback((done) => void seen.push(done.cancelled()));
    future.cancel();
    expect(seen).toEqual([true]);
  });

  it('a task lost with its worker leaves the future running for ever, and says why', async () => {
    const t = executor(kind, 'lose');
    const future = t.executor.submit('sleep', [10_000]);
    t.runner.lose(1, 1);
    await flush();
    expect([future.running(), future.done()]).toEqual([true, false]);
    expect(future.lost).toBe('worker p-1 ended (exit code 1) while running it: this future never finishes');
  });
});

describe('ProcessPoolExecutor futures', () => {
  it('settle one at a time on the manager\'s turn: a slow done callback holds up the next future', async () => {
    const t = executor('process');
    const slow = deferred();
    const first = t.executor.submit('square', [1]);
    const second = t.executor.submit('square', [2]);
    first.addDoneCallback(() => slow.promise);
    t.runner.run(1, square);
    t.runner.run(2, square);
    await flush();
    expect([first.done(), second.done()]).toEqual([true, false]);
    slow.resolve();
    await flush();
    expect(second.done()).toBe(true);
  });
});

describe('ThreadPoolExecutor futures', () => {
  it('settle each on its own: a slow done callback holds up no other future', async () => {
    const t = executor('thread');
    const slow = deferred();
    const first = t.executor.submit('square', [1]);
    const second = t.executor.submit('square', [2]);
    first.addDoneCallback(() => slow.promise);
    t.runner.run(1, square);
    t.runner.run(2, square);
    await flush();
    expect([first.done(), second.done()]).toEqual([true, true]);
    slow.resolve();
  });
});
