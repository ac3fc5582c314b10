import { z } from 'zod';
import type { SyncOp } from './sync';

/**
 * "Be the scheduler" (issue 11, docs/step-mode.md): in step mode every worker is held at its next
 * synchronisation point, before the operation takes effect, until the person releases it; one release lets
 * one operation through. The held operations, the releases chosen and a replay of them are lab events, so the
 * event log, the timeline and a recording all show the schedule the person chose.
 */

/**
 * The operations that only look (a size, a flag, who holds a lock) or finish something already let through
 * (a Barrier's action): never held, so a worker asking them cannot be stopped mid-way by a question.
 * Every other request of a worker is a synchronisation point, the reads of shared data included: a race's
 * `counter.value` read and its write are two points, so a person can put another worker between them.
 */
export const NEVER_HELD: ReadonlySet<SyncOp> = new Set<SyncOp>([
  'qsize',
  'empty',
  'full',
  'is_set',
  'is_shutdown',
  'locked',
  'is_owned',
  'get_value',
  'n_waiting',
  'broken',
  'parties',
  'action_done',
  'array_len',
  'dict_len',
  'list_len',
]);

/** Whether a worker's request of this op is held in step mode. */
export const isStepPoint = (op: SyncOp): boolean => !NEVER_HELD.has(op);

/** Where a worker is held, in the words the page shows: "lockA.acquire", "counter.value read". */
export function stepPointWords(primitive: string, op: string): string {
  return `${primitive}.${STEP_OP_WORDS[op] ?? op}`;
}

const STEP_OP_WORDS: Readonly<Record<string, string>> = {
  value_get: 'value read',
  value_set: 'value write',
  array_get: 'read',
  array_set: 'write',
  array_get_slice: 'read slice',
  array_set_slice: 'write slice',
  dict_get: 'read',
  dict_set: 'write',
  list_get: 'read',
  list_set: 'write',
  list_append: 'append',
  task_done: 'task_done',
  pipe_send: 'send',
  pipe_recv: 'recv',
};

/** Who let a held operation through: the person ("you"), a replay of their choices, or "Run freely" (not a choice). */
export const STEP_RELEASERS = ['you', 'replay', 'free'] as const;
export type StepReleaser = (typeof STEP_RELEASERS)[number];

const name = z.string().min(1).max(256);
const op = z.string().min(1).max(40);

/** One choice of a schedule: which worker went, at which point. */
export const stepChoiceSchema = z.strictObject({ workerId: name, primitive: name, op, t: z.number() });
export type StepChoice = z.infer<typeof stepChoiceSchema>;

/** The most choices a schedule keeps (a replay is of these; a run longer than this is a program, not a lesson). */
export const MAX_SCHEDULE = 2_000;

/** A replay of a schedule as it stands: under way, done, or stopped where the program went another way. */
export const stepReplaySchema = z.strictObject({
  state: z.enum(['running', 'done', 'diverged']),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  /** Why it stopped early, in words; null otherwise. */
  note: z.string().max(300).nullable(),
});
export type StepReplay = z.infer<typeof stepReplaySchema>;

/** The step events (their `seq` and `t` are added with the protocol's base). */
export const stepEventShapes = {
  'step.mode': { on: z.boolean() },
  'step.held': { workerId: name, primitive: name, op },
  'step.released': { workerId: name, primitive: name, op, by: z.enum(STEP_RELEASERS) },
  'step.replay': { replay: stepReplaySchema },
} as const;

/** Where one worker is held now. */
export interface HeldAt {
  readonly primitive: string;
  readonly op: string;
  readonly since: number;
}

/** The step mode's part of the view state. */
export interface StepView {
  readonly on: boolean;
  /** Each held worker's next operation, by worker id. */
  readonly held: Readonly<Record<string, HeldAt>>;
  /** The choices made since step mode was last turned on, in order: what "Again with this schedule" replays. */
  readonly schedule: readonly StepChoice[];
  readonly replay: StepReplay | null;
}

export const INITIAL_STEP: StepView = { on: false, held: {}, schedule: [], replay: null };

export const stepViewSchema: z.ZodType<StepView> = z.strictObject({
  on: z.boolean(),
  held: z.record(name, z.strictObject({ primitive: name, op, since: z.number() })).refine((held) => Object.keys(held).length <= 4096, 'too many held workers'),
  schedule: z.array(stepChoiceSchema).max(MAX_SCHEDULE),
  replay: stepReplaySchema.nullable(),
});

type StepEvent =
  | { readonly type: 'step.mode'; readonly t: number; readonly on: boolean }
  | { readonly type: 'step.held'; readonly t: number; readonly workerId: string; readonly primitive: string; readonly op: string }
  | { readonly type: 'step.released'; readonly t: number; readonly workerId: string; readonly primitive: string; readonly op: string; readonly by: StepReleaser }
  | { readonly type: 'step.replay'; readonly t: number; readonly replay: StepReplay };

/** Folds one step event (reducer.ts). Turning step mode on starts a new schedule; a replay's releases are its choices too. */
export function withStepEvent(step: StepView, event: StepEvent): StepView {
  switch (event.type) {
    case 'step.mode':
      return event.on ? { on: true, held: {}, schedule: [], replay: step.replay?.state === 'running' ? step.replay : null } : { ...step, on: false, held: {} };
    case 'step.held':
      return { ...step, held: { ...step.held, [event.workerId]: { primitive: event.primitive, op: event.op, since: event.t } } };
    case 'step.released': {
      const { [event.workerId]: _released, ...held } = step.held;
      if (event.by === 'free' || step.schedule.length >= MAX_SCHEDULE) return { ...step, held };
      return { ...step, held, schedule: [...step.schedule, { workerId: event.workerId, primitive: event.primitive, op: event.op, t: event.t }] };
    }
    case 'step.replay':
      return { ...step, replay: event.replay };
  }
}

/** A worker ended: it is held nowhere. */
export function withStepWorkerEnded(step: StepView, workerId: string): StepView {
  if (step.held[workerId] === undefined) return step;
  const { [workerId]: _ended, ...held } = step.held;
  return { ...step, held };
}
