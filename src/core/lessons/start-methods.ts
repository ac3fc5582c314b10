import type { CommandOutcome, LabCommand, LabEvent, LabEventBody } from '../../shared/protocol';
import { START_LESSON_RUNS, waitingStartRun, type StartLesson, type StartLessonRun } from '../../shared/start-lesson';
import type { StartSpec } from '../../shared/start-spec';
import type { Cancel, Clock } from '../clock';
import { LessonRecord } from './lesson-record';
import { StartRunWatch } from './start-run-watch';

type StartLessonCommand = Extract<LabCommand, { type: 'lesson.startMethods' }>;

export interface StartMethodsDeps {
  readonly clock: Clock;
  /** The lab's own start and kill: the runs are Python programs like any the user starts. */
  readonly start: (spec: StartSpec) => CommandOutcome;
  readonly kill: (workerIds: readonly string[]) => void;
  readonly emit: (event: LabEventBody) => void;
  /** resources/python/lessons/start_methods.py, resolved by the shell that hosts the core. */
  readonly script: string;
}

/** A run that takes longer than this is ended and said to have failed (a child that never comes, a machine too busy). */
export const START_RUN_LIMIT_MS = 120_000;
/** How long each child stays after it reported: long enough for the lab to read its memory (smaps_rollup, every 2 s). */
export const START_LESSON_HOLD_S = 3;

interface ActiveRun {
  readonly at: number;
  readonly watch: StartRunWatch;
  readonly limit: Cancel;
}

/**
 * The "fork vs spawn vs forkserver" lesson (start-lesson.ts): the lesson program once per run, one run after
 * the other (so that their children do not share the cores), each watched through the lab's own events
 * (start-run-watch.ts). Says where it stands with a `lesson.startMethods` event at each change.
 */
export class StartMethodsLesson {
  private readonly record: LessonRecord<StartLessonRun, StartLesson>;
  private active: ActiveRun | null = null;
  private made = 0;

  constructor(private readonly deps: StartMethodsDeps) {
    this.record = new LessonRecord((lesson) => deps.emit({ type: 'lesson.startMethods', lesson }));
  }

  run(command: StartLessonCommand): CommandOutcome {
    if (this.record.running) return { ok: false, error: 'the start methods lesson is running already: wait for it to end' };
    this.record.current = {
      id: `start-lesson-${++this.made}`,
      interpreter: command.interpreter,
      version: null,
      children: command.children,
      megabytes: command.megabytes,
      state: 'running',
      runs: START_LESSON_RUNS.map(waitingStartRun),
    };
    const started = this.startRun(0);
    if (!started.ok) this.record.finish('failed');
    return started;
  }

  /** Every event the lab emitted, in order (its own `lesson.startMethods` ones included, and ignored). */
  observe(events: readonly LabEvent[]): void {
    for (const event of events) {
      const active = this.active;
      if (active === null) return;
      if ((event.type === 'worker.exited' || event.type === 'worker.startFailed') && event.workerId === active.watch.workerId) {
        const error = event.type === 'worker.startFailed' ? `the interpreter did not start: ${event.reason}` : event.exitCode === 0 ? null : `the program exited with code ${event.exitCode}`;
        this.ended(active, error);
      } else if (active.watch.observe(event)) {
        if (this.record.current!.version === null && active.watch.helloVersion !== null) this.record.amend({ version: active.watch.helloVersion });
        this.record.update(active.at, active.watch.current());
      }
    }
  }

  private startRun(at: number): CommandOutcome {
    const lesson = this.record.current!;
    const run = START_LESSON_RUNS[at]!;
    const method = run === 'fork-with-thread' ? 'fork' : run;
    const outcome = this.deps.start({
      kind: 'python',
      script: this.deps.script,
      args: ['--method', method, '--children', String(lesson.children), '--megabytes', String(lesson.megabytes), '--hold', String(START_LESSON_HOLD_S), ...(run === 'fork-with-thread' ? ['--with-thread'] : [])],
      interpreter: lesson.interpreter,
      count: 1,
      namePrefix: `start-${run}`,
      daemon: false,
    });
    if (!outcome.ok) {
      this.record.update(at, { state: 'failed', error: outcome.error });
      return outcome;
    }
    const workerId = outcome.result.workerIds[0]!;
    const limit = this.deps.clock.setTimeout(() => {
      this.deps.kill([workerId]);
      if (this.active?.watch.workerId === workerId) this.ended(this.active, `it took longer than ${START_RUN_LIMIT_MS / 1000} s: ended (the machine is busy)`);
    }, START_RUN_LIMIT_MS);
    this.active = { at, watch: new StartRunWatch(workerId), limit };
    this.record.update(at, { state: 'running', workerId });
    return outcome;
  }

  private ended(active: ActiveRun, error: string | null): void {
    active.limit();
    this.active = null;
    this.record.update(active.at, { ...active.watch.current(), state: error === null ? 'done' : 'failed', error });
    this.record.next(active.at, error, (at) => this.startRun(at));
  }
}
