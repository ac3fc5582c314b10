import { isPlainObject } from './message-limits';
import { MAX_APPLY_ARGS, MAX_CALLBACK_MS } from './pools';

/**
 * The common `pool.apply` command (apply_async / submit, one task each) checked by hand at a glance, as
 * task-report-check.ts checks a worker's reports. zod's parse of each one cost the host about 10 µs and a
 * few KB of garbage a task (profiled on 1 ms tasks, 2 thread workers: every microsecond the host spends is
 * taken from a busy worker on 2 cores).
 *
 * The schema in pools.ts stays the spec: this takes only what it takes and gives what it gives (a new
 * object with `args` a new list, `[]` when left out, and `callbackMs` only when sent), for the shape a page,
 * a script or the bench sends: a plain object of `type`, `pool`, `fn`, optionally `args` of plain values
 * (null, a bool, a finite number, text) and `callbackMs`. Anything else, a nested argument included, is
 * null: the schema decides it and, if it refuses, says why in its words
 * (test/unit/shared/pool-apply-check.test.ts holds the two to the same answers over a corpus and fuzzed
 * commands). Every loop is bounded by MAX_APPLY_ARGS, whatever the message's size.
 */
export interface CheckedPoolApply {
  type: 'pool.apply';
  pool: string;
  fn: string;
  args: Array<null | boolean | number | string>;
  callbackMs?: number;
}

/** labNameSchema's pattern (sync.ts), and its refusal of "__proto__". */
const POOL_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,39}$/;
/** taskFunctionSchema's pattern (pools.ts). */
const FUNCTION_NAME = /^[A-Za-z_$][\w$]{0,63}$/;

export function checkPoolApplyAtAGlance(raw: unknown): CheckedPoolApply | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || !isPlainObject(raw)) return null;
  const command = raw as Record<string, unknown>;
  if (command.type !== 'pool.apply') return null;
  // Own keys only, each once: a strict object's "nothing else", and an absent optional is really absent.
  let keys = 0;
  for (const key in command) {
    if (!Object.hasOwn(command, key)) return null;
    if (key !== 'type' && key !== 'pool' && key !== 'fn' && key !== 'args' && key !== 'callbackMs') return null;
    keys += 1;
  }
  const { pool, fn, args, callbackMs } = command;
  if (typeof pool !== 'string' || !POOL_NAME.test(pool) || pool === '__proto__') return null;
  if (typeof fn !== 'string' || !FUNCTION_NAME.test(fn)) return null;
  const hasArgs = Object.hasOwn(command, 'args');
  const hasCallback = Object.hasOwn(command, 'callbackMs');
  if (keys !== 3 + Number(hasArgs) + Number(hasCallback)) return null;
  const copied = hasArgs ? plainArguments(args) : [];
  if (copied === null) return null;
  if (!hasCallback) return { type: 'pool.apply', pool, fn, args: copied };
  if (typeof callbackMs !== 'number' || !Number.isInteger(callbackMs) || callbackMs < 0 || callbackMs > MAX_CALLBACK_MS) return null;
  return { type: 'pool.apply', pool, fn, args: copied, callbackMs };
}

/** A copy of a plain list of at most MAX_APPLY_ARGS plain values, or null (anything else is the schema's). */
function plainArguments(args: unknown): CheckedPoolApply['args'] | null {
  if (!Array.isArray(args) || Object.getPrototypeOf(args) !== Array.prototype || args.length > MAX_APPLY_ARGS) return null;
  const copied: CheckedPoolApply['args'] = [];
  for (let index = 0; index < args.length; index += 1) {
    // `in`: a hole in a sparse list is not undefined to the schema's eyes either way; leave it to the schema.
    if (!(index in args)) return null;
    const value: unknown = args[index];
    if (value === null || typeof value === 'boolean' || typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) copied.push(value);
    else return null;
  }
  return copied;
}
