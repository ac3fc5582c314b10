import { KeepRate } from '../../shared/keep-rate';
import { POOL_TASKS_KEPT } from '../../shared/pool-states';
import { EXPLAIN_STEPS_PER_SECOND, type TaskStep } from '../../shared/task-steps';

/**
 * Which tasks explain mode keeps in full: whole tasks, not every n-th step, so that a task it lists has
 * every step from submitted to callback and a task it does not is merely counted. A task is taken at its
 * first step while the pool's budget (EXPLAIN_STEPS_PER_SECOND, a token bucket) has room for a whole task's
 * steps; each step it keeps is paid from the budget, so a pool keeps that many steps a second on average
 * however fast its tasks run (30k tasks/s: a few hundred tasks a second in full, the rest counted).
 *
 * A task is taken only at 'submitted', and only while fewer than POOL_TASKS_KEPT taken tasks are in flight:
 * the page lists that many, so every task followed has a row to reach (a map of 1,000 chunks is followed for
 * its first 300, whole, not for all 1,000, of which the page would keep the last 300 and then meet the first
 * ones' later steps without their start).
 */

/** A task's steps when nothing goes wrong: submitted, queued, sent, running, its end, its callback. */
const STEPS_PER_TASK = 6;
/**
 * Ended tasks remembered for their callback step, which may come well after the end (callbacks run one at
 * a time in the parent, and a slow one holds up the rest). Older ones' callbacks are counted, not kept.
 */
const ENDED_REMEMBERED = 4_096;

export class ExplainSample {
  private readonly budget: KeepRate;
  /** Tasks taken and not ended yet: bounded by the pool's unfinished tasks. */
  private readonly open = new Set<number>();
  /** Tasks taken that ended, oldest first (a Set keeps insertion order). */
  private readonly ended = new Set<number>();
  /** Tasks seen and not taken, until they end: so a later step cannot take a task whose first steps were dropped. */
  private readonly passed = new Set<number>();

  constructor(nowMs: number, perSecond = EXPLAIN_STEPS_PER_SECOND) {
    this.budget = new KeepRate(perSecond, perSecond, nowMs);
  }

  /** True when this step of `taskId` is kept in full; false: it is counted as skipped. */
  keeps(taskId: number, step: TaskStep, end: boolean, nowMs: number): boolean {
    if (step === 'callback') return this.keepsCallback(taskId, nowMs);
    if (this.open.has(taskId)) {
      if (end) this.close(taskId);
      this.budget.spend(1, nowMs);
      return true;
    }
    if (this.passed.has(taskId)) {
      if (end) this.passed.delete(taskId);
      return false;
    }
    if (step !== 'submitted' || this.open.size >= POOL_TASKS_KEPT || this.budget.available(nowMs) < STEPS_PER_TASK) {
      if (!end) this.passed.add(taskId);
      return false;
    }
    if (end) this.close(taskId);
    else this.open.add(taskId);
    this.budget.spend(1, nowMs);
    return true;
  }

  /** Tasks the sample is following now (for tests of its bounds). */
  get following(): number {
    return this.open.size + this.ended.size + this.passed.size;
  }

  private keepsCallback(taskId: number, nowMs: number): boolean {
    if (!this.ended.has(taskId) && !this.open.has(taskId)) return false;
    this.budget.spend(1, nowMs);
    return true;
  }

  private close(taskId: number): void {
    this.open.delete(taskId);
    this.ended.add(taskId);
    if (this.ended.size > ENDED_REMEMBERED) {
      const oldest = this.ended.values().next();
      if (oldest.done !== true) this.ended.delete(oldest.value);
    }
  }
}
