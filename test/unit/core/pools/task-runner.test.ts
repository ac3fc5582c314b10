import { describe, expect, it } from 'vitest';
import type { PoolWorkers, PoolWorkerStart } from '../../../../src/core/pools/pool-workers';
import type { TaskOutcome } from '../../../../src/core/pools/runner-port';
import { routeTaskReports } from '../../../../src/core/pools/task-routes';
import { MAX_START_ATTEMPTS, START_RETRY_MS, TaskRunner, type TaskRunnerOptions } from '../../../../src/core/pools/task-runner';
import { WorkerRouter, type RoutedWorker } from '../../../../src/core/worker-router';
import type { HostMessage } from '../../../../src/shared/worker-wire';
import { RecordingSink } from '../../../support/pool-harness';
import { ManualClock } from '../sync/harness';

/**
 * A scripted stand-in for the supervisor (the runner's neighbour): starts answer as the script says, the
 * orders are kept, and a worker ends only when the test says so.
 */
class ScriptedWorkers implements PoolWorkers {
  stopping = false;
  refuse: string | null = null;
  readonly started: string[] = [];
  readonly stopped: string[] = [];
  readonly posted: { workerId: string; message: HostMessage }[] = [];
  /** Called inside start(), as a supervisor that cannot launch at all reports the end at once. */
  endAtOnce: ((workerId: string) => void) | null = null;
  private count = 0;

  start(): PoolWorkerStart {
    if (this.refuse !== null) return { ok: false, error: this.refuse };
    const workerId = `w${++this.count}`;
    this.started.push(workerId);
    this.endAtOnce?.(workerId);
    return { ok: true, workerId };
  }
  post(workerId: string, message: HostMessage): void {
    this.posted.push({ workerId, message });
  }
  stop(workerId: string): void {
    this.stopped.push(workerId);
  }
  kill(workerId: string): void {
    this.stopped.push(workerId);
  }
}

const flushMicrotasks = () => new Promise((resolve) => setImmediate(resolve));

function runnerWith(options: Partial<TaskRunnerOptions> = {}) {
  const workers = new ScriptedWorkers();
  const clock = new ManualClock();
  const facts = new RecordingSink();
  const states: string[] = [];
  const make = () =>
    new TaskRunner({ pool: 'p', runtime: 'thread', size: 1, maxTasksPerChild: null, crash: 'lose', workers, clock, facts, onState: (state, reason) => states.push(`${state}: ${reason}`), ...options });
  return { workers, clock, facts, states, make };
}

