import { describeFailure } from '../shared/describe-failure';
import { jsonProblem } from '../shared/json-problem';
import { exceedsMessageLimits, measureMessage, MESSAGE_LIMITS } from '../shared/message-limits';
import { MAX_ERROR_MESSAGE_LENGTH, MAX_ERROR_TYPE_LENGTH, type TaskFailure, type TaskReport } from '../shared/task-wire';

const PICKLABLE = '(Python: must be picklable)';
export { jsonProblem };

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

/** A chunk's list is sent in parts of at most about this much (well within one message's limits). */
const PART_VALUES = MESSAGE_LIMITS.maxValues / 2;
const PART_TEXT = MESSAGE_LIMITS.maxTextLength / 2;
/** Counts a whole list however big, its nesting still bounded. */
const UNCAPPED = { ...MESSAGE_LIMITS, maxValues: Number.MAX_SAFE_INTEGER, maxTextLength: Number.MAX_SAFE_INTEGER };

/**
 * A chunk's end (Python's mapstar: the list of its calls' values). A list too big for one message goes in
 * parts (task.resultPart), then the rest as the result; checked whole before any part goes, so a value the
 * wire cannot carry fails the chunk with nothing sent for it.
 */
export function reportChunkResult(send: (report: TaskReport) => void, isThread: boolean, taskId: number, values: unknown[]): void {
  const whole = measureMessage({ type: 'task.result', taskId, value: values });
  if (typeof whole !== 'string') return reportResult(send, isThread, taskId, values);
  const total = measureMessage(values, UNCAPPED);
  if (typeof total === 'string') return reportResult(send, isThread, taskId, values);
  if (!isThread) {
    const problem = jsonProblem(values);
    if (problem !== null) return reportResult(send, isThread, taskId, values);
  }
  const share = Math.min(PART_VALUES / total.values, total.text === 0 ? 1 : PART_TEXT / total.text);
  const per = Math.max(1, Math.floor(values.length * share));
  const parts: unknown[][] = [];
  for (let from = 0; from < values.length; from += per) parts.push(values.slice(from, from + per));
  // Values of very uneven size: a part may still not fit, and the chunk fails as a too-big result would.
  const tooBig = parts.map((part) => exceedsMessageLimits({ type: 'task.resultPart', taskId, values: part })).find((each) => each !== null);
  if (tooBig !== undefined) return reportError(send, taskId, { type: 'ValueError', message: `a result must fit one message, or a chunk's values parts of one: ${tooBig.replace(/^the message/, 'one part')}` });
  const last = parts.pop() ?? [];
  for (const part of parts) send({ type: 'task.resultPart', taskId, values: part });
  send({ type: 'task.result', taskId, value: last });
}

/**
 * What a task raised, as its type and message, cut to what the host takes. A user's function may throw
 * anything (null, an object with no prototype that String() cannot convert, one whose getters throw): this
 * never throws, or the worker would end with the task, which is only the task's failure.
 */
export function failureOf(error: unknown): TaskFailure {
  let type = 'Exception';
  let message: string;
  try {
    if (error instanceof Error) {
      if (typeof error.name === 'string' && error.name.length > 0) type = error.name;
      message = textOf(error.message);
    } else if (typeof error === 'object' && error !== null && 'message' in error) {
      message = textOf((error as { message: unknown }).message);
    } else {
      message = textOf(error);
    }
  } catch {
    message = UNWRITABLE;
  }
  return { type: type.slice(0, MAX_ERROR_TYPE_LENGTH), message: message.slice(0, MAX_ERROR_MESSAGE_LENGTH) };
}

const UNWRITABLE = 'an exception that cannot be written as text';

function textOf(value: unknown): string {
  try {
    return String(value);
  } catch {
    return UNWRITABLE;
  }
}

export function reportError(send: (report: TaskReport) => void, taskId: number, error: TaskFailure): void {
  send({ type: 'task.error', taskId, error });
}
