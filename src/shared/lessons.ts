import { z } from 'zod';
import { DEFAULT_PYTHON } from './start-spec';

/**
 * The "threads vs processes" comparison (docs/python.md): the lab runs the shipped lesson program
 * (resources/python/lessons/threads_vs_processes.py) with N threads, then with N processes, and tells what
 * its own samples saw of each run. One comparison at a time; the newest is kept in the lab's state.
 */

export const COMPARISON_MODES = ['threads', 'processes'] as const;
export type ComparisonMode = (typeof COMPARISON_MODES)[number];

export const MAX_COMPARISON_WORKERS = 8;
/**
 * Each worker counts down from this in pure Python: about 4 s on one core of a 2020s machine (40 million took
 * 1.1 s here). Long enough for the lab's samples, whose period stretches to seconds on a busy machine, to see
 * every run several times: a 1 s run was seen once or not at all, and read "CPU in all 0.5 cores" for 2
 * processes that used 2, or no GIL figure.
 */
export const DEFAULT_COMPARISON_COUNT = 150_000_000;

export const compareCommandSchema = z.strictObject({
  type: z.literal('lesson.compare'),
  workers: z
    .number({ error: 'workers must be a number' })
    .int('workers must be a whole number')
    .min(1, 'workers must be at least 1')
    .max(MAX_COMPARISON_WORKERS, `workers must be at most ${MAX_COMPARISON_WORKERS}`)
    .default(2),
  count: z
    .number({ error: 'count must be a number' })
    .int('count must be a whole number')
    .min(1_000, 'count must be at least 1000')
    .max(10_000_000_000, 'count must be at most 10 billion')
    .default(DEFAULT_COMPARISON_COUNT),
  interpreter: z
    .string({ error: 'interpreter must be text, such as "python3.12" or a path' })
    .max(4096, 'interpreter is too long')
    .regex(/^[^\0\n\r]+$/, 'interpreter must be a program name or a path on one line')
    .default(DEFAULT_PYTHON),
});

const percent = z.number().min(0).max(100_000);

/** One thread (threads run) or one process (processes run) that counted, and its mean CPU over the run. */
export const comparisonUnitSchema = z.strictObject({
  name: z.string().max(100),
  /** TID of a thread, PID of a process. */
  id: z.number().int().nonnegative(),
  /** Mean CPU over the samples that saw it, percent of one core. */
  cpu: percent,
});

export const comparisonRunSchema = z.strictObject({
  mode: z.enum(COMPARISON_MODES),
  state: z.enum(['waiting', 'running', 'done', 'failed']),
  /** The run's worker (a Python program the lab started), once started. */
  workerId: z.string().max(64).nullable(),
  /** From the program's hello to its exit, ms (facts' times); null until it has ended. */
  wallMs: z.number().nonnegative().nullable(),
  /** Samples of the run's processes taken so far. */
  samples: z.number().int().nonnegative(),
  /** Mean CPU of the run's processes together, percent of one core (200 = two cores); and the highest sample. */
  totalCpu: percent.nullable(),
  peakCpu: percent.nullable(),
  /** Mean load of each core over the run, percent (the whole machine's: others' work included). */
  cores: z.array(z.number().min(0).max(100)).max(1024),
  /** The counting threads or processes (the busiest first). */
  units: z.array(comparisonUnitSchema).max(MAX_COMPARISON_WORKERS * 4),
  /** Share of the samples in which the GIL inference said the program's threads took turns (gil.ts); null before any. */
  gilBound: z.number().min(0).max(1).nullable(),
  /** Why it failed, in a sentence. */
  error: z.string().max(500).nullable(),
});
export type ComparisonRun = z.infer<typeof comparisonRunSchema>;

export const comparisonSchema = z.strictObject({
  id: z.string().max(64),
  interpreter: z.string().max(4096),
  workers: z.number().int().min(1).max(MAX_COMPARISON_WORKERS),
  count: z.number().int().positive(),
  state: z.enum(['running', 'done', 'failed']),
  runs: z.array(comparisonRunSchema).length(COMPARISON_MODES.length),
});
export type Comparison = z.infer<typeof comparisonSchema>;

export function waitingRun(mode: ComparisonMode): ComparisonRun {
  return { mode, state: 'waiting', workerId: null, wallMs: null, samples: 0, totalCpu: null, peakCpu: null, cores: [], units: [], gilBound: null, error: null };
}
