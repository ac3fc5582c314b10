import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/clock';
import { ProcessPoolExecutor, ThreadPoolExecutor, type ExecutorOptions } from '../../../src/core/pools/executor';
import { Pool } from '../../../src/core/pools/pool';
import { PoolFacts } from '../../../src/core/pools/pool-facts';
import type { CrashPolicy, PoolRuntime } from '../../../src/core/pools/runner-port';
import { TaskRunner } from '../../../src/core/pools/task-runner';
import { asCompleted } from '../../../src/core/pools/wait';
import { poolLab } from '../../support/pool-harness';
import { waitFor } from '../../support/wait';

// The facades over the real TaskRunner and real workers: what the lab composes, without its commands.

let lab: ReturnType<typeof poolLab> | null = null;
afterEach(async () => {
  await lab?.stop();
  lab = null;
});

/** A supervisor whose pool workers' reports reach their runner, as lab.ts wires them (pool-harness.ts), with the page's fact sink. */
function poolHost() {
  const made = poolLab();
  lab = made;
  const { events, workers } = made;
  const runner = (name: string, runtime: PoolRuntime, crash: CrashPolicy, size = 2) => {
    const facts = new PoolFacts({ pool: name, clock: systemClock, emit: (event) => events.push(event) });
    const adopted = new TaskRunner({ pool: name, runtime, size, maxTasksPerChild: null, crash, workers, clock: systemClock, facts });
    made.adopt(adopted);
    return { runner: adopted, facts };
  };
  return { events, workers, runner };
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('Python\'s facades over the TaskRunner and real workers', () => {
  it.each(['thread', 'process'] as const)('a %s Pool maps, imaps and applies with callbacks, then closes and joins', async (runtime) => {
    const host = poolHost();
    const { runner, facts } = host.runner('p', runtime, 'lose');
    const pool = new Pool({ runner, facts, clock: systemClock });
    expect(await pool.map('square', range(100))).toEqual(range(100).map((x) => x * x));
    expect(await pool.starmap('square', [[3], [4]])).toEqual([9, 16]);
    const unordered: unknown[] = [];
    for await (const value of pool.imapUnordered('square', range(10))) unordered.push(value);
    expect([...unordered].sort((a, b) => (a as number) - (b as number))).toEqual(range(10).map((x) => x * x));
    const called: unknown[] = [];
    const results = [1, 2, 3].map((x) => pool.applyAsync('square', [x], { callback: (value) => void called.push(value) }));
    const failing = pool.applyAsync('fail', ['no such account', 'KeyError']);
    expect(await Promise.all(results.map((result) => result.get(20_000)))).toEqual([1, 4, 9]);
    await expect(failing.get(20_000)).rejects.toMatchObject({ name: 'KeyError', message: 'no such account' });
    expect([...called].sort()).toEqual([1, 4, 9]);
    await expect(pool.join()).rejects.toMatchObject({ message: 'Pool is still running' });
    pool.close();
    expect(await pool.join(20_000)).toBe(true);
    expect(runner.state).toBe('ended');
    expect(() => pool.applyAsync('square', [1])).toThrow('Pool not running');
    // Nothing a worker reported was refused, a worker retired by close() while it booted included (it says
    // it serves on its way out).
    const refused = host.events.filter((event) => event.type === 'worker.messageRejected');
    expect(refused).toEqual([]);
  });

  it('a process Pool whose worker is killed mid-task never delivers that result, says why, and runs the rest', async () => {
    const host = poolHost();
    const { runner, facts } = host.runner('q', 'process', 'lose');
    const pool = new Pool({ runner, facts, clock: systemClock });
    const doomed = pool.applyAsync('sleep', [30_000]);
    const victim = await waitFor('the sleep running on a worker', () => runner.slotViews.find((slot) => slot.taskId !== null)?.workerId, 20_000);
    host.workers.kill(victim);
    await waitFor('the task lost', () => doomed.lost.length > 0, 20_000);
    expect(doomed.lost).toEqual([{ taskId: doomed.taskIds[0], reason: expect.stringMatching(/^worker \S+ ended \(exit code -9\) while running it/) }]);
    await expect(doomed.get(200)).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(doomed.ready()).toBe(false);
    expect(await pool.map('square', range(8))).toEqual(range(8).map((x) => x * x));
    pool.close();
    expect(await pool.join(20_000)).toBe(true);
  });

  it('a ThreadPoolExecutor runs futures, cancels one still in the backlog, and shuts down', async () => {
    const host = poolHost();
    const { runner, facts } = host.runner('t', 'thread', 'lose', 1);
    const executor = new ThreadPoolExecutor({ runner, facts, clock: systemClock, crash: 'lose' });
    const long = executor.submit('sleep', [300]);
    // The worker may hold the next task (prefetched: running, for cancel); the one after waits in the backlog.
    const held = executor.submit('square', [6]);
    const waiting = executor.submit('square', [7]);
    await waitFor('the long task running', () => long.running(), 20_000);
    expect(waiting.cancel()).toBe(true);
    expect(waiting.cancelled()).toBe(true);
    const values: unknown[] = [];
    for await (const value of executor.map('square', [[1, 2, 3]], { timeoutMs: 20_000 })) values.push(value);
    expect(values).toEqual([1, 4, 9]);
    expect(await long.result(20_000)).toBeNull();
    expect(await held.result(20_000)).toBe(36);
    await expect(waiting.result()).rejects.toMatchObject({ name: 'CancelledError' });
    await executor.shutdown();
    expect(runner.state).toBe('ended');
    expect(() => executor.submit('square', [1])).toThrow('cannot schedule new futures after shutdown');
  });

  it('a ProcessPoolExecutor maps in chunks, then breaks when a worker is killed mid-task: BrokenProcessPool for every pending future', async () => {
    const host = poolHost();
    const { runner, facts } = host.runner('x', 'process', 'break');
    const options: ExecutorOptions = { runner, facts, clock: systemClock, crash: 'break' };
    const executor = new ProcessPoolExecutor(options);
    const values: unknown[] = [];
    for await (const value of executor.map('square', [range(10)], { chunksize: 3 })) values.push(value);
    expect(values).toEqual(range(10).map((x) => x * x));
    const quick = [1, 2].map((x) => executor.submit('square', [x]));
    const seen: number[] = [];
    for await (const future of asCompleted(quick, { timeoutMs: 20_000 })) seen.push((await future.result()) as number);
    expect(seen.sort()).toEqual([1, 4]);

    const pending = range(4).map(() => executor.submit('sleep', [30_000]));
    const victim = await waitFor('a sleep running on a worker', () => runner.slotViews.find((slot) => slot.taskId !== null)?.workerId, 20_000);
    host.workers.kill(victim);
    for (const future of pending) {
      await expect(future.result(20_000)).rejects.toMatchObject({
        name: 'BrokenProcessPool',
        message: 'A process in the process pool was terminated abruptly while the future was running or pending.',
      });
    }
    expect(executor.broken).toBe('A child process terminated abruptly, the process pool is not usable anymore');
    expect(() => executor.submit('square', [1])).toThrow(expect.objectContaining({ name: 'BrokenProcessPool' }));
    await runner.whenEnded();
    expect(runner.state).toBe('broken');
  });
});
