import { comparisonSchema } from './lessons';
import { startLessonSchema } from './start-lesson';
import { MAX_SCENARIOS, scenarioEntrySchema, scenarioProblemSchema, scenarioProgressSchema } from './scenario-run';
import { INITIAL_STEP, stepViewSchema } from './step-mode';
import { z } from 'zod';
import { labConfigSchema } from './config';
import type { LabState } from './lab-state';
import { LOG_LIMIT } from './lab-state';
import { OUTPUT_STREAMS } from './output';
import { FORMER_WORKERS_KEPT, POOL_TASKS_KEPT, TASK_STEPS_KEPT, type PoolView } from './pool-states';
import { HIST_BUCKETS, POOL_ORIGINS, POOL_STATES, poolSpecSchema, taskCountsSchema } from './pools';
import { labCostShape, labEventSchema, systemFactsSchema } from './protocol';
import { primitiveStateSchema } from './primitive-state';
import { processSampleSchema } from './samples';
import { MAX_POOL_SIZE, TASK_STEPS } from './task-steps';
import { createPrimitiveSchema, cycleStepSchema } from './sync';
import { pythonViewSchema, WORKER_STATES, workerDescriptorSchema } from './worker';

/**
 * The view state (lab-state.ts) as a schema, to validate a keyframe read from a recording file: a file is
 * input from anywhere, so every list is bounded (by the reducer's own limits where it has one, by a
 * generous ceiling where it has none). Typed against LabState, so the two cannot drift apart silently.
 */

/** Workers a state may hold (the reducer keeps ended ones; the lab allows 4,096 live at most). */
const MAX_WORKERS = 100_000;
/** Processes one sample may list (the lab's tree, every thread of each inside). */
const MAX_PROCESSES = 20_000;
/** Points of a time series (an hour of 50 ms samples). */
const MAX_POINTS = 72_000;
const MAX_PRIMITIVES = 10_000;
/** Pieces of one worker's output tail (output.ts keeps at most 2,000). */
const MAX_PIECES = 2_000;

const count = z.number().int().nonnegative();
const seriesPoint = z.strictObject({ t: z.number(), values: z.array(z.number().nullable()).max(1_024) });
const series = z.array(seriesPoint).max(MAX_POINTS);
const perStream = z.strictObject({ stdout: count, stderr: count });

const workerViewSchema = z.strictObject({
  ...workerDescriptorSchema.shape,
  state: z.enum(WORKER_STATES),
  requestedAt: z.number(),
  pid: count.nullable(),
  ppid: count.nullable(),
  tid: z.number().int().nullable(),
  readyAt: z.number().nullable(),
  latencyMs: z.number().nullable(),
  startFailure: z.string().nullable(),
  exit: z
    .strictObject({ code: z.number().int().nullable(), signal: z.string().nullable(), exitCode: z.number().int(), detail: z.string().nullable(), at: z.number() })
    .nullable(),
  stdoutBytes: z.number(),
  stderrBytes: z.number(),
  cpu: z.number().nullable(),
  cpuTimeMs: z.number().nullable(),
  rss: z.number().nullable(),
  join: z.strictObject({ since: z.number(), timeoutMs: z.number().nullable() }).nullable(),
  joining: z.strictObject({ target: z.string(), since: z.number(), timeoutMs: z.number().nullable() }).nullable().optional(),
  terminating: z.strictObject({ since: z.number(), how: z.string(), escalated: z.boolean() }).nullable(),
  python: pythonViewSchema.optional(),
});

const workerOutputSchema = z.strictObject({
  pieces: z.array(z.strictObject({ stream: z.enum(OUTPUT_STREAMS), text: z.string(), skippedBefore: count })).max(MAX_PIECES),
  chars: perStream,
  to: perStream,
  skipped: perStream,
});

/** Pools a state may hold (each is bounded: its slots, its last tasks, its series). */
const MAX_POOLS = 1_000;
const hist = z.array(count).length(HIST_BUCKETS);

