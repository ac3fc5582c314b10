import type { CommandOutcome } from '../../shared/protocol';

/** What every lesson of runs has: where it stands, and its runs in their order. */
interface RunsLesson<Run> {
  readonly state: 'running' | 'done' | 'failed';
  readonly runs: readonly Run[];
}

/**
 * A lesson's record, whatever the lesson (threads vs processes, the start methods): a new copy at each change,
 * told at once (`tell`: its event), and the rule both lessons follow when a run ends: a failed run fails the
 * lesson, else the next run starts, and after the last the lesson is done.
 */
export class LessonRecord<Run, Lesson extends RunsLesson<Run>> {
  current: Lesson | null = null;

  constructor(private readonly tell: (lesson: Lesson) => void) {}

  get running(): boolean {
    return this.current?.state === 'running';
  }

  /** A change of the lesson itself (its interpreter's version, say), not told until the next update. */
  amend(change: Partial<Lesson>): void {
    if (this.current !== null) this.current = { ...this.current, ...change };
  }

  update(at: number, change: Partial<Run>): void {
    if (this.current === null) return;
    const runs = this.current.runs.map((run, index) => (index === at ? { ...run, ...change } : run));
    this.current = { ...this.current, runs };
    this.tell(this.current);
  }

  finish(state: 'done' | 'failed'): void {
    if (this.current === null) return;
    this.current = { ...this.current, state };
    this.tell(this.current);
  }

  /** Run `at` ended (with `error`, or not): the lesson fails, starts the next run, or is done. */
  next(at: number, error: string | null, startRun: (at: number) => CommandOutcome): void {
    if (error !== null) return this.finish('failed');
    if (this.current !== null && at + 1 < this.current.runs.length) {
      if (!startRun(at + 1).ok) this.finish('failed');
      return;
    }
    this.finish('done');
  }
}