describe('a TaskRunner with a scripted supervisor', () => {
  it('retries a worker that fails to start, a bounded number of times, then the pool is broken with the failure as reason', async () => {
    const { workers, clock, states, make } = runnerWith();
    const runner = make();
    const outcomes: TaskOutcome[] = [];
    runner.submit({ kind: 'call', fn: 'square', args: [2] }, { onEnd: (outcome) => outcomes.push(outcome) });
    for (let attempt = 1; attempt <= MAX_START_ATTEMPTS; attempt += 1) {
      expect(workers.started).toHaveLength(attempt);
      runner.workerEnded(`w${attempt}`, { exitCode: null, startFailure: 'no entry file' });
      clock.advance(START_RETRY_MS);
    }
    expect(workers.started).toHaveLength(MAX_START_ATTEMPTS);
    expect(runner.state).toBe('broken');
    expect(runner.reason).toBe('a worker of the pool could not start: no entry file');
    expect(states).toEqual(['broken: a worker of the pool could not start: no entry file']);
    expect(outcomes).toEqual([{ kind: 'rejected', reason: 'a worker of the pool could not start: no entry file' }]);
    await runner.whenEnded();
  });

  it('a worker that ends inside the start call (before its id was known) counts as a failed start', () => {
    const { workers, make } = runnerWith();
    let runner: TaskRunner | null = null;
    workers.endAtOnce = (workerId) => runner?.workerEnded(workerId, { exitCode: null, startFailure: 'cannot launch' });
    runner = make();
    // The constructor's start went before `runner` was set; the next starts end at once and are counted.
    runner.resize(2);
    runner.resize(3);
    expect(runner.slotViews.map((slot) => slot.workerId)).toEqual(['w1', null, null]);
  });

  it('when the lab is stopping, a start refused ends the pool: no retry, every task rejected', async () => {
    const { workers, clock, facts, make } = runnerWith({ size: 2 });
    const runner = make();
    const outcomes: TaskOutcome[] = [];
    runner.report('w1', { type: 'task.serving' });
    runner.submit({ kind: 'call', fn: 'sleep', args: [1000] }, { onEnd: (outcome) => outcomes.push(outcome) });
    await flushMicrotasks();
    workers.stopping = true;
    workers.refuse = 'the lab is stopping; no new workers start';
    runner.workerEnded('w1', { exitCode: -9, startFailure: null });
    runner.workerEnded('w2', { exitCode: -9, startFailure: null });
    clock.advance(10 * START_RETRY_MS);
    await runner.whenEnded();
    expect(workers.started).toEqual(['w1', 'w2']);
    expect(runner.state).toBe('ended');
    expect(outcomes).toEqual([{ kind: 'rejected', reason: 'the lab is stopping: the pool ended before the task did' }]);
    expect(facts.slots).toEqual([
      { slot: 1, workerId: 'w1' },
      { slot: 2, workerId: 'w2' },
    ]);
  });

  it('refuses, in words, reports of tasks a worker was not sent or out of their order', async () => {
    const { workers, make } = runnerWith();
    const runner = make();
    const refusals: string[] = [];
    const router = new WorkerRouter<RoutedWorker>((_workerId, reason) => refusals.push(reason));
    routeTaskReports(router, (workerId) => (runner.hasWorker(workerId) ? runner : undefined));
    const worker = (id: string): RoutedWorker => ({ descriptor: { id, kind: 'thread', ipc: true } as RoutedWorker['descriptor'], launched: null });
    router.route(worker('w1'), { type: 'task.serving' });
    runner.submit({ kind: 'call', fn: 'square', args: [2] }, { onEnd: () => undefined });
    runner.submit({ kind: 'call', fn: 'square', args: [3] }, { onEnd: () => undefined });
    await flushMicrotasks();
    expect(workers.posted).toEqual([{ workerId: 'w1', message: { type: 'task.run', taskId: 1, fn: 'square', args: [2] } }]);
    router.route(worker('w1'), { type: 'task.result', taskId: 1, value: 4 });
    router.route(worker('w1'), { type: 'task.started', taskId: 9 });
    router.route(worker('w9'), { type: 'task.started', taskId: 1 });
    router.route(worker('w1'), { type: 'task.reports', reports: [{ type: 'task.started', taskId: 1 }, { type: 'task.started', taskId: 1 }, { type: 'task.cancelled', taskId: 1 }] });
    router.route(worker('w1'), { type: 'task.serving' });
    expect(refusals).toEqual([
      'task 1 ended on worker w1 before it started',
      'task 9 was not sent to worker w1',
      'worker w9 is not a pool\'s worker: its task.started is not heard',
      'task 1 cannot start now: worker w1 runs its tasks in the order sent (and 1 more reports of this batch)',
      'worker w1 said twice that it serves tasks',
    ]);
  });

  it('holds one task per worker until tasks are seen to run short, then prefetches', async () => {
    const { workers, make } = runnerWith();
    const runner = make();
    runner.report('w1', { type: 'task.serving' });
    for (let x = 1; x <= 5; x += 1) runner.submit({ kind: 'call', fn: 'square', args: [x] }, { onEnd: () => undefined });
    await flushMicrotasks();
    expect(workers.posted.map((each) => each.message)).toEqual([{ type: 'task.run', taskId: 1, fn: 'square', args: [1] }]);
    runner.report('w1', { type: 'task.started', taskId: 1 });
    runner.report('w1', { type: 'task.result', taskId: 1, value: 1 });
    await flushMicrotasks();
    // Ran in no time: the rest go together, in one message.
    expect(workers.posted.at(-1)?.message).toMatchObject({ type: 'task.orders', orders: [{ taskId: 2 }, { taskId: 3 }, { taskId: 4 }, { taskId: 5 }] });
    expect(runner.backlogLength).toBe(0);
  });
});
