import { z } from 'zod';
import { startSpecSchema } from './start-spec';
import { mayBacktrack } from './pattern-cost';
import { createPrimitiveSchema } from './sync';

/**
 * A scenario file (docs/scenarios.md): one lesson of the seeds as a runnable, narrated demo. Its title and
 * the seed it comes from, narration in steps, its variants (broken, fixed...) each with its program and the
 * expected outcome as a check over the facts the lab records, and what to look at. Written in YAML by people
 * (the library in resources/scenarios, a teacher's own folder), so every message here says what to write.
 */

/** What a presentation shows: the panels of the lab's views, the first one large. */
export const SCENARIO_PANELS = ['processes', 'cpu', 'locks', 'wait-for', 'queues', 'pools', 'timeline', 'output', 'log'] as const;
export type ScenarioPanel = (typeof SCENARIO_PANELS)[number];

export const SCENARIO_LIMITS = {
  /** A scenario file's bytes: a lesson is a page of text, not a book. */
  fileBytes: 64 * 1024,
  steps: 30,
  variants: 4,
  text: 2_000,
  title: 120,
  /** A printed check's regular expression: short, so that matching one output line stays cheap. */
  pattern: 200,
  /** Seconds a check may wait before it is decided (a hang is told by still waiting). */
  seconds: 600,
} as const;

/** A scenario's id is its file's name without `.yaml`: `race.yaml` is `race`. */
export const SCENARIO_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;
export const scenarioIdSchema = z.string({ error: 'a scenario id is text, such as "race"' }).regex(SCENARIO_ID, 'a scenario id is lower-case letters, digits, "-" and "_", such as "race"');
export const variantIdSchema = z.string({ error: 'a variant id is text, such as "broken"' }).regex(SCENARIO_ID, 'a variant id is lower-case letters, digits, "-" and "_", such as "broken" or "fixed"');

const text = (what: string, max: number = SCENARIO_LIMITS.text) =>
  z
    .string({ error: `${what} must be text` })
    .trim()
    .min(1, `${what} must not be empty`)
    .max(max, `${what} is at most ${max} characters`);

const seconds = (what: string) =>
  z
    .number({ error: `${what} must be a number of seconds` })
    .positive(`${what} must be more than 0 seconds`)
    .max(SCENARIO_LIMITS.seconds, `${what} is at most ${SCENARIO_LIMITS.seconds} seconds`);

/** A worker as the program names it: "slow_worker", "Thread-1 (Music)"; `main` is the program's own process. */
const workerName = text('worker', 64);

export const scenarioLookSchema = z.strictObject({
  panels: z
    .array(z.enum(SCENARIO_PANELS, { error: `a panel is one of ${SCENARIO_PANELS.join(', ')}` }), { error: `panels is a list, such as [locks, wait-for]` })
    .min(1, 'name at least one panel')
    .max(4, 'at most 4 panels: a projector shows few things well'),
  /** The worker to select, by the name the program gives it. */
  worker: workerName.optional(),
  /** The primitive to point at, by its variable's name (as the Locks view shows it). */
  primitive: text('primitive', 40).optional(),
});
export type ScenarioLook = z.infer<typeof scenarioLookSchema>;

export const narrationStepSchema = z.strictObject({
  text: text('a step\'s text'),
  look: scenarioLookSchema.optional(),
});
export type NarrationStep = z.infer<typeof narrationStepSchema>;

/** A path inside resources/python/examples: "threading-and-multiprocessing/06_lock_race_without_lock.py". */
const examplePath = z
  .string({ error: 'example must be the path of a shipped program, such as threading-and-multiprocessing/08_deadlock_two_locks.py' })
  .max(300, 'example path is too long')
  .regex(/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_.-]+)*\.py$/, 'example must be a path inside resources/python/examples, such as threading-and-multiprocessing/08_deadlock_two_locks.py')
  .refine((path) => !path.split('/').includes('..'), 'example must not leave resources/python/examples');

