import { constants } from 'node:os';
import { systemClock } from '../../src/core/clock';
import type { PoolFactSink } from '../../src/core/pools/pool-fact-sink';
import { supervisedPoolWorkers, workerExitOf } from '../../src/core/pools/pool-workers';
import type { PoolRuntime, TaskCall, TaskOutcome } from '../../src/core/pools/runner-port';
import { routeTaskReports } from '../../src/core/pools/task-routes';
import { TaskRunner, type PoolRunState, type TaskRunnerOptions } from '../../src/core/pools/task-runner';
import { Controls } from '../../src/core/supervisor/control';
import type { ManagedWorker } from '../../src/core/supervisor/managed-worker';
import { shutdown } from '../../src/core/supervisor/shutdown';
import { Supervisor } from '../../src/core/supervisor/supervisor';
import { WorkerRouter } from '../../src/core/worker-router';
import { DEFAULT_CONFIG } from '../../src/shared/config';
import { DEFAULT_SHELL } from '../../src/shared/launch-plan';
import type { LabEventBody } from '../../src/shared/protocol';
import type { TaskStep } from '../../src/shared/task-steps';
import { BUILT_ENTRIES } from './lab-harness';

export interface RecordedStep {
  readonly id: number;
  readonly step: TaskStep;
  readonly slot: number | null;
  /** The worker in that slot when the step was told (null in the backlog). */
  readonly workerId: string | null;
  readonly fn?: string;
  readonly detail?: string;
}

/** A fact sink that keeps everything it is told, in order: what the Pools view would be drawn from. */
export class RecordingSink implements PoolFactSink {
  readonly steps: RecordedStep[] = [];
  readonly slots: { slot: number; workerId: string | null }[] = [];
  readonly backlogs: number[] = [];
  private readonly slotWorkers = new Map<number, string | null>();

  step(id: number, step: TaskStep, _t: number, slot: number | null, extra?: { readonly fn?: string; readonly detail?: string }): void {
    const workerId = slot === null ? null : (this.slotWorkers.get(slot) ?? null);
    this.steps.push({ id, step, slot, workerId, ...(extra?.fn === undefined ? {} : { fn: extra.fn }), ...(extra?.detail === undefined ? {} : { detail: extra.detail }) });
  }

  slot(slot: number, workerId: string | null): void {
    this.slotWorkers.set(slot, workerId);
    this.slots.push({ slot, workerId });
  }

  backlog(size: number): void {
    this.backlogs.push(size);
  }

  stepsOf(id: number): TaskStep[] {
    return this.steps.filter((each) => each.id === id).map((each) => each.step);
  }
}

export interface PoolUnderTest {
  readonly runner: TaskRunner;
  readonly facts: RecordingSink;
  readonly states: { state: PoolRunState; reason: string | null }[];
}

/**
 * A real Supervisor as the lab composes it (task-loop.test.ts's), with the WorkerRouter carrying task
 * reports to the runner whose worker sent them and the supervisor's onEnded to its workerEnded.
 */
export function poolLab(entries: { readonly thread: string; readonly process: string } = BUILT_ENTRIES) {
  const events: LabEventBody[] = [];
  const runners: TaskRunner[] = [];
  const runnerOf = (workerId: string) => runners.find((runner) => runner.hasWorker(workerId));
  const router = new WorkerRouter<ManagedWorker>((workerId, reason) => events.push({ type: 'worker.messageRejected', workerId, reason }));
  const supervisor: Supervisor = new Supervisor({
    clock: systemClock,
    emit: (event) => events.push(event),
    entries,
    config: () => DEFAULT_CONFIG,
    signalNumbers: { ...constants.signals },
    setpriv: null,
    shell: DEFAULT_SHELL,
    labEnvironment: {},
    claims: { claim: () => undefined, claimThread: () => undefined },
    onMessage: (worker, message) => router.route(worker, message),
    onRejected: (worker, raw, reason) => router.rejected(worker, raw, reason),
    onEnded: (workerId) => runnerOf(workerId)?.workerEnded(workerId, workerExitOf(supervisor, workerId)),
  });
  routeTaskReports(router, runnerOf);
  const controls = new Controls(supervisor, { descendantsOf: () => [] });
  const workers = supervisedPoolWorkers(supervisor);
  let pools = 0;

  return {
    supervisor,
    events,
    /** The supervisor's narrow port, as a runner gets it. */
    workers,
    /** A runner made by the test itself (with its own fact sink): its workers' reports and ends reach it. */
    adopt(runner: TaskRunner): void {
      runners.push(runner);
    },
    pool(options: Partial<Omit<TaskRunnerOptions, 'workers' | 'clock' | 'facts'>> & { runtime: PoolRuntime }): PoolUnderTest {
      const facts = new RecordingSink();
      const states: PoolUnderTest['states'] = [];
      pools += 1;
      const runner = new TaskRunner({
        pool: `p-${pools}`,
        size: 2,
        maxTasksPerChild: null,
        crash: 'lose',
        ...options,
        workers,
        clock: systemClock,
        facts,
        onState: (state, reason) => states.push({ state, reason }),
      });
      runners.push(runner);
      return { runner, facts, states };
    },
    /** The supervisor's Kill, as the person's Kill button sends it: SIGKILL, or a thread's terminate(). */
    kill(workerId: string) {
      const outcome = controls.kill([workerId]);
      if (!outcome.ok) throw new Error(outcome.error);
    },
    stop: () => shutdown({ supervisor, clock: systemClock, boundProcesses: () => [] }),
  };
}

export interface TaskUnderTest {
  readonly id: number;
  readonly outcome: Promise<TaskOutcome>;
  readonly sent: Promise<void>;
  readonly started: Promise<void>;
}

/** Submits a task and gives its id, its end, and when it left the backlog and started. */
export function submit(runner: TaskRunner, call: TaskCall): TaskUnderTest {
  let ended: (outcome: TaskOutcome) => void = () => undefined;
  let sent: () => void = () => undefined;
  let started: () => void = () => undefined;
  const outcome = new Promise<TaskOutcome>((resolve) => (ended = resolve));
  const sentPromise = new Promise<void>((resolve) => (sent = resolve));
  const startedPromise = new Promise<void>((resolve) => (started = resolve));
  const id = runner.submit(call, { onEnd: ended, onSent: sent, onStart: started });
  return { id, outcome, sent: sentPromise, started: startedPromise };
}

export const square = (x: number): TaskCall => ({ kind: 'call', fn: 'square', args: [x] });
export const sleep = (ms: number): TaskCall => ({ kind: 'call', fn: 'sleep', args: [ms] });
