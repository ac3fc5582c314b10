import type { PoolFactSink } from '../../../../src/core/pools/pool-fact-sink';
import type { RunnerPort, TaskCall, TaskHandlers, TaskMeta, TaskOutcome } from '../../../../src/core/pools/runner-port';
import type { TaskStep } from '../../../../src/shared/task-steps';

/** Where a scripted task stands: in the host's backlog, sent to a worker, running, or ended. */
export type Place = 'backlog' | 'sent' | 'running' | 'ended';

export interface ScriptedTask {
  readonly id: number;
  readonly call: TaskCall;
  readonly handlers: TaskHandlers;
  readonly meta: TaskMeta | undefined;
  place: Place;
  outcome: TaskOutcome | null;
}

/**
 * A stand-in for the TaskRunner (the facades' neighbour) that a test drives step by step: nothing runs by
 * itself; the test sends, starts and ends each task, and the runner keeps the port's rules (cancel only in
 * the backlog, one onEnd per task, submit refused once closed, terminate rejects the unfinished).
 */
export class ScriptedRunner implements RunnerPort {
  readonly tasks: ScriptedTask[] = [];
  closed = false;
  terminated = false;
  private endedWaiters: (() => void)[] = [];

  constructor(readonly size = 2) {}

  submit(call: TaskCall, handlers: TaskHandlers, meta?: TaskMeta): number {
    if (this.closed || this.terminated) throw new Error('the runner is closed');
    const id = this.tasks.length + 1;
    this.tasks.push({ id, call, handlers, meta, place: 'backlog', outcome: null });
    return id;
  }

  cancel(taskId: number): boolean {
    const task = this.task(taskId);
    if (task.place !== 'backlog') return false;
    this.end(task, { kind: 'cancelled' });
    return true;
  }

  close(): void {
    this.closed = true;
    this.checkEnded();
  }

  terminate(): Promise<void> {
    this.terminated = true;
    for (const task of this.unfinished()) this.end(task, { kind: 'rejected', reason: 'the pool was terminated' });
    this.checkEnded();
    return Promise.resolve();
  }

  whenEnded(): Promise<void> {
    return new Promise((resolve) => {
      this.endedWaiters.push(resolve);
      this.checkEnded();
    });
  }

  task(taskId: number): ScriptedTask {
    const task = this.tasks[taskId - 1];
    if (task === undefined) throw new Error(`no task ${taskId}`);
    return task;
  }

  unfinished(): ScriptedTask[] {
    return this.tasks.filter((task) => task.place !== 'ended');
  }

  send(taskId: number): void {
    const task = this.task(taskId);
    if (task.place !== 'backlog') throw new Error(`task ${taskId} is ${task.place}, not in the backlog`);
    task.place = 'sent';
    task.handlers.onSent?.();
  }

  start(taskId: number): void {
    const task = this.task(taskId);
    if (task.place === 'backlog') this.send(taskId);
    task.place = 'running';
    task.handlers.onStart?.();
  }

  /** Ends the task with `value` (a chunk: the list of its values). */
  finish(taskId: number, value: unknown): void {
    this.running(taskId);
    this.end(this.task(taskId), { kind: 'result', value });
  }

  /** Ends the task with its value computed as a worker would: `fn` per call, a list for a chunk. */
  run(taskId: number, fn: (...args: readonly unknown[]) => unknown): void {
    const { call } = this.task(taskId);
    this.finish(taskId, call.kind === 'call' ? fn(...call.args) : call.kind === 'items' ? call.items.map((item) => fn(item)) : call.calls.map((args) => fn(...args)));
  }

  fail(taskId: number, type: string, message: string): void {
    this.running(taskId);
    this.end(this.task(taskId), { kind: 'error', error: { type, message } });
  }

  lose(taskId: number, exitCode = -9): void {
    this.running(taskId);
    this.end(this.task(taskId), { kind: 'lost', workerId: 'p-1', exitCode, terminated: false });
  }

  reject(taskId: number, reason: string): void {
    this.end(this.task(taskId), { kind: 'rejected', reason });
  }

  /** What the 'break' policy does after a crash: every unfinished task ends rejected. */
  breakPool(): void {
    const reason = 'BrokenProcessPool: A process in the process pool was terminated abruptly while the future was running or pending.';
    for (const task of this.unfinished()) this.end(task, { kind: 'rejected', reason });
    this.checkEnded();
  }

  private running(taskId: number): void {
    if (this.task(taskId).place !== 'running') this.start(taskId);
  }

  private end(task: ScriptedTask, outcome: TaskOutcome): void {
    if (task.place === 'ended') throw new Error(`task ${task.id} ended twice`);
    task.place = 'ended';
    task.outcome = outcome;
    task.handlers.onEnd(outcome);
    this.checkEnded();
  }

  private checkEnded(): void {
    if (!(this.terminated || (this.closed && this.unfinished().length === 0))) return;
    const waiters = this.endedWaiters;
    this.endedWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

export interface RecordedStep {
  readonly taskId: number;
  readonly step: TaskStep;
  readonly detail?: string;
}

/** The facts sink as a list of the steps told to it (the facades tell only 'callback'). */
export class RecordingSink implements PoolFactSink {
  readonly steps: RecordedStep[] = [];

  step(taskId: number, step: TaskStep, _t: number, _slot: number | null, extra?: { readonly detail?: string }): void {
    this.steps.push(extra?.detail === undefined ? { taskId, step } : { taskId, step, detail: extra.detail });
  }

  slot(): void {}

  backlog(): void {}
}

/** Lets the result handler (which starts on a microtask) and promise callbacks run. */
export const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A promise a test resolves when it wants: an async callback that takes as long as the test says. */
export function deferred(): { readonly promise: Promise<void>; readonly resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

/** Tracks whether a promise has settled, and how, without awaiting it. */
export function track<T>(promise: Promise<T>): { readonly settled: boolean; readonly value?: T; readonly error?: unknown } {
  const state: { settled: boolean; value?: T; error?: unknown } = { settled: false };
  promise.then(
    (value) => Object.assign(state, { settled: true, value }),
    (error: unknown) => Object.assign(state, { settled: true, error }),
  );
  return state;
}

export const square = (x: unknown): unknown => (x as number) * (x as number);
