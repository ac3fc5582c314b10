import type { LabEvent } from './protocol';
import { HIST_BUCKETS, TASK_COUNT_KEYS, type PoolOrigin, type PoolSpec, type PoolState, type TaskCounts, type TaskStepFact } from './pools';
import { TASK_ENDS, type TaskStep } from './task-steps';
import { appendPoint, type SeriesPoint } from './time-series';

/**
 * The reducer's part for pools (issue 9): each pool's view state, folded from its events. A `pool.tasks`
 * batch costs O(its steps) plus the pool's bounded parts (its slots, its last POOL_TASKS_KEPT tasks), never
 * O(tasks so far): a pool running 30k tasks a second folds a few batches a turn.
 */

/** Tasks explain mode lists per pool, the newest; older ones are counted only. */
export const POOL_TASKS_KEPT = 300;
/** Steps kept of one task: its usual ten and a few re-queues after a worker was lost. */
export const TASK_STEPS_KEPT = 16;
/**
 * Workers that left a slot remembered per pool, the newest: their ghosts in the tree (30 s) and the history say
 * which slot they held. Older ones lose the badge, not their rows.
 */
export const FORMER_WORKERS_KEPT = 256;

/** A worker that held a slot and left it (replaced, retired, or the pool shrank). */
export interface FormerWorker {
  readonly workerId: string;
  readonly slot: number;
}

export interface PoolSlotView {
  readonly slot: number;
  readonly workerId: string | null;
  /** The task its worker runs now. */
  readonly taskId: number | null;
  /** Tasks its present worker finished, with a result or an error (a replacement starts at 0). */
  readonly done: number;
  /** When its present worker took the slot (the lab's time): utilisation is busy time over the time since. */
  readonly since: number;
  /** Time its present worker spent running the tasks that have ended (ms, as the host measured each). */
  readonly busyMs: number;
  /** Since when it runs the task it runs now (the first batch that told it, the lab's time); null while idle. */
  readonly busySince: number | null;
}

export interface PoolTaskStepView {
  readonly step: TaskStep;
  readonly t: number;
  readonly slot: number | null;
  readonly detail: string | null;
}

export interface PoolTaskView {
  readonly id: number;
  readonly fn: string | null;
  /** A chunk of a map: which map, which chunk, how many items. */
  readonly map: { readonly mapId: number; readonly chunk: number; readonly items: number } | null;
  readonly steps: readonly PoolTaskStepView[];
}

export interface PoolView {
  readonly spec: PoolSpec;
  /** 'observed': a Python program's own pool, which only its program controls. */
  readonly origin: PoolOrigin;
  /** Where an observed pool was created (file:line); null for the lab's. */
  readonly where: string | null;
  readonly state: PoolState;
  readonly reason: string | null;
  readonly createdAt: number;
  /** One per worker slot the pool has now, by slot. */
  readonly slots: readonly PoolSlotView[];
  /** Workers that held a slot and left it, oldest first (at most FORMER_WORKERS_KEPT). */
  readonly formerWorkers: readonly FormerWorker[];
  readonly backlog: number;
  /** Totals since the pool was created. */
  readonly counts: TaskCounts;
  /** Steps over explain mode's rate: counted, not kept. */
  readonly skipped: number;
  readonly runHist: readonly number[];
  readonly waitHist: readonly number[];
  /** Tasks finished (a result or an error) per second, one point per CPU sample: values [per second]. */
  readonly throughput: readonly SeriesPoint[];
  /** The count of finished tasks at the last point, and its time: the next point's rate starts there. */
  readonly sampled: { readonly t: number; readonly finished: number };
  /** The newest tasks explain mode kept, oldest first, with their steps. */
  readonly tasks: readonly PoolTaskView[];
}

export type PoolViews = Readonly<Record<string, PoolView>>;
export interface PoolsPart {
  readonly pools: PoolViews;
  /** Pool names in creation order. */
  readonly poolOrder: readonly string[];
}

type PoolEvent = Extract<LabEvent, { type: `pool.${string}` }>;

