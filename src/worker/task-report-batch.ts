import { measureMessage, MESSAGE_LIMITS, type MessageLimits } from '../shared/message-limits';
import { MAX_REPORTS_PER_MESSAGE, type TaskReport, type TaskReports } from '../shared/task-wire';

/** A report inside a batch sits two levels down (the batch, then its list). */
const IN_BATCH: MessageLimits = { ...MESSAGE_LIMITS, maxDepth: MESSAGE_LIMITS.maxDepth - 2 };
/** What the batch itself counts (its object, its type, its list and their keys), with room to spare. */
const OVERHEAD_VALUES = 8;
const OVERHEAD_TEXT = 64;

/**
 * A served worker's reports of one turn of its loop, sent as one message at the end of the turn (or sooner,
 * once MAX_REPORTS_PER_MESSAGE or the host's message limits are reached), in the order they were added. A
 * message per report cost more than a trivial task itself; one per turn keeps every task's `started` ahead of
 * its end, and the host sees them at most one turn late.
 */
export class ReportBatch {
  private reports: TaskReport[] = [];
  private values = OVERHEAD_VALUES;
  private text = OVERHEAD_TEXT;
  private flushQueued = false;

  /**
   * `post` sends a message (it may throw a thread's DataCloneError, having sent nothing); `alone` sends one
   * report by itself, telling a value it cannot send as that task's error (task-results.ts).
   */
  constructor(
    private readonly post: (message: TaskReport | TaskReports) => void,
    private readonly alone: (report: TaskReport) => void,
  ) {}

  add(report: TaskReport): void {
    const size = measureMessage(report, IN_BATCH);
    if (typeof size === 'string') {
      // It fits the limits by itself (task-results.ts checked), just not inside a batch: after the rest, alone.
      this.flush();
      return this.alone(report);
    }
    const full = this.reports.length >= MAX_REPORTS_PER_MESSAGE || this.values + size.values > MESSAGE_LIMITS.maxValues || this.text + size.text > MESSAGE_LIMITS.maxTextLength;
    if (full) this.flush();
    this.reports.push(report);
    this.values += size.values;
    this.text += size.text;
    if (this.flushQueued) return;
    this.flushQueued = true;
    setImmediate(() => {
      this.flushQueued = false;
      this.flush();
    });
  }

  /** Sends what is batched now (before a task that takes time, so its `started` is not held up by it). */
  flush(): void {
    const reports = this.reports;
    if (reports.length === 0) return;
    this.reports = [];
    this.values = OVERHEAD_VALUES;
    this.text = OVERHEAD_TEXT;
    try {
      this.post(reports.length === 1 ? reports[0]! : { type: 'task.reports', reports });
    } catch {
      // A value a thread cannot clone: nothing was sent. Alone, each report that can go goes, and the one that
      // cannot becomes its task's error.
      for (const report of reports) this.alone(report);
    }
  }
}
