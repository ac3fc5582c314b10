import type { SyncFactOp } from './facts';
import type { JoinOutcome, JoinTarget } from './joins';
import type { PoolState } from './pools';
import { PRIMITIVE_KINDS } from './sync';
import type { TaskStep } from './task-steps';

/**
 * The wire between a Python program's shim (resources/python/) and the host (src/core/python/): what
 * docs/python-wire.md says, as types and constants. The host validates every line against
 * core/python/python-wire-schema.ts before anything here is trusted.
 */

/** The longest line the host reads; a longer one closes that connection with a reason. */
export const PY_LINE_MAX = 1024 * 1024;
/** The most facts in one batch line. */
export const PY_FACTS_PER_BATCH = 4096;
/** The wire's version, the hello's `v`. */
export const PY_WIRE_VERSION = 1;
/** The token: 32 lower-case hex characters, one per lab run. */
export const PY_TOKEN_PATTERN = /^[0-9a-f]{32}$/;

/** The environment a Python program of the lab's is started with (on top of the user's). */
export const PY_ENV = {
  socket: 'CONCURRENCY_LAB_PY_SOCKET',
  token: 'CONCURRENCY_LAB_PY_TOKEN',
  worker: 'CONCURRENCY_LAB_PY_WORKER',
  /** `1`: step mode was on when the lab started the program, so its threads are held from their first operation. */
  step: 'CONCURRENCY_LAB_PY_STEP',
} as const;

/**
 * Where a Python thread is held in step mode (a `step.held` fact: docs/step-mode.md, "Python"): the operation
 * of a threading primitive it is about to do. A Condition's notify_all is held as its `notify`.
 */
export const PY_STEP_OPS = ['acquire', 'release', 'wait', 'notify', 'set', 'clear', 'put', 'get'] as const;
export type PythonStepOp = (typeof PY_STEP_OPS)[number];

/** The lines the host writes to a shim's connection (the only ones it writes: docs/python-wire.md). */
export const PY_STEP_LINES = { on: 'step on\n', off: 'step off\n', go: (tid: number) => `go ${tid}\n` } as const;

/** What a Python process is to its program. */
export const PY_ROLES = ['main', 'process', 'pool-worker', 'executor-worker', 'forkserver', 'resource-tracker', 'manager', 'subprocess'] as const;
export type PythonRole = (typeof PY_ROLES)[number];

/** multiprocessing's start methods (null in the hello: not started by multiprocessing). */
export const PY_START_METHODS = ['fork', 'spawn', 'forkserver'] as const;
export type PythonStartMethod = (typeof PY_START_METHODS)[number];

/** The kinds a `prim.new` may name: the lab's, and SimpleQueue (folded as a Queue). */
export const PY_PRIMITIVE_KINDS = [...PRIMITIVE_KINDS, 'SimpleQueue'] as const;
export type PythonPrimitiveKind = (typeof PY_PRIMITIVE_KINDS)[number];

export interface PythonHello {
  readonly type: 'hello';
  readonly v: 1;
  readonly token: string;
  readonly pid: number;
  readonly ppid: number;
  readonly t: number;
  readonly executable: string;
  readonly version: string;
  readonly argv: readonly string[];
  readonly role: PythonRole;
  readonly startMethod: PythonStartMethod | null;
  readonly name: string;
  /** time.monotonic() in ms when the hello was made (CLOCK_MONOTONIC on Linux: one clock for every process); absent from older shims. */
  readonly mono?: number;
  /** A multiprocessing Process's daemon flag (ended by its parent's exit); absent: false. */
  readonly daemon?: boolean;
}

/** A primitive's creation parameters, as the kind has them (each optional: the host fills Python's defaults). */
export interface PythonPrimitiveParams {
  readonly maxsize?: number;
  readonly value?: number;
  readonly parties?: number;
  readonly interval?: number;
  readonly typecode?: string;
  readonly length?: number;
  readonly duplex?: boolean;
  /** A Condition's lock: the id of a Lock or RLock of the same process. */
  readonly lock?: number;
  /** A multiprocessing primitive: the same key in every process that holds it. */
  readonly shared?: string;
  /** Its state lives in another process (a Manager's Queue, in the manager's): its ops carry no depth, the host counts it. */
  readonly remote?: boolean;
}

/** A Python pool's class, as `pool.new` says it (docs/python-wire.md, "Pools and their tasks"). */
export const PY_POOL_APIS = ['pool', 'thread-pool', 'thread-executor', 'process-executor'] as const;
export type PythonPoolApi = (typeof PY_POOL_APIS)[number];

/**
 * Which call a task is of, as a worker process also says it: [callId, chunk (from 0), items, a map's chunk?]
 * (a Pool's job number plus one, a process executor's work id plus one).
 */
export type PythonTaskCall = readonly [number, number, number, boolean];

/** One fact of a batch, by its first element (docs/python-wire.md, "The wire"). */
export type PythonFact =
  | readonly ['thread.start', number, number, number, string, boolean]
  | readonly ['thread.end', number, number]
  | readonly ['process.name', number, string]
  | readonly ['process.exit', number, number, readonly number[]]
  /** t, pid, exit code: a parent reaped its multiprocessing child (-N: killed by signal N). */
  | readonly ['process.reaped', number, number, number]
  /** t and monotonic ms of a parent's Process.start() call, the child's pid and start method, the parent's threads then. */
  | readonly ['process.started', number, number, PythonStartMethod, number, number]
  | readonly ['prim.new', number, number, PythonPrimitiveKind, string, string, number, PythonPrimitiveParams]
  | readonly ['pool.new', number, number, PythonPoolApi, string, string, number, number, number | null]
  | readonly ['pool.worker', number, number, number, number, number | null]
  | readonly ['task.step', number, number, number, TaskStep, number | null, string | null, PythonTaskCall | null]
  | readonly ['task.run', number, number, number]
  | readonly ['pool.state', number, number, PoolState, string | null]
  /** t, the writer's tid, the primitive, what it holds now (a Value's, an Array's repr, cut at 200 characters with "…"). */
  | readonly ['prim.contents', number, number, number, string]
  /** t, the reader's or writer's tid, a Manager dict, what was done, the key's repr, the value's repr ("" when none). */
  | readonly ['data.key', number, number, number, 'read' | 'write' | 'delete' | 'clear' | 'initial' | 'unknown', string, string]
  /** t, the joiner's tid, what it joins, the target's native id (a thread) or pid (a process), its timeout (ms, -1 for ever). */
  | readonly ['join.wait', number, number, JoinTarget, number, number]
  /** t, the joiner's tid, what it joined, the target as in its join.wait, how the join returned. */
  | readonly ['join.end', number, number, JoinTarget, number, JoinOutcome]
  /** t, the held thread's tid, the primitive's id, the operation it is held before (step mode). */
  | readonly ['step.held', number, number, number, PythonStepOp]
  /** t, the tid of a held thread that an exception took out of its hold, its operation not done. */
  | readonly ['step.left', number, number]
  | readonly [SyncFactOp, number, number, number, number];

/** The pool facts, which python-pools.ts folds (the rest are the session's). */
export type PythonPoolFact = Extract<PythonFact, readonly ['pool.new' | 'pool.worker' | 'task.step' | 'task.run' | 'pool.state', ...unknown[]]>;

export interface PythonFacts {
  readonly type: 'facts';
  readonly facts: readonly PythonFact[];
}
