import type { JoinWait } from './joins';
import type { CycleStep, PrimitiveKind, PrimitiveSnapshot } from './sync';

/**
 * The wait-for graph of the lab's primitives, and deadlock detection on it. Pure: it reads snapshots only,
 * so the core can check every sample and the UI can draw the same edges.
 */

/** `from` is blocked acquiring `primitive`, which `to` holds. */
export interface WaitEdge {
  readonly from: string;
  readonly to: string;
  readonly primitive: string;
  /** The wait's timeout; null (for ever) is what a deadlock is made of. */
  readonly timeoutMs: number | null;
}

/**
 * Only waits for something a known worker holds make edges. A Condition wait, an Event, a Barrier or a
 * queue can be ended by anyone (notify, set, put), so waiting on them says nothing about who to blame.
 */
const HELD_KINDS: ReadonlySet<PrimitiveKind> = new Set<PrimitiveKind>(['Lock', 'RLock', 'Semaphore', 'BoundedSemaphore']);

/** One edge per waiter and holder other than itself, in snapshot order. */
export function waitForEdges(primitives: readonly PrimitiveSnapshot[]): WaitEdge[] {
  const edges: WaitEdge[] = [];
  for (const primitive of primitives) {
    if (!HELD_KINDS.has(primitive.kind)) continue;
    for (const waiter of primitive.waiters) {
      if (waiter.op !== 'acquire') continue;
      for (const holder of primitive.holders) {
        if (holder.workerId === waiter.workerId) continue;
        edges.push({ from: waiter.workerId, to: holder.workerId, primitive: primitive.name, timeoutMs: waiter.timeoutMs });
      }
    }
  }
  return edges;
}

/** A wait that can only end by a holder's release (or, for a join, the joined worker's end): for ever, with the holders named. */
interface StuckWait {
  readonly primitive: string;
  readonly holders: readonly string[];
  /** A join: `primitive` is the joined worker, its holder the thread whose end ends the join. */
  readonly join?: true;
}

/**
 * Each worker's waits without a timeout (a timed wait ends by itself). `null` marks a worker that is also
 * waiting for ever on something anyone could end (Event, queue, Condition, Barrier, a semaphore nobody
 * holds, a semaphore with units free): such a worker is not provably stuck.
 */
function foreverWaits(primitives: readonly PrimitiveSnapshot[], joins: readonly JoinWait[]): Map<string, StuckWait[] | null> {
  const waits = new Map<string, StuckWait[] | null>();
  // A join for ever can only end when the joined thread (a process: its main thread) ends: a held wait.
  for (const join of joins) {
    if (join.timeoutMs !== null || join.holder === join.workerId) continue;
    const known = waits.get(join.workerId);
    const wait: StuckWait = { primitive: join.target, holders: [join.holder], join: true };
    if (known === undefined) waits.set(join.workerId, [wait]);
    else known?.push(wait);
  }
  for (const primitive of primitives) {
    for (const waiter of primitive.waiters) {
      if (waiter.timeoutMs !== null) continue;
      const known = waits.get(waiter.workerId);
      const holders = primitive.holders.map((holder) => holder.workerId);
      // A semaphore's units can be given back by anyone; one waited for by a worker that itself holds
      // some is a signal being waited for, not provably a deadlock.
      const signalling = primitive.kind.endsWith('Semaphore') && holders.includes(waiter.workerId);
      const held = HELD_KINDS.has(primitive.kind) && waiter.op === 'acquire' && holders.length > 0 && !((primitive.value ?? 0) > 0) && !signalling;
      if (!held) waits.set(waiter.workerId, null);
      else if (known === undefined) waits.set(waiter.workerId, [{ primitive: primitive.name, holders }]);
      else known?.push({ primitive: primitive.name, holders });
    }
  }
  return waits;
}

/** Worker ids compared as people read them: w2 before w10. */
const byId = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true });

/**
 * A deadlock is a set of blocked workers each of whose for-ever waits is on a primitive all of whose
 * holders are in the set (or a join of a worker in the set: `joins`, a thread holding a lock while it joins the
 * thread that waits for that lock): none of them can ever release. It is the largest such set, found by starting
 * from every blocked worker and dropping, until nothing changes, any that waits on a holder outside the
 * set (a running holder, or one whose own wait will end). Returns one cycle inside it, in wait order,
 * starting from its smallest worker id; null when there is none.
 */
export function findDeadlock(primitives: readonly PrimitiveSnapshot[], joins: readonly JoinWait[] = []): CycleStep[] | null {
  const waits = new Map<string, readonly StuckWait[]>();
  for (const [workerId, stuck] of foreverWaits(primitives, joins)) if (stuck !== null) waits.set(workerId, stuck);

  let dropped = true;
  while (dropped) {
    dropped = false;
    for (const [workerId, stuck] of waits) {
      if (stuck.every((wait) => wait.holders.every((holder) => waits.has(holder)))) continue;
      waits.delete(workerId);
      dropped = true;
    }
  }
  if (waits.size === 0) return null;
  return cycleFrom([...waits.keys()].sort(byId)[0]!, waits);
}

/**
 * Walks from `start`, each step to a holder of its first wait (another worker when there is one), until
 * a worker repeats. Every worker in `waits` has such a step inside the set, so the walk closes a cycle;
 * the cycle is rotated to start at its smallest id.
 */
function cycleFrom(start: string, waits: ReadonlyMap<string, readonly StuckWait[]>): CycleStep[] {
  const path: CycleStep[] = [];
  const seen = new Map<string, number>();
  let at = start;
  while (!seen.has(at)) {
    seen.set(at, path.length);
    const wait = waits.get(at)![0]!;
    const next = [...wait.holders].sort(byId).find((holder) => holder !== at) ?? at;
    path.push({ workerId: at, primitive: wait.primitive, heldBy: next, ...(wait.join === true ? { via: 'join' as const } : {}) });
    at = next;
  }
  const cycle = path.slice(seen.get(at));
  const first = cycle.reduce((best, step, index) => (byId(step.workerId, cycle[best]!.workerId) < 0 ? index : best), 0);
  return [...cycle.slice(first), ...cycle.slice(0, first)];
}
