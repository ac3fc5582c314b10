import { assertNever } from '../../shared/assert-never';
import type { LabState, WorkerView } from '../../shared/lab-state';
import type { PrimitiveState, WaiterState } from '../../shared/primitive-state';
import type { LaneState } from './lane-state';

/**
 * What the timeline's lanes start from when the page starts at a keyframe (a page that connects mid-run, a
 * recording whose beginning retention dropped): per worker, the state its lane is in at that moment (what
 * the samples said, what it waits on, its exit), each lock's holder and waiters, each queue's depth. A wait
 * that began before the page connected is in the keyframe's primitive states (their waiters), so the lane
 * draws it from the page's start instead of as "running" until the wait ends.
 */

export interface WorkerSeed {
  readonly id: string;
  readonly name: string;
  readonly isThread: boolean;
  readonly pid: number | null;
  readonly tid: number | null;
  readonly base: LaneState;
  readonly wait: LaneState | null;
  readonly exited: LaneState | null;
}

export interface LaneSeeds {
  readonly workers: readonly WorkerSeed[];
  /** Every Lock and RLock, with its holder (an actor) if held, and its waiters. */
  readonly locks: readonly { readonly name: string; readonly holder: string | null; readonly waiters: readonly string[] }[];
  readonly queues: readonly { readonly name: string; readonly depth: number }[];
}

/** The seeds of the lanes at a keyframe. Workers that ended before `endedSince` get no lane (beyond the page's window). */
export function laneSeeds(state: LabState, endedSince: number): LaneSeeds {
  const waits = waitsOf(Object.values(state.sync.states));
  const workers: WorkerSeed[] = [];
  for (const id of state.workerOrder) {
    const worker = state.workers[id];
    if (worker === undefined) continue;
    const exited = exitOf(worker);
    if (exited !== null && (worker.exit?.at ?? worker.requestedAt) < endedSince) continue;
    // A join in progress is on the joiner's row (join.waiting), not in a primitive's waiters.
    const joining: LaneState | null = worker.joining == null ? null : { kind: 'waiting', primitive: state.workers[worker.joining.target]?.name ?? worker.joining.target, op: 'join' };
    workers.push({ id, name: worker.name, isThread: worker.kind === 'thread', pid: worker.pid, tid: worker.tid, base: baseOf(worker), wait: exited === null ? (heldState(state, id) ?? waits.get(id)?.state ?? joining) : null, exited });
  }
  const locks: { name: string; holder: string | null; waiters: string[] }[] = [];
  const queues: { name: string; depth: number }[] = [];
  for (const primitive of Object.values(state.sync.states)) {
    if (primitive.kind === 'Lock' || primitive.kind === 'RLock') locks.push({ name: primitive.name, holder: primitive.holder?.actor ?? null, waiters: primitive.waiters.map((w) => w.actor) });
    else if (primitive.kind === 'Queue' || primitive.kind === 'LifoQueue' || primitive.kind === 'PriorityQueue' || primitive.kind === 'JoinableQueue') queues.push({ name: primitive.name, depth: primitive.depth });
  }
  return { workers, locks, queues };
}

function exitOf(worker: WorkerView): LaneState | null {
  if (worker.startFailure !== null) return { kind: 'exited', exitCode: null };
  return worker.exit === null ? null : { kind: 'exited', exitCode: worker.exit.exitCode };
}

/** The worker's state in lane words (the reducer's `blocked` is /proc's D: the samples' lanes read it `sleeping`). */
function baseOf(worker: WorkerView): LaneState {
  switch (worker.state) {
    case 'starting':
    case 'running':
    case 'sleeping':
    case 'stopped':
      return { kind: worker.state };
    case 'blocked':
      return { kind: 'sleeping' };
    case 'exited':
      return { kind: 'running' };
    default:
      return assertNever(worker.state);
  }
}

/** Per actor, the wait it is in: the most recent, where a keyframe lists it twice (a notified Condition waiter re-acquiring). */
function waitsOf(primitives: readonly PrimitiveState[]): Map<string, { readonly since: number; readonly state: LaneState }> {
  const waits = new Map<string, { since: number; state: LaneState }>();
  const take = (primitive: string, blocks: boolean, waiters: readonly WaiterState[]) => {
    for (const waiter of waiters) {
      const known = waits.get(waiter.actor);
      if (known !== undefined && known.since > waiter.since) continue;
      waits.set(waiter.actor, { since: waiter.since, state: { kind: blocks ? 'blocked' : 'waiting', primitive, op: waiter.op } });
    }
  };
  for (const primitive of primitives) {
    switch (primitive.kind) {
      case 'Lock':
      case 'RLock':
      case 'Semaphore':
      case 'BoundedSemaphore':
        take(primitive.name, true, primitive.waiters);
        break;
      case 'Event':
      case 'Condition':
      case 'Barrier':
      case 'Queue':
      case 'LifoQueue':
      case 'PriorityQueue':
      case 'JoinableQueue':
        take(primitive.name, false, primitive.waiters);
        break;
      case 'Pipe':
      case 'Value':
      case 'Array':
      case 'Dict':
      case 'List':
      case 'Timer':
        // None drawn: a Pipe's waiters are in its state, but the live lanes do not draw pipe waits either (WAIT_OPS).
        break;
      default:
        assertNever(primitive);
    }
  }
  return waits;
}

/** Where step mode holds this worker, in lane words (a hold that began before the page connected). */
function heldState(state: LabState, workerId: string): LaneState | null {
  const held = state.step.held[workerId];
  return held === undefined ? null : { kind: 'held', primitive: held.primitive, op: held.op };
}
