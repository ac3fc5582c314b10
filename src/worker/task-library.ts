import { MAX_TASK_MS, TASK_FUNCTIONS, type TaskFunction } from '../shared/task-wire';
import { burn } from './burn';
import { delay } from './pace';
import { pythonError } from './python-error';

type TaskCall = (args: readonly unknown[]) => unknown;

/**
 * The functions a served task may call, by name, with Python's errors for wrong arguments. Results are
 * values the host can take (task-results.ts); a function that returns nothing gives null (Python's None).
 */
const LIBRARY: Readonly<Record<TaskFunction, TaskCall>> = {
  square: (args) => {
    const [x] = exactly('square', args, 1);
    if (typeof x !== 'number') throw pythonError('TypeError', `square() takes a number, not ${typeName(x)}`);
    return x * x;
  },
  sleep: async (args) => {
    await delay(milliseconds('sleep', args));
    return null;
  },
  burn: async (args) => {
    await burn(milliseconds('burn', args));
    return null;
  },
  // The task that raises: its type (ValueError unless told) and message come back as the task's error.
  fail: (args) => {
    if (args.length > 2) throw pythonError('TypeError', `fail() takes at most 2 arguments (${args.length} given)`);
    const [message = 'task failed', type = 'ValueError'] = args;
    if (typeof message !== 'string' || typeof type !== 'string' || !/^[A-Za-z_]\w{0,99}$/.test(type)) {
      throw pythonError('TypeError', 'fail() takes a message and an error type name, both text');
    }
    throw pythonError(type, message);
  },
};

/** The functions a user's module exports, when the pool was given one (useTaskModule); they come first. */
let moduleFunctions: ReadonlyMap<string, (...args: unknown[]) => unknown> = new Map();
let moduleName: string | null = null;

/**
 * A pool's worker takes the functions its user's module exports (ES named exports, or a CommonJS module's
 * properties, which arrive as `default`), as Python's worker unpickles functions of `__main__` by name.
 */
export function useTaskModule(loaded: Record<string, unknown>, name = 'the module'): void {
  const found = new Map<string, (...args: unknown[]) => unknown>();
  const sources = [loaded, typeof loaded['default'] === 'object' && loaded['default'] !== null ? (loaded['default'] as Record<string, unknown>) : {}];
  for (const source of sources) {
    for (const [key, value] of Object.entries(source)) if (typeof value === 'function' && key !== 'default' && !found.has(key)) found.set(key, value as (...args: unknown[]) => unknown);
  }
  moduleFunctions = found;
  moduleName = name;
}

/** Calls a library function; anything it raises (or a name it does not have) is the task's error. */
export async function callTaskFunction(fn: string, args: readonly unknown[]): Promise<unknown> {
  return startTaskCall(fn, args);
}

/**
 * Calls a library function now: its value at once when it has one (square), else a promise of it (sleep).
 * A served worker runs trivial tasks back to back without a turn of its loop for each; what the function
 * raises is thrown here, or rejects the promise.
 */
export function startTaskCall(fn: string, args: readonly unknown[]): unknown {
  const own = moduleFunctions.get(fn);
  if (own === undefined && !isTaskFunction(fn)) {
    const where = moduleName === null ? `; use one of ${TASK_FUNCTIONS.join(', ')}` : ` in ${moduleName}'s exports or the task library (${TASK_FUNCTIONS.join(', ')})`;
    throw pythonError('AttributeError', `no task function ${JSON.stringify(fn.slice(0, 100))}${where}`);
  }
  const value = own === undefined ? LIBRARY[fn as TaskFunction](args) : own(...args);
  if (value instanceof Promise) return value.then(noneForUndefined);
  return noneForUndefined(value);
}

/** The functions whose value is there at once: a worker need not tell the host they started before it runs them. */
export function isInstant(fn: string): boolean {
  // A module's function may run for long: the host is told it started, so explain mode shows it running.
  if (moduleFunctions.has(fn)) return false;
  return fn === 'square' || fn === 'fail' || !isTaskFunction(fn);
}

function noneForUndefined(value: unknown): unknown {
  return value === undefined ? null : value;
}

function isTaskFunction(fn: string): fn is TaskFunction {
  return (TASK_FUNCTIONS as readonly string[]).includes(fn);
}

function exactly(fn: string, args: readonly unknown[], count: number): readonly unknown[] {
  if (args.length !== count) throw pythonError('TypeError', `${fn}() takes exactly ${count} argument${count === 1 ? '' : 's'} (${args.length} given)`);
  return args;
}

function milliseconds(fn: string, args: readonly unknown[]): number {
  const [ms] = exactly(fn, args, 1);
  if (typeof ms !== 'number' || !Number.isFinite(ms)) throw pythonError('TypeError', `${fn}() takes a number of milliseconds, not ${typeName(ms)}`);
  if (ms < 0 || ms > MAX_TASK_MS) throw pythonError('ValueError', `${fn}() takes 0 to ${MAX_TASK_MS} milliseconds, not ${ms}`);
  return ms;
}

function typeName(value: unknown): string {
  if (value === null) return 'None';
  return Array.isArray(value) ? 'list' : typeof value;
}
