import type { LabEvent } from '../../shared/protocol';
import { START_LESSON_HELPERS, MAX_START_LESSON_CHILDREN, type StartLessonRun } from '../../shared/start-lesson';

/** The line start_methods.py prints at its top level: a child's copy of it is `__main__` imported again. */
const REIMPORTED = /top level of the main module, in pid \d+ \(__mp_main__\)/g;
/** CPython 3.12's warning for os.fork() in a multi-threaded process (Modules/posixmodule.c, warn_about_fork_with_threads). */
const FORK_WARNING = 'is multi-threaded, use of fork() may lead to deadlocks in the child';
/** An unfinished line kept from one output chunk to the next, at most. */
const LINE_TAIL_MAX = 4_096;
/** Processes of one run followed, at most: the program, its children, the forkserver, the resource tracker. */
const PROCESSES_MAX = MAX_START_LESSON_CHILDREN * 4 + 8;

type RunFigures = Pick<StartLessonRun, 'latencies' | 'childMemory' | 'reimports' | 'helpers' | 'forkedAmongThreads' | 'warned'>;

/**
 * What the lab's events said of one run of the lesson program: its processes (the program and all below it,
 * by their parent pids), its children's start latencies (`python.started`), their memory (smaps_rollup in the
 * process samples), the helpers among them, and in its output the main module's line printed again by a
 * child and the fork warning. Fed the run's events in order; bounded whatever the program does.
 */
export class StartRunWatch {
  private readonly pids = new Set<number>();
  private readonly children = new Set<number>();
  private rootPid: number | null = null;
  private version: string | null = null;
  private readonly figures: { -readonly [K in keyof RunFigures]: RunFigures[K] } = { latencies: [], childMemory: null, reimports: 0, helpers: [], forkedAmongThreads: null, warned: false };
  private stdoutTail = '';
  private stderrTail = '';

  constructor(readonly workerId: string) {}

  /** The program's hello: its version, once it said hello (null before). */
  get helloVersion(): string | null {
    return this.version;
  }

  /** One event; true when a figure changed. */
  observe(event: LabEvent): boolean {
    switch (event.type) {
      case 'python.process':
        if (event.workerId === this.workerId && this.rootPid === null) {
          this.rootPid = event.pid;
          this.version = event.version;
          this.pids.add(event.pid);
          return true;
        }
        if (!this.pids.has(event.pid)) return false;
        if ((START_LESSON_HELPERS as readonly string[]).includes(event.role)) {
          const helper = event.role as (typeof START_LESSON_HELPERS)[number];
          if (!this.figures.helpers.includes(helper)) this.figures.helpers = [...this.figures.helpers, helper];
          return true;
        }
        if (event.role !== 'main' && event.role !== 'subprocess') this.children.add(event.pid);
        return false;
      case 'worker.ready':
        // An observed process below the program (a thread's ready names its own process as its parent).
        if (event.tid === null && this.pids.has(event.ppid) && this.pids.size < PROCESSES_MAX) this.pids.add(event.pid);
        return false;
      case 'python.started':
        if (!this.pids.has(event.pid) || this.figures.latencies.length >= MAX_START_LESSON_CHILDREN * 4) return false;
        this.figures.latencies = [...this.figures.latencies, event.latencyMs];
        if (event.startMethod === 'fork' && event.parentThreads > 1) this.figures.forkedAmongThreads = Math.max(this.figures.forkedAmongThreads ?? 0, event.parentThreads);
        return true;
      case 'metrics.processes':
        return this.sampled(event.processes);
      case 'worker.output':
        return event.workerId === this.workerId && this.output(event.stream, event.text);
      default:
        return false;
    }
  }

  current(): RunFigures {
    return { ...this.figures };
  }

  private sampled(processes: Extract<LabEvent, { type: 'metrics.processes' }>['processes']): boolean {
    let changed = false;
    for (const sample of processes) {
      if (!this.children.has(sample.pid) || sample.memory === undefined) continue;
      const { rss, pss, shared } = sample.memory;
      if (this.figures.childMemory !== null && this.figures.childMemory.rss >= rss) continue;
      this.figures.childMemory = { rss, pss, shared };
      changed = true;
    }
    return changed;
  }

  /** Whole lines only: a line cut between two chunks is matched once it is whole. */
  private output(stream: 'stdout' | 'stderr', text: string): boolean {
    const joined = (stream === 'stdout' ? this.stdoutTail : this.stderrTail) + text;
    const cut = joined.lastIndexOf('\n');
    const whole = cut < 0 ? '' : joined.slice(0, cut);
    const tail = (cut < 0 ? joined : joined.slice(cut + 1)).slice(-LINE_TAIL_MAX);
    if (stream === 'stdout') {
      this.stdoutTail = tail;
      const found = whole.match(REIMPORTED)?.length ?? 0;
      this.figures.reimports += found;
      return found > 0;
    }
    this.stderrTail = tail;
    if (this.figures.warned || !whole.includes(FORK_WARNING)) return false;
    this.figures.warned = true;
    return true;
  }
}
