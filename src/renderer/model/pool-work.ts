import { MAX_MAP_ITEMS, MAX_MAP_RANGE } from '../../shared/pools';
import type { PoolCommandToSend } from './pool-actions';
import { TASK_FUNCTIONS, type TaskFunction } from '../../shared/task-wire';
import { typedNumber } from './typed-number';

/**
 * The work a person gives a pool from its card: a function of the task library, how many items a map
 * takes, the one argument (sleep's and burn's milliseconds, square's number for an apply, fail's
 * message), and optionally chunksize and a stand-in callback's duration. All as typed.
 */
export interface WorkDraft {
  readonly fn: TaskFunction;
  readonly items: string;
  readonly arg: string;
  /** Empty: Python's default (Pool: divmod(len, size * 4) rounded up; executors: 1). */
  readonly chunksize: string;
  /** Empty: no callback; else a callback that takes this long, in the host, one at a time as Python's. */
  readonly callbackMs: string;
}

export const WORK_FUNCTIONS = TASK_FUNCTIONS;

/** What a first map shows best: 100 tasks of 50 ms, long enough to watch the backlog drain. */
export const INITIAL_WORK: WorkDraft = { fn: 'sleep', items: '100', arg: '50', chunksize: '1', callbackMs: '' };

/** Each function's argument as the form names it, and what a new choice of function starts with. */
export const ARG_OF: Readonly<Record<TaskFunction, { readonly label: string; readonly initial: string }>> = {
  square: { label: 'x (apply)', initial: '7' },
  sleep: { label: 'ms', initial: '50' },
  burn: { label: 'ms', initial: '50' },
  fail: { label: 'message', initial: 'task failed' },
};

type MapCommand = Extract<PoolCommandToSend, { type: 'pool.map' }>;
type ApplyCommand = Extract<PoolCommandToSend, { type: 'pool.apply' }>;

/**
 * What the items of one map from here may weigh as JSON: the browser-mode socket takes messages of 256 KiB
 * (server/http-server.ts maxPayload), and a map of one argument repeated sends every copy.
 */
const MAX_ITEMS_CHARS = 200_000;

export type Built<T> = { readonly ok: true; readonly command: T } | { readonly ok: false; readonly error: string };

/**
 * pool.map over `items` tasks: square over range(N), sent as {range: N} (the seeds' `pool.map(square,
 * range(N))`, up to a million); sleep and burn N times the milliseconds typed, fail N times the message,
 * as many as one message carries. The item count is the form's own idea (the lab sees the list), so it is
 * checked here; the rest the lab checks.
 */
export function mapCommandOf(pool: string, draft: WorkDraft): Built<MapCommand> {
  const count = typedNumber(draft.items);
  const base = { type: 'pool.map', pool, fn: draft.fn, star: false, unordered: false, ...optional(draft) } as const;
  if (draft.fn === 'square') {
    if (!Number.isInteger(count) || count < 1 || count > MAX_MAP_RANGE) return { ok: false, error: `items must be a whole number from 1 to ${MAX_MAP_RANGE} (square maps range(items))` };
    return { ok: true, command: { ...base, items: { range: count } } };
  }
  const arg = argumentOf(draft);
  const most = Math.min(MAX_MAP_ITEMS, Math.floor(MAX_ITEMS_CHARS / (JSON.stringify(arg).length + 1)));
  if (!Number.isInteger(count) || count < 1 || count > most) {
    return { ok: false, error: `items must be a whole number from 1 to ${most} for ${draft.fn} (each item is sent; square maps range(items), up to ${MAX_MAP_RANGE})` };
  }
  return { ok: true, command: { ...base, items: new Array<number | string>(count).fill(arg) } };
}

/** pool.apply (apply_async, submit) of the function on its one argument. */
export function applyCommandOf(pool: string, draft: WorkDraft): Built<ApplyCommand> {
  const { callbackMs } = optional(draft);
  return { ok: true, command: { type: 'pool.apply', pool, fn: draft.fn, args: [argumentOf(draft)], ...(callbackMs === undefined ? {} : { callbackMs }) } };
}

/** "Map sleep over 100": the button says what it will do. */
export function mapLabel(draft: WorkDraft): string {
  return `Map ${draft.fn} over ${draft.items.trim() === '' ? '?' : draft.items.trim()}`;
}

/** "Apply square(7)", "Apply fail('task failed')": Python's call, as the task will run it. */
export function applyLabel(draft: WorkDraft): string {
  const arg = argumentOf(draft);
  return `Apply ${draft.fn}(${typeof arg === 'string' ? `'${arg}'` : Number.isNaN(arg) ? '?' : arg})`;
}

function argumentOf(draft: WorkDraft): number | string {
  return draft.fn === 'fail' ? draft.arg : typedNumber(draft.arg);
}

function optional(draft: WorkDraft): { chunksize?: number; callbackMs?: number } {
  const chunksize = draft.chunksize.trim();
  const callbackMs = draft.callbackMs.trim();
  return { ...(chunksize === '' ? {} : { chunksize: typedNumber(chunksize) }), ...(callbackMs === '' ? {} : { callbackMs: typedNumber(callbackMs) }) };
}