const pythonProgramSchema = z
  .strictObject({
    kind: z.literal('python'),
    /** One of the seeds' programs the lab ships (resources/python/examples). */
    example: examplePath.optional(),
    /** A Python file of the scenario's own: relative to the scenario file's folder, or absolute. */
    script: z.string({ error: 'script must be the path of a Python file' }).min(1, 'script must not be empty').max(4096, 'script path is too long').regex(/^[^\0\n\r]+$/, 'script must be a path on one line').optional(),
    /** The program itself, as python3 -c runs it. */
    code: z
      .string({ error: 'code must be text: the program itself' })
      .min(1, 'code must not be empty')
      .max(20_000, 'code is at most 20000 characters; put a longer program in a script')
      // A NUL ("\\0" in a quoted YAML string) cannot be in a command line: the start would fail without a word here.
      .refine((code) => !code.includes('\0'), 'code must not contain a NUL character')
      .optional(),
    args: z
      .array(z.string({ error: 'each argument must be text' }).max(1000, 'an argument is at most 1000 characters').refine((arg) => !arg.includes('\0'), 'an argument must not contain a NUL character'), { error: 'args must be a list' })
      .max(32, 'at most 32 arguments')
      .default([]),
  })
  .superRefine((program, ctx) => {
    const given = [program.example, program.script, program.code].filter((each) => each !== undefined).length;
    if (given !== 1) ctx.addIssue({ code: 'custom', message: 'a python program has exactly one of example, script or code', path: [] });
  });

/** The lab's own workers and primitives (Node threads and processes), for the lessons that are Node's. */
const labProgramSchema = z.strictObject({
  kind: z.literal('lab'),
  /** Made before the workers start, and deleted by a reset. */
  primitives: z.array(createPrimitiveSchema, { error: 'primitives must be a list' }).max(16, 'at most 16 primitives').default([]),
  /** Start specs as the lab's start command takes them (docs: README, "Start workers"). */
  starts: z.array(startSpecSchema, { error: 'starts must be a list of start specs' }).min(1, 'name at least one start').max(8, 'at most 8 starts'),
});

export const scenarioProgramSchema = z.discriminatedUnion('kind', [pythonProgramSchema, labProgramSchema], {
  error: 'program.kind must be one of python, lab',
});
export type ScenarioProgram = z.infer<typeof scenarioProgramSchema>;

/** The words a verdict may use, filled in when it is told. */
export const VERDICT_PLACEHOLDERS = ['value', 'expected', 'seconds', 'worker'] as const;
const placeholder = /\{([^{}]*)\}/g;

const verdictText = (what: string) =>
  text(what, 300).superRefine((template, ctx) => {
    for (const [, name] of template.matchAll(placeholder)) {
      if (!(VERDICT_PLACEHOLDERS as readonly string[]).includes(name!)) ctx.addIssue({ code: 'custom', message: `${what} may use ${VERDICT_PLACEHOLDERS.map((each) => `{${each}}`).join(', ')}, not {${name}}` });
    }
  });

export const verdictSchema = z.strictObject({
  /** "counter ended at {value}: the race happened, as expected without a lock" */
  pass: verdictText('verdict.pass'),
  fail: verdictText('verdict.fail'),
  /** While undecided: "waiting for the counter". */
  pending: verdictText('verdict.pending').optional(),
});
export type Verdict = z.infer<typeof verdictSchema>;

/** One comparison of a measured number: exactly one of these keys. */
const boundShape = {
  equals: z.number({ error: 'equals must be a number' }).optional(),
  notEquals: z.number({ error: 'notEquals must be a number' }).optional(),
  atLeast: z.number({ error: 'atLeast must be a number' }).optional(),
  atMost: z.number({ error: 'atMost must be a number' }).optional(),
};
export const BOUND_KEYS = ['equals', 'notEquals', 'atLeast', 'atMost'] as const;
export type Bound = { readonly [K in (typeof BOUND_KEYS)[number]]?: number };