export function withPoolEvent(part: PoolsPart, event: PoolEvent): PoolsPart {
  switch (event.type) {
    case 'pool.created': {
      const name = event.pool.name;
      const order = part.poolOrder.includes(name) ? part.poolOrder : [...part.poolOrder, name];
      return { pools: { ...part.pools, [name]: newPool(event.pool, event.t, event.origin ?? 'lab', event.where ?? null) }, poolOrder: order };
    }
    case 'pool.deleted': {
      if (part.pools[event.pool] === undefined) return part;
      const { [event.pool]: _deleted, ...pools } = part.pools;
      return { pools, poolOrder: part.poolOrder.filter((name) => name !== event.pool) };
    }
    case 'pool.state':
      return update(part, event.pool, () => ({ state: event.state, reason: event.reason }));
    case 'pool.slot':
      return update(part, event.pool, (pool) => ({
        slots: withSlot(pool.slots, event.slot, event.workerId, event.t),
        formerWorkers: withFormer(pool.formerWorkers, pool.slots, event.slot, event.workerId),
      }));
    case 'pool.tasks':
      return update(part, event.pool, (pool) => ({
        backlog: event.backlog,
        counts: addCounts(pool.counts, event.counts),
        skipped: pool.skipped + event.skipped,
        runHist: addHist(pool.runHist, event.runHist),
        waitHist: addHist(pool.waitHist, event.waitHist),
        slots: withBusy(pool.slots, event.busy, event.doneBySlot, event.busyMsBySlot ?? [], event.t),
        tasks: withSteps(pool.tasks, event.steps),
      }));
  }
}

/** A CPU sample, the lab's tick: each pool's throughput since its last point. */
export function withThroughputPoints(part: PoolsPart, t: number, periodMs: number, historyMs: number): PoolsPart {
  if (part.poolOrder.length === 0) return part;
  const pools: Record<string, PoolView> = { ...part.pools };
  for (const name of part.poolOrder) {
    const pool = pools[name];
    if (pool === undefined) continue;
    const finished = pool.counts.done + pool.counts.failed;
    const elapsed = t - pool.sampled.t;
    const rate = elapsed > 0 ? ((finished - pool.sampled.finished) * 1000) / elapsed : 0;
    pools[name] = { ...pool, throughput: appendPoint(pool.throughput, { t, values: [rate] }, periodMs, historyMs), sampled: { t, finished } };
  }
  return { pools, poolOrder: part.poolOrder };
}

/** The slot a worker holds now, or held (`former`: another worker took it, or it went as the pool shrank). */
export interface PoolWorkerSlot {
  readonly pool: string;
  readonly slot: number;
  readonly former: boolean;
}

/**
 * Which pool and slot each pool worker serves or served, by worker id: the process tree's "pool worker N"
 * badge (WorkerView has nothing of pools; their slots say it). O(pools x (slots + former workers)), once per state.
 */
export function poolWorkers(pools: PoolViews): ReadonlyMap<string, PoolWorkerSlot> {
  const byWorker = new Map<string, PoolWorkerSlot>();
  for (const [pool, view] of Object.entries(pools)) {
    for (const { slot, workerId } of view.formerWorkers) byWorker.set(workerId, { pool, slot, former: true });
    for (const { slot, workerId } of view.slots) if (workerId !== null) byWorker.set(workerId, { pool, slot, former: false });
  }
  return byWorker;
}

function newPool(spec: PoolSpec, t: number, origin: PoolOrigin, where: string | null): PoolView {
  const zero = Object.fromEntries(TASK_COUNT_KEYS.map((key) => [key, 0])) as Record<keyof TaskCounts, number>;
  const hist = new Array<number>(HIST_BUCKETS).fill(0);
  return {
    spec,
    origin,
    where,
    state: 'running',
    reason: null,
    createdAt: t,
    slots: [],
    formerWorkers: [],
    backlog: 0,
    counts: zero,
    skipped: 0,
    runHist: hist,
    waitHist: hist,
    throughput: [],
    sampled: { t, finished: 0 },
    tasks: [],
  };
}

function update(part: PoolsPart, name: string, change: (pool: PoolView) => Partial<PoolView>): PoolsPart {
  const pool = part.pools[name];
  // Events of a pool this state never saw created (a page that connected late starts from a keyframe).
  if (pool === undefined) return part;
  // The pools' part only: the reducer hands this the whole lab state, which must not be copied here.
  return { pools: { ...part.pools, [name]: { ...pool, ...change(pool) } }, poolOrder: part.poolOrder };
}

function withSlot(slots: readonly PoolSlotView[], slot: number, workerId: string | null, t: number): PoolSlotView[] {
  const others = slots.filter((each) => each.slot !== slot);
  if (workerId === null) return others;
  const before = slots.find((each) => each.slot === slot);
  const same = before !== undefined && before.workerId === workerId;
  const next = [...others, same ? before : { slot, workerId, taskId: null, done: 0, since: t, busyMs: 0, busySince: null }];
  return next.sort((a, b) => a.slot - b.slot);
}

