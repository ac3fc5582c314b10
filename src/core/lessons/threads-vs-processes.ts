import { inferGil } from '../../shared/gil';
import type { LabState } from '../../shared/lab-state';
import { COMPARISON_MODES, waitingRun, type Comparison, type ComparisonRun } from '../../shared/lessons';
import type { CommandOutcome, LabCommand, LabEvent, LabEventBody } from '../../shared/protocol';
import type { ProcessSample } from '../../shared/samples';
import type { StartSpec } from '../../shared/start-spec';
import type { Cancel, Clock } from '../clock';
import { LessonRecord } from './lesson-record';
import { RunTally } from './run-tally';

type CompareCommand = Extract<LabCommand, { type: 'lesson.compare' }>;

export interface ThreadsVsProcessesDeps {
  readonly clock: Clock;
  /** The lab's own start and kill: the runs are Python programs like any the user starts. */
  readonly start: (spec: StartSpec) => CommandOutcome;
  readonly kill: (workerIds: readonly string[]) => void;
  readonly emit: (event: LabEventBody) => void;
  readonly state: () => LabState;
  /** resources/python/lessons/threads_vs_processes.py, resolved by the shell that hosts the core. */
  readonly script: string;
}

/** A run that takes longer than this is ended and said to have failed: the machine is too busy, or the count too big. */
export const RUN_LIMIT_MS = 180_000;

interface ActiveRun {
  readonly at: number;
  readonly workerId: string;
  readonly tally: RunTally;
  rootPid: number | null;
  helloAt: number | null;
  limit: Cancel;
}

/**
 * The "threads vs processes" comparison (lessons.ts): the lesson program with N threads, then with N
 * processes, one after the other so that they do not share the cores, each watched through the lab's own
 * samples (per-core load, the run's processes and threads) and the GIL inference. Fed every event the lab
 * emits; says where it stands with a `lesson.comparison` event at each step and sample.
 */
export class ThreadsVsProcesses {
  private readonly record: LessonRecord<ComparisonRun, Comparison>;
  private active: ActiveRun | null = null;
  private made = 0;

  constructor(private readonly deps: ThreadsVsProcessesDeps) {
    this.record = new LessonRecord((comparison) => deps.emit({ type: 'lesson.comparison', comparison }));
  }

  run(command: CompareCommand): CommandOutcome {
    if (this.record.running) return { ok: false, error: 'a comparison is running already: wait for it to end' };
    this.record.current = {
      id: `comparison-${++this.made}`,
      interpreter: command.interpreter,
      workers: command.workers,
      count: command.count,
      state: 'running',
      runs: COMPARISON_MODES.map(waitingRun),
    };
    const started = this.startRun(0);
    if (!started.ok) {
      this.record.finish('failed');
      return started;
    }
    return started;
  }

  /** Every event the lab emitted, in order (its own `lesson.comparison` ones included, and ignored). */
  observe(events: readonly LabEvent[]): void {
    for (const event of events) if (this.active !== null) this.observeOne(event, this.active);
  }

  private observeOne(event: LabEvent, active: ActiveRun): void {
    switch (event.type) {
      case 'python.process':
        if (event.workerId === active.workerId && active.rootPid === null) {
          active.rootPid = event.pid;
          active.helloAt = event.t;
          active.tally.addProcess(event.pid);
          this.record.update(active.at, { state: 'running' });
        }
        return;
      case 'metrics.cpu':
        if (active.helloAt !== null) active.tally.addCores(event.cores);
        return;
      case 'metrics.processes':
        if (active.rootPid !== null) this.sampled(active, event.processes);
        return;
      case 'worker.startFailed':
        if (event.workerId === active.workerId) this.ended(active, event.t, `the interpreter did not start: ${event.reason}`);
        return;
      case 'worker.exited':
        if (event.workerId === active.workerId) this.ended(active, event.t, event.exitCode === 0 ? null : `the program exited with code ${event.exitCode}`);
        return;
      default:
        return;
    }
  }

  private startRun(at: number): CommandOutcome {
    const comparison = this.record.current!;
    const mode = COMPARISON_MODES[at]!;
    const outcome = this.deps.start({
      kind: 'python',
      script: this.deps.script,
      args: ['--mode', mode, '--workers', String(comparison.workers), '--count', String(comparison.count)],
      interpreter: comparison.interpreter,
      count: 1,
      namePrefix: `compare-${mode}`,
      daemon: false,
    });
    if (!outcome.ok) {
      this.record.update(at, { state: 'failed', error: outcome.error });
      return outcome;
    }
    const workerId = outcome.result.workerIds[0]!;
    const limit = this.deps.clock.setTimeout(() => {
      this.deps.kill([workerId]);
      if (this.active?.workerId === workerId) this.ended(this.active, this.deps.clock.now(), `it took longer than ${RUN_LIMIT_MS / 1000} s: ended (the machine is busy, or the count too big)`);
    }, RUN_LIMIT_MS);
    this.active = { at, workerId, tally: new RunTally(), rootPid: null, helloAt: null, limit };
    this.record.update(at, { state: 'running', workerId });
    return outcome;
  }

  private sampled(active: ActiveRun, processes: readonly ProcessSample[]): void {
    const { tally } = active;
    // The run's processes: its root and whatever started below it since (multiprocessing's children).
    for (const sample of processes) if (tally.hasProcess(sample.ppid) && !tally.hasProcess(sample.pid)) tally.addProcess(sample.pid);
    const ours = processes.filter((sample) => tally.hasProcess(sample.pid));
    if (ours.length === 0) return;
    const bound = ours.some((sample) => inferGil(sample.threads)?.bound === true);
    const known = ours.some((sample) => inferGil(sample.threads) !== null);
    const mode = COMPARISON_MODES[active.at]!;
    const names = this.namesOf(ours, mode === 'threads' ? 'thread' : 'process');
    const units =
      mode === 'threads'
        ? (ours.find((sample) => sample.pid === active.rootPid)?.threads ?? []).map((thread) => ({ id: thread.tid, name: names.get(thread.tid) ?? thread.name, cpu: thread.cpu }))
        : ours.filter((sample) => sample.pid !== active.rootPid).map((sample) => ({ id: sample.pid, name: names.get(sample.pid) ?? sample.name, cpu: sample.cpu }));
    // How often the run was GIL-bound; each waiter's share is in the tree and the timeline.
    tally.addSample(
      ours.map((sample) => sample.cpu),
      units,
      known ? bound : null,
    );
    this.record.update(active.at, tally.figures());
  }

  /** Observed Python threads by TID, or processes by PID: "counter-1", as the program named them. */
  private namesOf(ours: readonly ProcessSample[], kind: 'thread' | 'process'): Map<number, string> {
    const pids = new Set(ours.map((sample) => sample.pid));
    const names = new Map<number, string>();
    for (const worker of Object.values(this.deps.state().workers)) {
      if (worker.method !== 'python' || worker.kind !== kind || worker.pid === null || !pids.has(worker.pid)) continue;
      if (kind === 'process') names.set(worker.pid, worker.name);
      else if (worker.tid !== null) names.set(worker.tid, worker.name);
    }
    return names;
  }

  private ended(active: ActiveRun, t: number, error: string | null): void {
    active.limit();
    this.active = null;
    const wallMs = active.helloAt === null ? null : Math.max(0, t - active.helloAt);
    this.record.update(active.at, { ...active.tally.figures(), state: error === null ? 'done' : 'failed', wallMs, error });
    this.record.next(active.at, error, (at) => this.startRun(at));
  }
}
