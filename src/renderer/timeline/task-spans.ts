import type { PoolViews } from '../../shared/pool-states';
import type { LabEvent } from '../../shared/protocol';
import type { TaskStepFact } from '../../shared/pools';
import { TASK_ENDS, type TaskStep } from '../../shared/task-steps';
import type { Segment, TaskSpan, WorkerLane } from './lane-types';
import { close, open } from './segments';

/**
 * The tasks a pool worker ran, as spans on its lane (issue 9), folded from the pool events the lanes see:
 * a `pool.slot` says which worker holds slot N, and each `pool.tasks` batch says what each slot runs after
 * it (`busy`) and how many tasks it finished in it (`doneBySlot`). A task's span runs from the batch where
 * its slot's `busy` became it to the batch where that changed; where explain mode kept the task's steps
 * (`running`, and its end) in the batch, their own times are used, and a task that started and ended between
 * two batches is drawn from them. Tasks finished on a slot that neither `busy` nor kept steps show (30k
 * tasks a second, over explain mode's rate) are a mark that counts them. Each batch costs O(its steps +
 * the pool's slots); spans are kept as a lane's segments are (segments.ts).
 */

/** Task functions (and a map chunk's size) remembered per pool, from `submitted` steps, until their task's span opens. */
const FN_MEMORY = 4_096;

export type PoolTasksEvent = Extract<LabEvent, { type: 'pool.tasks' }>;
type PoolEvent = Extract<LabEvent, { type: `pool.${string}` }>;

interface PoolTrack {
  /** The pool's size as created, lowered as it shrinks (a slot told gone). */
  declared: number;
  /** Slot to the worker holding it. */
  readonly owners: Map<number, string>;
  /** Task id to its function, for the spans' words; bounded, oldest first. */
  readonly fns: Map<number, TaskName>;
}

interface TaskName {
  readonly fn: string;
  /** A map's chunk: how many items it holds. */
  readonly items: number | null;
}

/** A kept task's steps in one batch, on one slot. */
interface SeenTask {
  readonly id: number;
  start: number | null;
  end: number | null;
  /** It ended with a result or an error: Future.done() as doneBySlot counts it. */
  finished: boolean;
}

const ENDS: ReadonlySet<TaskStep> = new Set<TaskStep>(TASK_ENDS);

export class PoolTaskSpans {
  private readonly pools = new Map<string, PoolTrack>();

  /** `laneOf` gives a worker's lane, if the timeline has one; `hasExited`, whether that worker has exited. */
  constructor(
    private readonly laneOf: (workerId: string) => WorkerLane | undefined,
    private readonly hasExited: (workerId: string) => boolean = () => false,
  ) {}

  /** A worker exited: if it holds a slot still (a broken or ended pool's), its lane no longer claims it. */
  workerExited(workerId: string): void {
    for (const track of this.pools.values()) if ([...track.owners.values()].includes(workerId)) this.relabel(track);
  }

  take(event: PoolEvent & { readonly t: number }): void {
    switch (event.type) {
      case 'pool.created':
        this.pools.set(event.pool.name, { declared: event.pool.size, owners: new Map(), fns: new Map() });
        return;
      case 'pool.slot':
        return this.slot(event.pool, event.slot, event.workerId, event.t);
      case 'pool.tasks':
        return this.tasks(event);
      case 'pool.state':
        return;
      case 'pool.deleted':
        this.pools.delete(event.pool);
        return;
    }
  }

  /** Starts from a keyframe's pools: who holds each slot, and the task it runs then (its span opens at `t`). */
  seed(pools: PoolViews, t: number): void {
    for (const [name, view] of Object.entries(pools)) {
      const track: PoolTrack = { declared: view.spec.size, owners: new Map(), fns: new Map() };
      this.pools.set(name, track);
      for (const task of view.tasks) if (task.fn !== null) remember(track.fns, task.id, { fn: task.fn, items: task.map?.items ?? null });
      for (const { workerId, slot } of view.formerWorkers) {
        const lane = this.laneOf(workerId);
        if (lane !== undefined) lane.badge = `was pool worker ${slot}`;
      }
      for (const slot of view.slots) {
        if (slot.workerId === null) continue;
        track.owners.set(slot.slot, slot.workerId);
        const lane = this.laneOf(slot.workerId);
        if (lane !== undefined && slot.taskId !== null) this.openTask(track, lane.spans, slot.taskId, t);
      }
      this.relabel(track);
    }
  }

  private slot(name: string, slot: number, workerId: string | null, t: number): void {
    const track = this.pools.get(name);
    if (track === undefined) return;
    const before = track.owners.get(slot);
    // The worker that held it left (replaced, or the pool shrank): what it ran ends here, and its lane says
    // it was that slot's worker, no longer claiming the slot its replacement holds.
    if (before !== undefined && before !== workerId) {
      const lane = this.laneOf(before);
      if (lane !== undefined) {
        close(lane.spans, t);
        lane.badge = `was pool worker ${slot}`;
      }
    }
    if (workerId === null) {
      track.owners.delete(slot);
      track.declared = Math.max(0, ...track.owners.keys());
    } else track.owners.set(slot, workerId);
    this.relabel(track);
  }

  private tasks(event: PoolTasksEvent): void {
    const track = this.pools.get(event.pool);
    if (track === undefined) return;
    const seen = seenBySlot(event.steps, track.fns);
    for (const [slot, workerId] of track.owners) {
      const lane = this.laneOf(workerId);
      if (lane === undefined) continue;
      this.foldSlot(track, lane.spans, event.busy[slot - 1] ?? null, event.doneBySlot[slot - 1] ?? 0, seen.get(slot) ?? [], event.t);
    }
  }

