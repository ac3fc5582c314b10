import { describeFailure } from '../shared/describe-failure';
import { exceedsMessageLimits, isPlainObject } from '../shared/message-limits';
import { MAX_ERROR_MESSAGE_LENGTH, MAX_ERROR_TYPE_LENGTH, type TaskFailure, type TaskReport } from '../shared/task-wire';

const PICKLABLE = '(Python: must be picklable)';
const JSON_VALUES = 'null, true/false, a number, text, a list or a dict with text keys';

/**
 * How a served task's end reaches the host. A thread's result is a structured clone (postMessage says what
 * it cannot clone), a forked process's is JSON, which would drop or change what it cannot carry without a
 * word (a function, undefined, a Map, NaN): checked first, and refused in words, as Python refuses what it
 * cannot pickle. Either way the report must fit the host's limits, or the host would refuse it unanswered.
 */
export function reportResult(send: (report: TaskReport) => void, isThread: boolean, taskId: number, value: unknown): void {
  const report: TaskReport = { type: 'task.result', taskId, value };
  const tooBig = exceedsMessageLimits(report);
  if (tooBig !== null) return reportError(send, taskId, { type: 'ValueError', message: `a result must fit one message: ${tooBig.replace(/^the message/, 'this one')}` });
  if (!isThread) {
    const problem = jsonProblem(value);
    if (problem !== null) return reportError(send, taskId, { type: 'TypeError', message: `a result must be a JSON value from a process (${JSON_VALUES}), not ${problem} ${PICKLABLE}` });
    return send(report);
  }
  try {
    send(report);
  } catch (error) {
    // DataCloneError, thrown by postMessage before anything is sent.
    reportError(send, taskId, { type: 'TypeError', message: `a result must be a structured-clone value from a thread: ${describeFailure(error)} ${PICKLABLE}` });
  }
}

/** What a task raised, as its type and message, cut to what the host takes. */
export function failureOf(error: unknown): TaskFailure {
  const type = error instanceof Error && error.name.length > 0 ? error.name : 'Exception';
  const message = error instanceof Error ? error.message : String(error);
  return { type: type.slice(0, MAX_ERROR_TYPE_LENGTH), message: message.slice(0, MAX_ERROR_MESSAGE_LENGTH) };
}

export function reportError(send: (report: TaskReport) => void, taskId: number, error: TaskFailure): void {
  send({ type: 'task.error', taskId, error });
}

/**
 * Null when JSON carries the value unchanged; else what it would lose ("a function", "a Map"). Called once
 * the value is within the message limits, so the walk is bounded (and a cycle is already refused).
 */
export function jsonProblem(value: unknown): string | null {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const each = pending.pop();
    switch (typeof each) {
      case 'string':
      case 'boolean':
        continue;
      case 'number':
        if (!Number.isFinite(each)) return String(each);
        continue;
      case 'object': {
        if (each === null) continue;
        if (Array.isArray(each)) {
          // A hole reads as undefined here, as JSON would turn it into null.
          for (let index = 0; index < each.length; index += 1) pending.push(each[index]);
          continue;
        }
        if (!isPlainObject(each)) return `a ${(each as object).constructor?.name ?? 'non-plain object'}`;
        for (const key of Object.keys(each)) pending.push((each as Record<string, unknown>)[key]);
        continue;
      }
      case 'undefined':
        return 'undefined inside it';
      case 'function':
        return 'a function';
      case 'bigint':
        return 'a bigint';
      case 'symbol':
        return 'a symbol';
    }
  }
  return null;
}
