import type { LabEventBody } from '../../shared/protocol';
import { HIST_BUCKETS, STEP_DETAIL_MAX_CHARS, type TaskCounts, type TaskStepFact } from '../../shared/pools';
import { EXPLAIN_STEPS_PER_SECOND, HIST_EDGES_MS, TASK_ENDS, type TaskEnd, type TaskStep } from '../../shared/task-steps';
import type { Clock } from '../clock';
import { ExplainSample } from './explain-sample';
import type { PoolFactSink } from './pool-fact-sink';

export type PoolFactEvent = Extract<LabEventBody, { type: 'pool.tasks' | 'pool.slot' }>;

export interface PoolFactsOptions {
  readonly pool: string;
  readonly clock: Clock;
  readonly emit: (event: PoolFactEvent) => void;
  /** Runs the batch's flush after this turn of the host's loop; setImmediate unless a test drives it. */
  readonly schedule?: (flush: () => void) => void;
  /** Explain mode's budget (steps a second); the contract's by default. */
  readonly stepsPerSecond?: number;
  /** The least time between two batches (ms); FLUSH_EVERY_MS by default. */
  readonly flushEveryMs?: number;
}

/**
 * A busy host turns its loop many thousand times a second, and a batch per turn would be as many events
 * for the reducer, the socket and the recording (whose budget they would fill in seconds). A batch waits
 * for the next turn, and at least this long after the one before: about a frame, so the page loses nothing
 * it could draw, and a pool makes at most ~60 batches a second however fast its tasks run.
 */
export const FLUSH_EVERY_MS = 16;

type StepExtra = Parameters<PoolFactSink['step']>[4];

const ENDS: ReadonlySet<TaskStep> = new Set<TaskStep>(TASK_ENDS);
const FN_MAX_CHARS = 64;

/**
 * One pool's facts, as the page gets them: every transition the runner and the facade tell is folded into
 * one `pool.tasks` event per turn of the host's loop (count and histogram deltas, what stands after the
 * batch, the steps explain mode keeps), so 30k tasks a second cost the reducer and the socket a few events
 * a turn, not one per step. A slot's new worker is told at once, after the batch before it.
 *
 * Memory is bounded by the pool's unfinished tasks: a task's submit and start times are dropped when it
 * ends, and explain mode's sample follows only tasks in flight (and a few thousand ended ones, for their
 * callbacks).
 */