const poolViewSchema: z.ZodType<PoolView> = z.strictObject({
  spec: poolSpecSchema,
  // A keyframe made before observed pools has neither: the lab's pool.
  origin: z.enum(POOL_ORIGINS).default('lab'),
  where: z.string().max(300).nullable().default(null),
  state: z.enum(POOL_STATES),
  reason: z.string().nullable(),
  createdAt: z.number(),
  slots: z
    .array(z.strictObject({ slot: z.number().int().min(1).max(MAX_POOL_SIZE), workerId: z.string().nullable(), taskId: z.number().int().nullable(), done: count, since: z.number(), busyMs: z.number().nonnegative(), busySince: z.number().nullable() }))
    .max(MAX_POOL_SIZE),
  // A recording made before it has none.
  formerWorkers: z
    .array(z.strictObject({ workerId: z.string(), slot: z.number().int().min(1).max(MAX_POOL_SIZE) }))
    .max(FORMER_WORKERS_KEPT)
    .default([]),
  backlog: count,
  counts: taskCountsSchema,
  skipped: count,
  runHist: hist,
  waitHist: hist,
  throughput: series,
  sampled: z.strictObject({ t: z.number(), finished: count }),
  tasks: z
    .array(
      z.strictObject({
        id: z.number().int().min(1),
        fn: z.string().nullable(),
        map: z.strictObject({ mapId: count, chunk: count, items: count }).nullable(),
        steps: z.array(z.strictObject({ step: z.enum(TASK_STEPS), t: z.number(), slot: z.number().int().nullable(), detail: z.string().nullable() })).max(TASK_STEPS_KEPT),
      }),
    )
    .max(POOL_TASKS_KEPT),
});

/** A record of at most `max` keys (zod's record has no bound of its own). */
const boundedRecord = <T extends z.ZodType>(value: T, max: number, what: string) =>
  z.record(z.string().max(256), value).refine((record) => Object.keys(record).length <= max, `more than ${max} ${what}`);

export const labStateSchema: z.ZodType<LabState> = z.strictObject({
  host: z
    .strictObject({ pid: count, ppid: count, platform: z.string(), cores: z.number().int().positive(), signalNumbers: boundedRecord(z.number(), 256, 'signals') })
    .nullable(),
  system: systemFactsSchema.nullable(),
  config: labConfigSchema,
  stopping: z.boolean(),
  workers: boundedRecord(workerViewSchema, MAX_WORKERS, 'workers'),
  workerOrder: z.array(z.string()).max(MAX_WORKERS),
  processes: z.array(processSampleSchema).max(MAX_PROCESSES),
  cpu: series,
  log: z.array(labEventSchema).max(LOG_LIMIT),
  sync: z.strictObject({
    created: z.array(createPrimitiveSchema).max(MAX_PRIMITIVES),
    states: boundedRecord(primitiveStateSchema, MAX_PRIMITIVES, 'primitive states'),
    queueSeries: boundedRecord(series, MAX_PRIMITIVES, 'queue series'),
    deadlock: z.strictObject({ since: z.number(), cycle: z.array(cycleStepSchema).max(MAX_PRIMITIVES) }).nullable(),
  }),
  // A recording made before pools (issue 9) has none.
  pools: boundedRecord(poolViewSchema, MAX_POOLS, 'pools').default({}),
  poolOrder: z.array(z.string()).max(MAX_POOLS).default([]),
  output: z.strictObject({ byWorker: boundedRecord(workerOutputSchema, MAX_WORKERS, 'output tails'), chars: count }),
  cost: z.strictObject({ t: z.number(), ...labCostShape }).nullable(),
  // A recording made before the Python lessons (issue 10) has none.
  comparison: comparisonSchema.nullable().default(null),
  // Nor one made before the start methods lesson.
  startLesson: startLessonSchema.nullable().default(null),
  // Nor one made before the scenarios (issue 11).
  scenarios: z
    .strictObject({
      library: z.array(scenarioEntrySchema).max(MAX_SCENARIOS),
      problems: z.array(scenarioProblemSchema).max(MAX_SCENARIOS),
      progress: boundedRecord(scenarioProgressSchema, MAX_SCENARIOS, 'scenario progress'),
    })
    .default({ library: [], problems: [], progress: {} }),
  // Nor one made before step mode.
  step: stepViewSchema.default(INITIAL_STEP),
  now: z.number(),
});
