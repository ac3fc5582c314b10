import { z } from 'zod';
import { scenarioIdSchema, scenarioSchema, variantIdSchema, SCENARIO_LIMITS } from './scenario';

/**
 * Scenarios as the lab runs them (docs/scenarios.md): the commands a page sends, the library it is told
 * (`scenario.library`), and where each scenario stands (`scenario.progress`), folded into LabState.scenarios.
 */

/** Scenarios in the library and a user's folder together, at most. */
export const MAX_SCENARIOS = 100;

export const scenarioCommandSchemas = [
  /** Run one variant: a running variant of the same scenario is reset first, so "run the fixed one" is one click. */
  z.strictObject({
    type: z.literal('scenario.run'),
    id: scenarioIdSchema,
    variant: variantIdSchema,
    /** The interpreter of a python program (default: the lab's, python3). */
    interpreter: z
      .string({ error: 'interpreter must be text, such as "python3.12" or a path' })
      .max(4096, 'interpreter is too long')
      .regex(/^[^\0\n\r]+$/, 'interpreter must be a program name or a path on one line')
      .optional(),
  }),
  /** Show narration step `to` (0 is the first). */
  z.strictObject({
    type: z.literal('scenario.step'),
    id: scenarioIdSchema,
    to: z.number({ error: 'to must be a step number' }).int('to must be a whole number').min(0, 'to is at least 0').max(SCENARIO_LIMITS.steps - 1, `to is at most ${SCENARIO_LIMITS.steps - 1}`),
  }),
  /** End everything the scenario made (its workers, its primitives), remove it, and go back to step 0. */
  z.strictObject({ type: z.literal('scenario.reset'), id: scenarioIdSchema }),
  /** Read the scenario files again (the library and the user's folder): a file edited is seen at once. */
  z.strictObject({ type: z.literal('scenario.reload') }),
] as const;

export const SCENARIO_SOURCES = ['library', 'user'] as const;

export const scenarioEntrySchema = z.strictObject({
  id: scenarioIdSchema,
  /** The shipped library (resources/scenarios) or the user's own folder. */
  source: z.enum(SCENARIO_SOURCES),
  /** The file's name, as errors name it: "race.yaml". */
  file: z.string().max(300),
  scenario: scenarioSchema,
});
export type ScenarioEntry = z.infer<typeof scenarioEntrySchema>;

/** A file that could not be used, and why: "water.yaml line 12: check.expect must be one of cycle, none". */
export const scenarioProblemSchema = z.strictObject({
  source: z.enum(SCENARIO_SOURCES),
  file: z.string().max(300),
  error: z.string().max(500),
});
export type ScenarioProblem = z.infer<typeof scenarioProblemSchema>;

export const CHECK_STATES = ['pending', 'pass', 'fail'] as const;
export type CheckState = (typeof CHECK_STATES)[number];

/** The live verdict of a run's check. */
export const checkProgressSchema = z.strictObject({
  state: z.enum(CHECK_STATES),
  /** The plain sentence to show big: the scenario's template, filled in. */
  verdict: z.string().max(500),
  /** What was measured so far, in words ("92", "1.04 cores", "-15"); null before anything was. */
  value: z.string().max(200).nullable(),
  /** More than 1: the check is probabilistic, and a failed run may be retried (the file's `retries`). */
  retries: z.number().int().min(1).max(3),
});
export type CheckProgress = z.infer<typeof checkProgressSchema>;

/**
 * `idle`: not run (or reset); `running`: its program runs; `ended`: its program ended (the check may still be
 * deciding: a child's exit code comes last); `failed`: it could not start; `resetting`: a reset is ending it.
 */
export const SCENARIO_RUN_STATES = ['idle', 'running', 'ended', 'failed', 'resetting'] as const;
export type ScenarioRunState = (typeof SCENARIO_RUN_STATES)[number];

export const scenarioProgressSchema = z.strictObject({
  id: scenarioIdSchema,
  /** The narration step shown (0 is the first). */
  step: z.number().int().nonnegative().max(SCENARIO_LIMITS.steps - 1),
  /** The variant run last; null before any run. */
  variant: variantIdSchema.nullable(),
  state: z.enum(SCENARIO_RUN_STATES),
  /** The groups of the workers the run started (a python program's observed processes and threads are in its group). */
  groupIds: z.array(z.string().max(64)).max(8),
  /** The worker the look names, once the program made it (a name like "slow_worker" resolved to its worker id). */
  focusWorkerId: z.string().max(64).nullable(),
  check: checkProgressSchema.nullable(),
  startedAt: z.number().nullable(),
  endedAt: z.number().nullable(),
  /** Why it could not start, in a sentence. */
  error: z.string().max(500).nullable(),
});
export type ScenarioProgress = z.infer<typeof scenarioProgressSchema>;

export const scenarioEventShapes = {
  library: { entries: z.array(scenarioEntrySchema).max(MAX_SCENARIOS), problems: z.array(scenarioProblemSchema).max(MAX_SCENARIOS) },
  /** `decided`: this is the progress at which its check was decided (the event log keeps that one). */
  progress: { progress: scenarioProgressSchema, decided: z.literal(true).optional() },
} as const;

export function idleProgress(id: string): ScenarioProgress {
  return { id, step: 0, variant: null, state: 'idle', groupIds: [], focusWorkerId: null, check: null, startedAt: null, endedAt: null, error: null };
}

/** The log's line for a decided check: "scenario race, broken: passed: counter ended at 99: the race happened". */
export function describeScenarioProgress(progress: ScenarioProgress): string {
  const run = `scenario ${progress.id}${progress.variant === null ? '' : `, ${progress.variant}`}`;
  if (progress.error !== null) return `${run} could not run: ${progress.error}`;
  if (progress.check === null) return `${run}: ${progress.state}`;
  return `${run}: ${progress.check.state === 'pass' ? 'passed' : progress.check.state === 'fail' ? 'failed' : 'watching'}: ${progress.check.verdict}`;
}