const boundCount = (check: Bound) => BOUND_KEYS.filter((key) => check[key] !== undefined).length;
const oneBound = (required: boolean) => (check: Bound, ctx: z.RefinementCtx) => {
  const count = boundCount(check);
  if (count > 1 || (required && count === 0)) ctx.addIssue({ code: 'custom', message: `a check compares with exactly one of ${BOUND_KEYS.join(', ')}`, path: [] });
};

const common = {
  verdict: verdictSchema,
  /** How many runs a probabilistic check may take (headless: `npm run scenarios`); 1 when it is certain. */
  retries: z.number({ error: 'retries must be a number' }).int('retries must be a whole number').min(1, 'retries is at least 1').max(3, 'retries is at most 3').default(1),
  /** Undecided this long after the start, the check fails (a hang check decides at its own `seconds`). */
  limit: seconds('limit').default(60),
};

export const CHECK_KINDS = ['printed', 'value', 'deadlock', 'cores', 'exit', 'ends', 'primitive'] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];

/** What a `primitive` check measures over the primitive's recorded facts. */
export const PRIMITIVE_MEASURES = ['most-holders', 'most-waiters', 'most-depth', 'depth', 'puts', 'gets', 'acquisitions'] as const;
export type PrimitiveMeasure = (typeof PRIMITIVE_MEASURES)[number];

/** What a `cores` check counts: the CPU the program got, or the CPU it wanted (got, plus waited for in the run queue). */
export const CORES_MEASURES = ['used', 'wanted'] as const;

export const scenarioCheckSchema = z.discriminatedUnion(
  'kind',
  [
    /** A line the program prints: the regex's first group, as a number, compared; with no bound, the line itself passes. */
    z
      .strictObject({
        kind: z.literal('printed'),
        pattern: z
          .string({ error: 'pattern must be a regular expression, such as "num:(\\d+)"' })
          .min(1, 'pattern must not be empty')
          .max(SCENARIO_LIMITS.pattern, `pattern is at most ${SCENARIO_LIMITS.pattern} characters`)
          .refine((pattern) => compiles(pattern), 'pattern is not a regular expression JavaScript can read')
          .refine((pattern) => !mayBacktrack(pattern), 'pattern repeats a group that itself repeats (such as (a+)+), or refers back to a group: matching it can take exponential time. Write it without'),
        stream: z.enum(['stdout', 'stderr'], { error: 'stream must be one of stdout, stderr' }).default('stdout'),
        ...boundShape,
        ...common,
      })
      .superRefine(oneBound(false)),
    /** A Value's number, or a dict's key, as its last recorded write left it when the program ended. */
    z
      .strictObject({ kind: z.literal('value'), primitive: text('primitive', 40), key: text('key', 100).optional(), ...boundShape, ...common })
      .superRefine(oneBound(true)),
    /** A deadlock the lab detects (its wait-for cycle of `cycle` workers), or none until the program ends. */
    z
      .strictObject({
        kind: z.literal('deadlock'),
        expect: z.enum(['cycle', 'none'], { error: 'expect must be one of cycle, none' }),
        cycle: z.number({ error: 'cycle must be a number of workers' }).int('cycle must be a whole number').min(1, 'cycle is at least 1').max(64, 'cycle is at most 64').optional(),
        ...common,
      })
      .superRefine((check, ctx) => {
        if (check.expect === 'none' && check.cycle !== undefined) ctx.addIssue({ code: 'custom', message: 'cycle is for expect: cycle', path: ['cycle'] });
      }),
    /**
     * Cores the program kept busy (`used`): its processes' CPU together, averaged over the samples while it
     * computed; or the cores it `wanted`: its threads' time on a CPU or runnable in the run queue, which a
     * busy machine does not lower (a thread waiting for the GIL sleeps: it wants no core).
     */
    z
      .strictObject({ kind: z.literal('cores'), measure: z.enum(CORES_MEASURES, { error: `measure must be one of ${CORES_MEASURES.join(', ')}` }).default('used'), ...boundShape, ...common })
      .superRefine(oneBound(true)),
    /** A worker's exit code in the seeds' convention (0, > 0, -N for signal N); `worker: main` is the program. */
    z.strictObject({ kind: z.literal('exit'), worker: workerName, ...boundShape, ...common }).superRefine(oneBound(true)),
    /** The program finishes within `seconds`, or still runs after them (and, with `waitingOn`, waits on that primitive). */
    z.strictObject({
      kind: z.literal('ends'),
      expect: z.enum(['finishes', 'hangs'], { error: 'expect must be one of finishes, hangs' }),
      seconds: seconds('seconds'),
      waitingOn: text('waitingOn', 40).optional(),
      ...common,
    })
      .superRefine((check, ctx) => {
        // At its limit an undecided check fails: one whose seconds reach it could never pass.
        if (check.seconds >= check.limit) ctx.addIssue({ code: 'custom', message: `seconds must be less than the check's limit (${check.limit} s): raise limit too`, path: ['seconds'] });
      }),
    /** A number of a primitive's recorded facts, when the program ended. */
    z
      .strictObject({
        kind: z.literal('primitive'),
        name: text('name', 40),
        measure: z.enum(PRIMITIVE_MEASURES, { error: `measure must be one of ${PRIMITIVE_MEASURES.join(', ')}` }),
        ...boundShape,
        ...common,
      })
      .superRefine(oneBound(true)),
  ],
  { error: `check.kind must be one of ${CHECK_KINDS.join(', ')}` },
);
export type ScenarioCheck = z.infer<typeof scenarioCheckSchema>;