/** The worker a slot event moves out of its slot joins the former ones (the newest FORMER_WORKERS_KEPT). */
function withFormer(former: readonly FormerWorker[], slots: readonly PoolSlotView[], slot: number, workerId: string | null): readonly FormerWorker[] {
  const before = slots.find((each) => each.slot === slot)?.workerId ?? null;
  if (before === null || before === workerId) return former;
  const next = [...former.filter((each) => each.workerId !== before), { workerId: before, slot }];
  return next.length > FORMER_WORKERS_KEPT ? next.slice(next.length - FORMER_WORKERS_KEPT) : next;
}

/**
 * Each slot's task after the batch, its finished tasks and its busy time: the ended tasks' run times as
 * the host measured them, and for the task it runs now, the time since the first batch that told it (so a
 * row shows a long task's time as it runs; when it ends, its measured time counts instead).
 */
function withBusy(slots: readonly PoolSlotView[], busy: readonly (number | null)[], done: readonly number[], busyMs: readonly number[], t: number): readonly PoolSlotView[] {
  let changed = false;
  const next = slots.map((each) => {
    const taskId = busy[each.slot - 1] ?? null;
    const finished = done[each.slot - 1] ?? 0;
    const ran = busyMs[each.slot - 1] ?? 0;
    if (taskId === each.taskId && finished === 0 && ran === 0) return each;
    changed = true;
    const busySince = taskId === null ? null : taskId === each.taskId ? each.busySince : t;
    return { ...each, taskId, done: each.done + finished, busyMs: each.busyMs + ran, busySince };
  });
  return changed ? next : slots;
}

function addCounts(total: TaskCounts, delta: TaskCounts): TaskCounts {
  const sum = { ...total };
  for (const key of TASK_COUNT_KEYS) sum[key] += delta[key];
  return sum;
}

function addHist(total: readonly number[], delta: readonly number[]): readonly number[] {
  if (delta.every((value) => value === 0)) return total;
  return total.map((value, index) => value + (delta[index] ?? 0));
}

type OwnTask = { id: number; fn: string | null; map: PoolTaskView['map']; steps: PoolTaskStepView[] };

/** The batch's steps onto the kept tasks: the list and each task it touches copied once, then the oldest cut. */
function withSteps(tasks: readonly PoolTaskView[], steps: readonly TaskStepFact[]): readonly PoolTaskView[] {
  if (steps.length === 0) return tasks;
  const next: PoolTaskView[] = [...tasks];
  const at = new Map<number, number>();
  next.forEach((task, index) => at.set(task.id, index));
  const own = new Map<number, OwnTask>();
  for (const fact of steps) {
    let task = own.get(fact.id);
    if (task === undefined) {
      const index = at.get(fact.id);
      const kept = index === undefined ? undefined : next[index];
      // Only a task's first step starts its row: a later one of a task not in the list (cut, or never kept
      // from its start) would come back as a row that begins half-way.
      if (kept === undefined && fact.step !== 'submitted') continue;
      task = kept === undefined ? { id: fact.id, fn: null, map: null, steps: [] } : { ...kept, steps: [...kept.steps] };
      own.set(fact.id, task);
      if (index === undefined) {
        at.set(fact.id, next.length);
        next.push(task);
      } else next[index] = task;
    }
    if (fact.fn !== undefined) task.fn = fact.fn;
    if (fact.map !== undefined) task.map = fact.map;
    if (task.steps.length < TASK_STEPS_KEPT) task.steps.push({ step: fact.step, t: fact.t, slot: fact.slot, detail: fact.detail ?? null });
  }
  return next.length > POOL_TASKS_KEPT ? withoutOldest(next, next.length - POOL_TASKS_KEPT) : next;
}

const TASK_END_STEPS: ReadonlySet<TaskStep> = new Set<TaskStep>(TASK_ENDS);
const hasEnded = (task: PoolTaskView): boolean => task.steps.some((step) => TASK_END_STEPS.has(step.step));

/**
 * The list less its `excess` oldest tasks, ended ones first: a task still in flight keeps its row, so the end
 * of a long one, after many quick ones, still reaches it (the core follows no more in flight than are kept).
 */
function withoutOldest(tasks: readonly PoolTaskView[], excess: number): PoolTaskView[] {
  const cut = new Set<PoolTaskView>();
  for (const task of tasks) {
    if (cut.size === excess) break;
    if (hasEnded(task)) cut.add(task);
  }
  for (const task of tasks) {
    if (cut.size === excess) break;
    cut.add(task);
  }
  return tasks.filter((task) => !cut.has(task));
}