  /**
   * One slot's batch: the span open before it ends (at its task's end step, else where the next task began,
   * else at the batch), the tasks seen in the batch follow in the order they started, then what `busy` says
   * it runs now opens. Times never go back, so the spans stay in order and never overlap.
   */
  private foldSlot(track: PoolTrack, spans: Segment<TaskSpan>[], busy: number | null, done: number, seen: SeenTask[], t: number): void {
    let left = done;
    let last = spans.at(-1);
    const running = last !== undefined && last.end === null ? last.state.taskId : null;
    const own = seen.find((task) => task.id === running);
    const others = seen.filter((task) => task !== own && task.start !== null).sort((a, b) => a.start! - b.start!);
    // Another task seen on the slot means its task ended, whatever `busy` says (a slot runs one at a time).
    if (last !== undefined && last.end === null && (busy !== running || own?.end != null || others.length > 0)) {
      last.end = Math.max(last.start, Math.min(own?.end ?? t, others[0]?.start ?? t, t));
      if (own === undefined || own.finished) left -= 1;
    }
    for (const [index, task] of others.entries()) {
      const at = Math.max(task.start!, cursorOf(spans));
      if (task.end === null && task.id === busy && !showing(spans, busy)) {
        this.placeUnseen(spans, left, at);
        left = 0;
        this.openTask(track, spans, task.id, at);
        continue;
      }
      this.openTask(track, spans, task.id, at);
      close(spans, Math.max(at, Math.min(task.end ?? others[index + 1]?.start ?? t, t)));
      if (task.finished) left -= 1;
    }
    if (busy !== null && !showing(spans, busy)) {
      const at = Math.max(t, cursorOf(spans));
      this.placeUnseen(spans, left, at);
      left = 0;
      this.openTask(track, spans, busy, at);
    }
    last = spans.at(-1);
    if (left > 0 && (last === undefined || last.end !== null)) this.placeUnseen(spans, left, Math.max(t, cursorOf(spans)));
  }

  /** Tasks the slot finished that nothing else shows: a mark at `t` that counts them. */
  private placeUnseen(spans: Segment<TaskSpan>[], tasks: number, t: number): void {
    if (tasks <= 0) return;
    endOpen(spans, t);
    open(spans, t, { taskId: null, fn: null, items: null, tasks, total: totalOf(spans) + tasks });
    close(spans, t);
  }

  private openTask(track: PoolTrack, spans: Segment<TaskSpan>[], taskId: number, t: number): void {
    const name = track.fns.get(taskId);
    endOpen(spans, t);
    open(spans, t, { taskId, fn: name?.fn ?? null, items: name?.items ?? null, tasks: 1, total: totalOf(spans) + 1 });
    track.fns.delete(taskId);
  }

  /** "pool worker N of P" on each of the pool's lanes; "was pool worker N" on one whose worker has exited (the tree's words). */
  private relabel(track: PoolTrack): void {
    const size = Math.max(track.declared, ...track.owners.keys());
    for (const [slot, workerId] of track.owners) {
      const lane = this.laneOf(workerId);
      if (lane !== undefined) lane.badge = this.hasExited(workerId) ? `was pool worker ${slot}` : `pool worker ${slot} of ${size}`;
    }
  }
}

/** The batch's kept steps per slot (the functions of submitted tasks remembered on the way). */
function seenBySlot(steps: readonly TaskStepFact[], fns: Map<number, TaskName>): Map<number, SeenTask[]> {
  const bySlot = new Map<number, SeenTask[]>();
  const byTask = new Map<number, SeenTask>();
  for (const step of steps) {
    if (step.fn !== undefined) remember(fns, step.id, { fn: step.fn, items: step.map?.items ?? null });
    if (step.step !== 'running' && !ENDS.has(step.step)) continue;
    let task = byTask.get(step.id);
    if (step.step === 'running') {
      if (step.slot === null) continue;
      // Run again after a lost worker: the later run is the one that ends in this batch.
      task = { id: step.id, start: step.t, end: null, finished: false };
      byTask.set(step.id, task);
      const list = bySlot.get(step.slot) ?? [];
      list.push(task);
      bySlot.set(step.slot, list);
      continue;
    }
    if (task === undefined) {
      // Its start was in an earlier batch: the end of the span open on its slot.
      if (step.slot === null) continue;
      task = { id: step.id, start: null, end: null, finished: false };
      byTask.set(step.id, task);
      const list = bySlot.get(step.slot) ?? [];
      list.push(task);
      bySlot.set(step.slot, list);
    }
    task.end = step.t;
    task.finished = step.step === 'done' || step.step === 'failed';
  }
  return bySlot;
}

function remember(fns: Map<number, TaskName>, taskId: number, name: TaskName): void {
  fns.set(taskId, name);
  if (fns.size > FN_MEMORY) fns.delete(fns.keys().next().value!);
}

/** The lane's open span, if any, ends at `t` (never before it began): spans never overlap. */
function endOpen(spans: Segment<TaskSpan>[], t: number): void {
  const last = spans.at(-1);
  if (last !== undefined && last.end === null) last.end = Math.max(last.start, t);
}

/** The lane shows `taskId` running now. */
function showing(spans: readonly Segment<TaskSpan>[], taskId: number): boolean {
  const last = spans.at(-1);
  return last !== undefined && last.end === null && last.state.taskId === taskId;
}

const totalOf = (spans: readonly Segment<TaskSpan>[]): number => spans.at(-1)?.state.total ?? 0;

/** Where the lane's spans have got to: the next span starts no earlier. */
function cursorOf(spans: readonly Segment<TaskSpan>[]): number {
  const last = spans.at(-1);
  return last === undefined ? -Infinity : (last.end ?? last.start);
}
