import type { Comparison } from './lessons';
import type { StartLesson } from './start-lesson';
import type { ScenarioEntry, ScenarioProblem, ScenarioProgress } from './scenario-run';
import { DEFAULT_CONFIG, type LabConfig } from './config';
import { EMPTY_TAILS, type OutputTails } from './output';
import type { PoolViews } from './pool-states';
import type { LabEvent, SystemFacts } from './protocol';
import type { ProcessSample } from './samples';
import type { CreatePrimitive, CycleStep } from './sync';
import type { JoinWaitView } from './joins';
import type { PrimitiveStates } from './sync-states';
import type { SeriesPoint } from './time-series';
import { INITIAL_STEP, type StepView } from './step-mode';
import type { PythonView, WorkerDescriptor, WorkerState } from './worker';

/** The view state: a pure fold of the core's events (see reducer.ts). */

export interface HostFacts {
  readonly pid: number;
  readonly ppid: number;
  readonly platform: string;
  readonly cores: number;
  readonly signalNumbers: Readonly<Record<string, number>>;
}

export interface WorkerExit {
  readonly code: number | null;
  readonly signal: string | null;
  readonly exitCode: number;
  readonly detail: string | null;
  readonly at: number;
}

export interface WorkerView extends WorkerDescriptor {
  readonly state: WorkerState;
  readonly requestedAt: number;
  readonly pid: number | null;
  readonly ppid: number | null;
  /** Native thread id (Linux TID) of a thread worker, where the platform gives one. */
  readonly tid: number | null;
  readonly readyAt: number | null;
  readonly latencyMs: number | null;
  readonly startFailure: string | null;
  readonly exit: WorkerExit | null;
  readonly stdoutBytes: number;
  readonly stderrBytes: number;
  readonly cpu: number | null;
  readonly cpuTimeMs: number | null;
  readonly rss: number | null;
  /** A join in progress, if any. */
  readonly join: { readonly since: number; readonly timeoutMs: number | null } | null;
  /** This worker's own join of another worker in progress (join.waiting: a Python thread in Thread.join or Process.join); absent or null: none. */
  readonly joining?: JoinWaitView | null;
  /** A terminate in progress: sent, maybe escalated, not yet exited. */
  readonly terminating: { readonly since: number; readonly how: string; readonly escalated: boolean } | null;
  /** A Python process (method "python"): what its shim said of it; absent until it says anything (unobserved). */
  readonly python?: PythonView;
}

/** The synchronisation primitives, folded from their facts, and what came of them. */
export interface SyncView {
  /** Every primitive created, in creation order. */
  readonly created: readonly CreatePrimitive[];
  /** Each primitive's view state by name, in creation order, folded from its facts (a new page's from a keyframe). */
  readonly states: PrimitiveStates;
  /** Per queue, over the history window: values are [depth, unfinished (or null), puts so far, gets so far]. */
  readonly queueSeries: Readonly<Record<string, readonly SeriesPoint[]>>;
  /** The deadlock now in force, if any, since when, and its cycle. */
  readonly deadlock: { readonly since: number; readonly cycle: readonly CycleStep[] } | null;
}

/** The scenarios (docs/scenarios.md): the files read, those refused, and where each scenario stands. */
export interface ScenariosView {
  readonly library: readonly ScenarioEntry[];
  readonly problems: readonly ScenarioProblem[];
  /** By scenario id; absent: never stepped or run since the lab started (step 0, idle). */
  readonly progress: Readonly<Record<string, ScenarioProgress>>;
}

/** What observing costs now, as the host measured it over its last sampling period (own-cost.ts). */
export type LabCost = Omit<Extract<LabEvent, { type: 'metrics.cost' }>, 'type' | 'seq'>;

export interface LabState {
  readonly host: HostFacts | null;
  readonly system: SystemFacts | null;
  readonly config: LabConfig;
  readonly stopping: boolean;
  readonly workers: Readonly<Record<string, WorkerView>>;
  /** Worker ids in the order they were asked for. */
  readonly workerOrder: readonly string[];
  readonly processes: readonly ProcessSample[];
  /** Per-core load; values are the cores in order, then the total. */
  readonly cpu: readonly SeriesPoint[];
  /** Lifecycle events, oldest first, for the event log. */
  readonly log: readonly LabEvent[];
  readonly sync: SyncView;
  /** Pools and executors by name (pool-states.ts); a pool worker's badge comes from their slots. */
  readonly pools: PoolViews;
  /** Pool names in creation order. */
  readonly poolOrder: readonly string[];
  /** What each worker printed: the tail of its stdout and stderr, by worker id (absent: nothing yet). */
  readonly output: OutputTails;
  /** The lab's own cost, last measured (null before the first period ends). */
  readonly cost: LabCost | null;
  /** The newest threads-vs-processes comparison (lessons.ts), null before the first. */
  readonly comparison: Comparison | null;
  /** The newest fork vs spawn vs forkserver lesson (start-lesson.ts), null before the first. */
  readonly startLesson: StartLesson | null;
  readonly scenarios: ScenariosView;
  /** Step mode ("be the scheduler", step-mode.ts): on or off, who is held where, the schedule chosen. */
  readonly step: StepView;
  /** Time of the newest event: the lab's "now" for ageing exited workers. */
  readonly now: number;
}

export const LOG_LIMIT = 2000;

export const INITIAL_STATE: LabState = {
  host: null,
  system: null,
  config: DEFAULT_CONFIG,
  stopping: false,
  workers: {},
  workerOrder: [],
  processes: [],
  cpu: [],
  log: [],
  sync: { created: [], states: {}, queueSeries: {}, deadlock: null },
  pools: {},
  poolOrder: [],
  output: EMPTY_TAILS,
  cost: null,
  comparison: null,
  startLesson: null,
  scenarios: { library: [], problems: [], progress: {} },
  step: INITIAL_STEP,
  now: 0,
};

/** The sampling period in force: the configured one, or longer while the lab has lowered its rate. */
export function samplePeriodInForce(state: Pick<LabState, 'config' | 'cost'>): number {
  return state.cost !== null && state.cost.configuredMs === state.config.samplePeriodMs ? state.cost.periodMs : state.config.samplePeriodMs;
}

export function isLive(worker: WorkerView): boolean {
  return worker.exit === null && worker.startFailure === null;
}

/** Exited workers stay in the tree for `exitedRetentionMs`, then belong to the history list. */
export function isInHistory(worker: WorkerView, state: Pick<LabState, 'now' | 'config'>): boolean {
  const endedAt = worker.exit?.at ?? (worker.startFailure !== null ? worker.requestedAt : null);
  return endedAt !== null && state.now - endedAt > state.config.exitedRetentionMs;
}
