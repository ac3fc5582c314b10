import { z } from 'zod';
import { PY_START_METHODS } from './python-wire';
import { DEFAULT_PYTHON } from './start-spec';

/**
 * The "fork vs spawn vs forkserver" lesson (docs/python.md): the lab runs the shipped lesson program
 * (resources/python/lessons/start_methods.py) once per start method, each starting the same children from
 * the same parent, then once more with fork while another thread runs (the hazard), and tells per run what
 * it saw: each child's start latency, a child's memory, whether `__main__` ran again, the helper processes.
 */

/** The runs, in order: each start method, then fork from a parent that runs a second thread. */
export const START_LESSON_RUNS = ['fork', 'spawn', 'forkserver', 'fork-with-thread'] as const;
export type StartLessonRunName = (typeof START_LESSON_RUNS)[number];

export const MAX_START_LESSON_CHILDREN = 4;
/** What the parent holds, so that a forked child's shared pages are plain to see beside a fresh interpreter's. */
export const DEFAULT_START_LESSON_MEGABYTES = 100;

export const startLessonCommandSchema = z.strictObject({
  type: z.literal('lesson.startMethods'),
  children: z
    .number({ error: 'children must be a number' })
    .int('children must be a whole number')
    .min(1, 'children must be at least 1')
    .max(MAX_START_LESSON_CHILDREN, `children must be at most ${MAX_START_LESSON_CHILDREN}`)
    .default(2),
  megabytes: z
    .number({ error: 'megabytes must be a number' })
    .int('megabytes must be a whole number')
    .min(0, 'megabytes must be at least 0')
    .max(1024, 'megabytes must be at most 1024')
    .default(DEFAULT_START_LESSON_MEGABYTES),
  interpreter: z
    .string({ error: 'interpreter must be text, such as "python3.12" or a path' })
    .max(4096, 'interpreter is too long')
    .regex(/^[^\0\n\r]+$/, 'interpreter must be a program name or a path on one line')
    .default(DEFAULT_PYTHON),
});

const bytes = z.number().nonnegative();
const ms = z.number().nonnegative().max(600_000);

export const START_LESSON_HELPERS = ['forkserver', 'resource-tracker'] as const;

export const startLessonRunSchema = z.strictObject({
  run: z.enum(START_LESSON_RUNS),
  startMethod: z.enum(PY_START_METHODS),
  state: z.enum(['waiting', 'running', 'done', 'failed']),
  /** The run's worker (a Python program the lab started), once started. */
  workerId: z.string().max(64).nullable(),
  /** Each child's start latency as the lab measured it (python.started), in the order they came. */
  latencies: z.array(ms).max(MAX_START_LESSON_CHILDREN * 4),
  /** A child's memory from smaps_rollup: the reading with the most resident pages (a forked child's, while it shares them). */
  childMemory: z.strictObject({ rss: bytes, pss: bytes, shared: bytes }).nullable(),
  /** The main module's top-level line printed by a child (as `__mp_main__`): `__main__` imported again. */
  reimports: z.number().int().nonnegative(),
  /** multiprocessing's helper processes seen under the run's program. */
  helpers: z.array(z.enum(START_LESSON_HELPERS)).max(START_LESSON_HELPERS.length),
  /** The most threads a parent ran when it forked one of the children; null when no child was forked among threads. */
  forkedAmongThreads: z.number().int().min(2).nullable(),
  /** The program's stderr had CPython 3.12's DeprecationWarning for fork() in a multi-threaded process. */
  warned: z.boolean(),
  /** Why it failed, in a sentence. */
  error: z.string().max(500).nullable(),
});
export type StartLessonRun = z.infer<typeof startLessonRunSchema>;

export const startLessonSchema = z.strictObject({
  id: z.string().max(64),
  interpreter: z.string().max(4096),
  /** The interpreter's version, from the first run's hello. */
  version: z.string().max(64).nullable(),
  children: z.number().int().min(1).max(MAX_START_LESSON_CHILDREN),
  megabytes: z.number().int().nonnegative(),
  state: z.enum(['running', 'done', 'failed']),
  runs: z.array(startLessonRunSchema).length(START_LESSON_RUNS.length),
});
export type StartLesson = z.infer<typeof startLessonSchema>;

export function startMethodOf(run: StartLessonRunName): (typeof PY_START_METHODS)[number] {
  return run === 'fork-with-thread' ? 'fork' : run;
}

export function waitingStartRun(run: StartLessonRunName): StartLessonRun {
  return { run, startMethod: startMethodOf(run), state: 'waiting', workerId: null, latencies: [], childMemory: null, reimports: 0, helpers: [], forkedAmongThreads: null, warned: false, error: null };
}

/** The median of the children's latencies (the middle two's mean for an even count), null before any. */
export function medianLatency(latencies: readonly number[]): number | null {
  if (latencies.length === 0) return null;
  const sorted = [...latencies].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** "fork: 2 children, median 14.2 ms" for the log, or why it failed. */
export function describeStartRun(run: StartLessonRun): string {
  if (run.state === 'failed') return `${run.run}: failed (${run.error ?? 'no reason given'})`;
  const median = medianLatency(run.latencies);
  return median === null ? run.run : `${run.run}: median start ${median.toFixed(1)} ms${run.reimports > 0 ? ', __main__ run again' : ''}`;
}

export function describeStartLesson(lesson: StartLesson): string {
  const runs = lesson.runs.map(describeStartRun).join('; ');
  return `fork vs spawn vs forkserver (${lesson.interpreter})${lesson.state === 'failed' ? ' failed' : ''}: ${runs}`;
}