export class PoolFacts implements PoolFactSink {
  /** Monotonic (the runner's times) to the lab's wall-clock time (events'), fixed once so steps stay in order. */
  private readonly wallOffset: number;
  private readonly schedule: (flush: () => void) => void;
  private readonly sample: ExplainSample;
  private readonly submittedAt = new Map<number, number>();
  private readonly running = new Map<number, { readonly at: number; readonly slot: number | null }>();
  /** Index 0 is slot 1: the task each slot's worker runs now. */
  private busy: (number | null)[] = [];
  /** The worker in each slot; the busy list is as long as the highest slot that has one. */
  private workers: (string | null)[] = [];
  private backlogSize = 0;
  private counts: TaskCounts = zeroCounts();
  private doneBySlot: number[] = [];
  private busyMsBySlot: number[] = [];
  private runHist: number[] = zeroHist();
  private waitHist: number[] = zeroHist();
  private steps: TaskStepFact[] = [];
  private skipped = 0;
  private dirty = false;
  private scheduled = false;
  private lastFlush = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: PoolFactsOptions) {
    this.wallOffset = options.clock.now() - options.clock.monotonic();
    this.schedule = options.schedule ?? ((flush) => void setImmediate(flush));
    this.sample = new ExplainSample(options.clock.monotonic(), options.stepsPerSecond);
  }

  step(taskId: number, step: TaskStep, t: number, slot: number | null, extra?: StepExtra): void {
    this.count(taskId, step, t, slot);
    const end = ENDS.has(step);
    if (this.sample.keeps(taskId, step, end, t)) {
      // A turn that spans seconds (a host that stalled) may refill the budget within it, past what one event
      // may carry: the batch goes now and the step starts the next one, so no task followed loses a step.
      if (this.steps.length >= EXPLAIN_STEPS_PER_SECOND) this.flush();
      this.steps.push(stepFact(taskId, step, t + this.wallOffset, slot, extra));
    } else this.skipped += 1;
    this.touch();
  }

  slot(slot: number, workerId: string | null): void {
    // What happened before the worker came (its predecessor's last task) reaches the page first.
    this.flush();
    while (this.workers.length < slot) this.workers.push(null);
    this.workers[slot - 1] = workerId;
    while (this.workers.length > 0 && this.workers.at(-1) === null) this.workers.pop();
    this.setBusy(slot, null);
    this.busy.length = Math.min(this.busy.length, this.workers.length);
    this.options.emit({ type: 'pool.slot', pool: this.options.pool, slot, workerId });
  }

  backlog(size: number): void {
    if (size === this.backlogSize) return;
    this.backlogSize = size;
    this.touch();
  }

  /**
   * Sends the batch now, if anything happened since the last: the registry calls it before it tells the
   * pool's state or deletion, so a page never sees a task step after the pool has gone.
   */
  flush(): void {
    if (!this.dirty) return;
    this.dirty = false;
    this.lastFlush = this.options.clock.monotonic();
    const event: PoolFactEvent = {
      type: 'pool.tasks',
      pool: this.options.pool,
      counts: this.counts,
      backlog: this.backlogSize,
      busy: [...this.busy],
      doneBySlot: this.doneBySlot,
      busyMsBySlot: this.busyMsBySlot,
      runHist: this.runHist,
      waitHist: this.waitHist,
      steps: this.steps,
      skipped: this.skipped,
    };
    this.counts = zeroCounts();
    this.doneBySlot = [];
    this.busyMsBySlot = [];
    this.runHist = zeroHist();
    this.waitHist = zeroHist();
    this.steps = [];
    this.skipped = 0;
    this.options.emit(event);
  }

  /** Tasks whose times are kept now (for tests of the bounds). */
  get tracked(): number {
    return this.submittedAt.size + this.running.size + this.sample.following;
  }

  private count(taskId: number, step: TaskStep, t: number, slot: number | null): void {
    switch (step) {
      case 'submitted':
        this.counts.submitted += 1;
        this.submittedAt.set(taskId, t);
        return;
      case 'queued':
      case 'sent':
        return;
      case 'running': {
        this.counts.started += 1;
        const submitted = this.submittedAt.get(taskId);
        if (submitted !== undefined) {
          this.waitHist[bucketOf(t - submitted)]! += 1;
          this.submittedAt.delete(taskId);
        }
        this.running.set(taskId, { at: t, slot });
        if (slot !== null) this.setBusy(slot, taskId);
        return;
      }
      case 'callback':
        this.counts.callbacks += 1;
        return;
      default:
        this.ended(taskId, step, t, slot);
    }
  }

  private ended(taskId: number, step: TaskEnd, t: number, slot: number | null): void {
    this.counts[step] += 1;
    this.submittedAt.delete(taskId);
    const run = this.running.get(taskId);
    if (run === undefined) return;
    this.running.delete(taskId);
    this.runHist[bucketOf(t - run.at)]! += 1;
    const on = slot ?? run.slot;
    if (on !== null) {
      while (this.busyMsBySlot.length < on) this.busyMsBySlot.push(0);
      this.busyMsBySlot[on - 1]! += t - run.at;
    }
    if (on !== null && (step === 'done' || step === 'failed')) {
      while (this.doneBySlot.length < on) this.doneBySlot.push(0);
      this.doneBySlot[on - 1]! += 1;
    }
    for (const where of [run.slot, slot]) {
      if (where !== null && this.busy[where - 1] === taskId) this.busy[where - 1] = null;
    }
  }

  /** No holes: a slot told before the ones below it (a start out of order) leaves them idle. */
  private setBusy(slot: number, taskId: number | null): void {
    while (this.busy.length < slot) this.busy.push(null);
    this.busy[slot - 1] = taskId;
  }

  private touch(): void {
    this.dirty = true;
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => {
      const wait = this.lastFlush + (this.options.flushEveryMs ?? FLUSH_EVERY_MS) - this.options.clock.monotonic();
      const send = () => {
        this.scheduled = false;
        this.flush();
      };
      if (wait > 0) this.options.clock.setTimeout(send, wait);
      else send();
    });
  }
}

/** The histogram bucket of a duration: the first edge it is below, or the last bucket (above every edge). */
export function bucketOf(ms: number): number {
  for (let index = 0; index < HIST_EDGES_MS.length; index++) if (ms < HIST_EDGES_MS[index]!) return index;
  return HIST_EDGES_MS.length;
}

function stepFact(id: number, step: TaskStep, t: number, slot: number | null, extra: StepExtra): TaskStepFact {
  const fact: { -readonly [K in keyof TaskStepFact]: TaskStepFact[K] } = { id, step, t, slot };
  if (extra?.fn !== undefined) fact.fn = cut(extra.fn, FN_MAX_CHARS);
  if (extra?.map !== undefined) fact.map = { mapId: extra.map.mapId, chunk: extra.map.chunk, items: extra.map.items };
  if (extra?.detail !== undefined) fact.detail = cut(extra.detail, STEP_DETAIL_MAX_CHARS);
  return fact;
}

const cut = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

const zeroCounts = (): TaskCounts => ({ submitted: 0, started: 0, done: 0, failed: 0, lost: 0, cancelled: 0, rejected: 0, callbacks: 0 });
const zeroHist = (): number[] => new Array<number>(HIST_BUCKETS).fill(0);
