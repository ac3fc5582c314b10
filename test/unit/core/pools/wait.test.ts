import { describe, expect, it } from 'vitest';
import { ALL_COMPLETED, asCompleted, FIRST_COMPLETED, FIRST_EXCEPTION, wait } from '../../../../src/core/pools/wait';
import { executor } from './executor-harness';
import { flush, square, track } from './scripted-runner';

// Lib/test/test_concurrent_futures/test_wait.py and test_as_completed.py.

function three() {
  const t = executor('thread');
  const futures = [1, 2, 3].map((x) => t.executor.submit('square', [x]));
  return { ...t, futures, on: { clock: t.clock } };
}

describe('wait', () => {
  it('FIRST_COMPLETED returns once one future is done (test_first_completed)', async () => {
    const t = three();
    const waited = track(wait(t.futures, { returnWhen: FIRST_COMPLETED, ...t.on }));
    await flush();
    expect(waited.settled).toBe(false);
    t.runner.run(2, square);
    await flush();
    expect(waited.value).toEqual({ done: new Set([t.futures[1]]), notDone: new Set([t.futures[0], t.futures[2]]) });
  });

  it('FIRST_EXCEPTION returns at the first exception, not at a success (test_first_exception)', async () => {
    const t = three();
    const waited = track(wait(t.futures, { returnWhen: FIRST_EXCEPTION, ...t.on }));
    t.runner.run(1, square);
    await flush();
    expect(waited.settled).toBe(false);
    t.runner.fail(3, 'ValueError', 'no');
    await flush();
    expect(waited.value?.done).toEqual(new Set([t.futures[0], t.futures[2]]));
  });

  it('FIRST_EXCEPTION without an exception waits for all; a cancel is no exception (test_first_exception_some_already_complete)', async () => {
    const t = three();
    t.futures[0]!.cancel();
    const waited = track(wait(t.futures, { returnWhen: FIRST_EXCEPTION, ...t.on }));
    t.runner.run(2, square);
    await flush();
    expect(waited.settled).toBe(false);
    t.runner.run(3, square);
    await flush();
    expect(waited.value?.notDone).toEqual(new Set());
  });

  it('ALL_COMPLETED returns once every future is done or cancelled (test_all_completed)', async () => {
    const t = three();
    t.futures[2]!.cancel();
    const waited = track(wait(t.futures, { returnWhen: ALL_COMPLETED, ...t.on }));
    t.runner.fail(1, 'OSError', 'x');
    await flush();
    expect(waited.settled).toBe(false);
    t.runner.run(2, square);
    await flush();
    expect(waited.value?.done.size).toBe(3);
  });

  it('a timeout returns what is done by then (test_timeout)', async () => {
    const t = three();
    t.runner.run(1, square);
    await flush();
    const waited = track(wait(t.futures, { timeoutMs: 500, ...t.on }));
    t.clock.advance(500);
    await flush();
    expect(waited.value).toEqual({ done: new Set([t.futures[0]]), notDone: new Set([t.futures[1], t.futures[2]]) });
  });

  it('refuses an unknown condition as Python does', async () => {
    const t = three();
    await expect(wait(t.futures, { returnWhen: 'SOMETIMES' as typeof ALL_COMPLETED })).rejects.toMatchObject({ name: 'ValueError', message: "Invalid return condition: 'SOMETIMES'" });
  });
});

describe('asCompleted', () => {
  it('yields the done ones first, then each as it ends, duplicates once (test_no_timeout, test_duplicate_futures)', async () => {
    const t = three();
    t.runner.run(2, square);
    await flush();
    const order: number[] = [];
    const reading = (async () => {
      for await (const future of asCompleted([...t.futures, t.futures[0]!], t.on)) order.push(future.taskId);
    })();
    await flush();
    expect(order).toEqual([2]);
    t.runner.run(3, square);
    await flush();
    t.futures[0]!.cancel();
    await reading;
    expect(order).toEqual([2, 3, 1]);
  });

  it('raises TimeoutError "N (of M) futures unfinished" when time runs out (test_zero_timeout)', async () => {
    const t = three();
    t.runner.run(1, square);
    await flush();
    const seen: number[] = [];
    const reading = track((async () => {
      for await (const future of asCompleted(t.futures, { timeoutMs: 100, ...t.on })) seen.push(future.taskId);
    })());
    await flush();
    t.clock.advance(100);
    await flush();
    expect(seen).toEqual([1]);
    expect(reading.error).toMatchObject({ name: 'TimeoutError', message: '2 (of 3) futures unfinished' });
  });
});
