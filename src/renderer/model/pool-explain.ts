import type { PoolTaskStepView, PoolTaskView } from '../../shared/pool-states';
import type { PoolSpec } from '../../shared/pools';
import { TASK_ENDS, type TaskEnd, type TaskStep } from '../../shared/task-steps';
import { formatMs } from '../format/units';

/** One task as explain mode lists it: who it is, its steps in words, and how it ended. */
export interface ExplainLine {
  readonly id: number;
  /** "task 42", "task 7 · map 1 chunk 3". */
  readonly title: string;
  /** "sleep", "square × 25 items"; null when its submit was not kept (over the explain rate). */
  readonly call: string | null;
  readonly steps: readonly { readonly step: TaskStep; readonly words: string }[];
  readonly end: TaskEnd | null;
  /** The result, the error, or why it was lost or rejected; null while it runs. */
  readonly detail: string | null;
}


const ENDS: ReadonlySet<TaskStep> = new Set<TaskStep>(TASK_ENDS);

/** Explain mode's lines, newest task first. */
export function explainLines(tasks: readonly PoolTaskView[], spec: Pick<PoolSpec, 'api' | 'runtime'>): ExplainLine[] {
  const lines: ExplainLine[] = [];
  for (let index = tasks.length - 1; index >= 0; index--) lines.push(explainLine(tasks[index]!, spec));
  return lines;
}

/** A task's steps as the reducer keeps them, in order; some may be missing (over the explain rate). */
export function explainLine(task: PoolTaskView, spec: Pick<PoolSpec, 'api' | 'runtime'>): ExplainLine {
  const { map, fn } = task;
  const title = map === null ? `task ${task.id}` : `task ${task.id} · map ${map.mapId} chunk ${map.chunk + 1}`;
  const call = fn === null ? null : map === null ? fn : `${fn} × ${map.items} ${map.items === 1 ? 'item' : 'items'}`;
  const submitted = task.steps.find((step) => step.step === 'submitted')?.t;
  const running = task.steps.find((step) => step.step === 'running')?.t;
  const endStep = task.steps.find((step) => ENDS.has(step.step));
  const steps = task.steps.map((step) => ({ step: step.step, words: stepWords(step, submitted, running) }));
  const end = endStep === undefined ? null : (endStep.step as TaskEnd);
  return { id: task.id, title, call, steps, end, detail: endStep === undefined ? null : endDetail(end!, endStep.detail, spec) };
}

function stepWords(step: PoolTaskStepView, submitted: number | undefined, running: number | undefined): string {
  const worker = step.slot === null ? '' : ` worker ${step.slot}`;
  switch (step.step) {
    case 'sent':
      return `sent to${worker}`;
    case 'running':
      return submitted === undefined ? `running on${worker}` : `running on${worker} after ${formatMs(step.t - submitted)}`;
    case 'done':
    case 'failed':
    case 'lost':
    case 'rejected':
      return running === undefined ? step.step : `${step.step} in ${formatMs(step.t - running)}`;
    case 'submitted':
    case 'queued':
    case 'cancelled':
    case 'callback':
      return step.step;
    default:
      return step.step satisfies never;
  }
}

/** What the person should know of an end: the result, the error, and for a lost task, Python's silence. */
function endDetail(end: TaskEnd, detail: string | null, spec: Pick<PoolSpec, 'api' | 'runtime'>): string | null {
  switch (end) {
    case 'done':
      return detail === null ? null : `result ${detail}`;
    case 'lost':
      return `${lostWords(spec)}${detail === null ? '' : ` (${detail})`}`;
    case 'failed':
    case 'rejected':
    case 'cancelled':
      return detail;
    default:
      return end satisfies never;
  }
}

function lostWords(spec: Pick<PoolSpec, 'api' | 'runtime'>): string {
  if (spec.api === 'pool') return "the worker running it was killed: Python's Pool never returns its result (get() would wait for ever)";
  return 'the worker running it was killed: its Future never completes (result() would wait for ever); Python cannot kill a thread, the lab can';
}
