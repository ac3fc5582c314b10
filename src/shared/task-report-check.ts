import { isPlainObject } from './message-limits';
import { MAX_REPORTS_PER_MESSAGE } from './task-wire';
import type { CheckedWorkerMessage } from './worker-messages';

type TaskReportType = 'task.started' | 'task.result' | 'task.resultPart' | 'task.cancelled' | 'task.reports';

/** A pool worker's report (or a turn's batch of them) once checked. */
export type CheckedTaskReport = Extract<CheckedWorkerMessage, { type: TaskReportType }>;

/**
 * The common case of a pool worker's reports (task-wire.ts), checked by hand at a glance, as
 * queue-batch-check.ts checks a queue batch: zod's parse of a `task.reports` of a result and the next
 * task's start cost the host about 1.4 µs and 2.4 KB of garbage a task (profiled on 1 ms tasks, where every
 * microsecond the host spends is taken from a busy worker on 2 cores). Accepts only what the report schemas
 * (task-messages.ts) accept and gives what they give: a strict object `{type: 'task.started' | 'task.cancelled',
 * taskId}`, `{type: 'task.result', taskId, value}`, `{type: 'task.resultPart', taskId, values}` with `values`
 * a list, or `{type: 'task.reports', reports}` of at most MAX_REPORTS_PER_MESSAGE of those (no nested
 * batch); `taskId` a whole number from 0 to 2^53 - 1. Null for anything else (an error report among them),
 * which the schema then decides and, if it refuses, words. The message limits have bounded the message
 * before this runs (worker-messages.ts), so the loop is bounded; a value is any value within them, as the
 * schema's z.unknown() takes it.
 */
export function checkTaskReportAtAGlance(raw: unknown): CheckedTaskReport | null {
  if (!isPlainRecord(raw)) return null;
  if (raw.type !== 'task.reports') return isCommonReport(raw) ? (raw as unknown as CheckedTaskReport) : null;
  const { reports } = raw;
  if (!hasOnly(raw, BATCH_KEYS) || !Array.isArray(reports) || reports.length > MAX_REPORTS_PER_MESSAGE) return null;
  for (const report of reports as unknown[]) if (!isPlainRecord(report) || !isCommonReport(report)) return null;
  return raw as unknown as CheckedTaskReport;
}

function isCommonReport(report: Record<string, unknown>): boolean {
  if (!isTaskId(report.taskId)) return false;
  switch (report.type) {
    case 'task.started':
    case 'task.cancelled':
      return hasOnly(report, ID_KEYS);
    case 'task.result':
      return hasOnly(report, RESULT_KEYS);
    case 'task.resultPart':
      return hasOnly(report, PART_KEYS) && Array.isArray(report.values);
    default:
      return false;
  }
}

/** As the schemas' taskId: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER). */
const isTaskId = (taskId: unknown): boolean => typeof taskId === 'number' && Number.isInteger(taskId) && taskId >= 0 && taskId <= Number.MAX_SAFE_INTEGER;

/** An object as structured clone or JSON makes one (zod's strictObject also takes other prototypes: those go to the schema). */
const isPlainRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value) && isPlainObject(value);

const BATCH_KEYS = ['type', 'reports'] as const;
const ID_KEYS = ['type', 'taskId'] as const;
const RESULT_KEYS = ['type', 'taskId', 'value'] as const;
const PART_KEYS = ['type', 'taskId', 'values'] as const;

/** These own keys and no other: a strict object's "nothing else". */
const hasOnly = (record: Record<string, unknown>, keys: readonly string[]): boolean => Object.keys(record).length === keys.length && keys.every((key) => Object.hasOwn(record, key));