export const scenarioVariantSchema = z.strictObject({
  id: variantIdSchema,
  /** "Without a lock", "With a Lock". */
  label: text('label', 80),
  program: scenarioProgramSchema,
  look: scenarioLookSchema.optional(),
  check: scenarioCheckSchema,
});
export type ScenarioVariant = z.infer<typeof scenarioVariantSchema>;

export const scenarioSchema = z
  .strictObject({
    title: text('title', SCENARIO_LIMITS.title),
    /** The seed and section it comes from: "000_e6748afd6f81a5c9.txt, 2.4 互斥锁 (Lock)". */
    seed: text('seed', 300),
    summary: text('summary').optional(),
    look: scenarioLookSchema.optional(),
    narration: z.array(narrationStepSchema, { error: 'narration must be a list of steps, each with its text' }).min(1, 'narration needs at least one step').max(SCENARIO_LIMITS.steps, `narration has at most ${SCENARIO_LIMITS.steps} steps`),
    variants: z.array(scenarioVariantSchema, { error: 'variants must be a list' }).min(1, 'a scenario needs at least one variant').max(SCENARIO_LIMITS.variants, `at most ${SCENARIO_LIMITS.variants} variants`),
  })
  .superRefine((scenario, ctx) => {
    const seen = new Set<string>();
    scenario.variants.forEach((variant, at) => {
      if (seen.has(variant.id)) ctx.addIssue({ code: 'custom', message: `two variants are called ${variant.id}`, path: ['variants', at, 'id'] });
      seen.add(variant.id);
    });
  });
export type Scenario = z.infer<typeof scenarioSchema>;

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

/** The look in force at a step of a variant: the step's, else the variant's, else the scenario's, else the process tree. */
export function lookAt(scenario: Scenario, variantId: string | null, step: number): ScenarioLook {
  const variant = scenario.variants.find((each) => each.id === variantId);
  return scenario.narration[step]?.look ?? variant?.look ?? scenario.look ?? { panels: ['processes'] };
}
