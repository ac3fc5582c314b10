import type { PoolTaskStepView, PoolTaskView } from '../../shared/pool-states';
import type { PoolSpec } from '../../shared/pools';
import { TASK_ENDS, type TaskEnd, type TaskStep } from '../../shared/task-steps';
import { formatMs } from '../format/units';
import { pythonClassOf } from './pool-words';

/** One task as explain mode lists it: who it is, its steps in words, and how it ended. */
export interface ExplainLine {
  readonly id: number;
  /** "task 42". */
  readonly title: string;
  /** "sleep", "sleep · map 2 chunk 1", "square × 25 · map 1 chunk 3"; null when nothing of its call was kept. */
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
  const called = fn === null ? null : map === null || map.items === 1 ? fn : `${fn} × ${map.items}`;
  const chunk = map === null ? null : `map ${map.mapId} chunk ${map.chunk + 1}`;
  const call = [called, chunk].filter((part) => part !== null).join(' · ');
  const at = (step: TaskStep) => task.steps.find((each) => each.step === step)?.t;
  const endStep = task.steps.find((step) => ENDS.has(step.step));
  const end = endStep === undefined ? null : (endStep.step as TaskEnd);
  const times = timesOf(at('submitted'), at('running'), endStep?.t);
  const outcome = end === null ? null : endDetail(end, endStep!.detail, spec);
  // The outcome first: a row cuts its end, and "never returns its result" matters more than the times.
  const detail = [outcome, times].filter((part) => part !== null && part !== '').join(' · ');
  return { id: task.id, title: `task ${task.id}`, call: call === '' ? null : call, steps: task.steps.map((step) => ({ step: step.step, words: stepWords(step) })), end, detail: detail === '' ? null : detail };
}

/** The steps line stays short (it must fit a row); how long each part took goes on the detail line. */
function stepWords(step: PoolTaskStepView): string {
  const worker = step.slot === null ? '' : ` worker ${step.slot}`;
  switch (step.step) {
    case 'sent':
      // A Python pool's task goes to the workers' shared queue: which worker takes it is its 'running'.
      return step.slot === null ? 'sent' : `sent to${worker}`;
    case 'running':
      return `running on${worker}`;
    case 'submitted':
    case 'queued':
    case 'done':
    case 'failed':
    case 'lost':
    case 'rejected':
    case 'cancelled':
    case 'callback':
      return step.step;
    default:
      return step.step satisfies never;
  }
}

/** "waited 2.5 ms, ran 50 ms"; what is known of it. */
function timesOf(submitted: number | undefined, running: number | undefined, ended: number | undefined): string | null {
  const waited = submitted !== undefined && running !== undefined ? `waited ${formatMs(running - submitted)}` : null;
  const ran = running !== undefined && ended !== undefined ? `ran ${formatMs(ended - running)}` : null;
  const parts = [waited, ran].filter((part) => part !== null);
  return parts.length === 0 ? null : parts.join(', ');
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

/** Why the caller never hears of a lost task, in Python's terms; a thread pool's worker is one the lab could stop and Python could not. */
function lostWords(spec: Pick<PoolSpec, 'api' | 'runtime'>): string {
  // Short first words: a row shows about 100 characters, and the lesson is the sentence after the colon.
  const never = spec.api === 'pool' ? `Python's ${pythonClassOf(spec.api, spec.runtime)} never returns its result (get() would wait for ever)` : 'its Future never completes (result() would wait for ever)';
  if (spec.runtime === 'process') return `its worker was killed: ${never}`;
  return `its thread was stopped: ${never}; Python cannot stop a thread, the lab can`;
}
