import type { LabState } from '../../shared/lab-state';
import type { PrimitiveKind } from '../../shared/sync';
import { formatDuration } from '../format/units';
import type { PrimitiveEntry } from './primitive-list';
import { peopleOf } from './primitive-people';

/** A worker waiting in a join (LabState's `joining`), with the joined worker's name. */
export interface JoinOn {
  readonly workerId: string;
  readonly target: string;
  readonly targetName: string;
  readonly since: number;
  readonly timeoutMs: number | null;
}

/** The joins in progress of live workers, named. */
export function joinsOn(workers: LabState['workers']): JoinOn[] {
  const joins: JoinOn[] = [];
  for (const worker of Object.values(workers)) {
    if (worker.joining == null || worker.exit !== null) continue;
    joins.push({ workerId: worker.id, target: worker.joining.target, targetName: workers[worker.joining.target]?.name ?? worker.joining.target, since: worker.joining.since, timeoutMs: worker.joining.timeoutMs });
  }
  return joins;
}

/** What one worker is blocked on right now: the request it waits in, and who holds what it wants. */
export interface BlockedOn {
  readonly workerId: string;
  /** The primitive's name; for a join, the joined worker's name. */
  readonly primitive: string;
  /** 'join': waiting in Thread.join() or Process.join() (the joiner's row's `joining`). */
  readonly kind: PrimitiveKind | 'join';
  /** What it waits to do, in Python's words ('acquire', 'get', 'pipe_recv'). */
  readonly op: string;
  readonly since: number;
  readonly timeoutMs: number | null;
  /** The workers holding the primitive (a lock's owner, a semaphore's acquirers); empty for queues, events. */
  readonly heldBy: readonly string[];
}

/**
 * Every waiting worker, from the primitives' waiter lists (their states, folded from facts). A worker waits
 * in one request at a time; should it ever be listed twice, the longest wait is the one worth showing.
 */
export function blockedWorkers(entries: readonly PrimitiveEntry[], joins: readonly JoinOn[] = []): ReadonlyMap<string, BlockedOn> {
  const blocked = new Map<string, BlockedOn>();
  // A join, as a wait: the joined worker is what it waits for, and "holds" it until its end.
  for (const join of joins) blocked.set(join.workerId, { workerId: join.workerId, primitive: join.targetName, kind: 'join', op: 'join', since: join.since, timeoutMs: join.timeoutMs, heldBy: [join.target] });
  for (const entry of entries) {
    const { holders, waiters } = peopleOf(entry);
    for (const waiter of waiters) {
      const known = blocked.get(waiter.actor);
      if (known !== undefined && known.since <= waiter.since) continue;
      blocked.set(waiter.actor, {
        workerId: waiter.actor,
        primitive: entry.name,
        kind: entry.kind,
        op: waiter.op,
        since: waiter.since,
        timeoutMs: waiter.timeoutMs,
        heldBy: holders.map((holder) => holder.actor).filter((id) => id !== waiter.actor),
      });
    }
  }
  return blocked;
}

let steady: ReadonlyMap<string, BlockedOn> = new Map();

/**
 * blockedWorkers, but the same map as last time while nobody's wait changed: the states change with every
 * batch of facts (each animation frame), and the tree's rows that read this need not render again for them.
 */
export function steadyBlockedWorkers(entries: readonly PrimitiveEntry[], joins: readonly JoinOn[] = []): ReadonlyMap<string, BlockedOn> {
  const next = blockedWorkers(entries, joins);
  if (!sameBlocked(steady, next)) steady = next;
  return steady;
}

/** The same waits, field by field. */
export function sameBlocked(a: ReadonlyMap<string, BlockedOn>, b: ReadonlyMap<string, BlockedOn>): boolean {
  if (a.size !== b.size) return false;
  for (const [workerId, one] of a) {
    const other = b.get(workerId);
    if (
      other === undefined ||
      one.primitive !== other.primitive ||
      one.op !== other.op ||
      one.since !== other.since ||
      one.timeoutMs !== other.timeoutMs ||
      one.heldBy.length !== other.heldBy.length ||
      one.heldBy.some((id, index) => id !== other.heldBy[index])
    ) {
      return false;
    }
  }
  return true;
}

/** "acquire lockB (held by worker-2) for 2.1 s", "get q for 400 ms (timeout 5 s)". */
export function describeBlockedOn(blocked: BlockedOn, now: number, nameOf: (workerId: string) => string): string {
  // A join's "holder" is the worker it joins, already named: "join counter-1 for 2.1 s".
  const heldBy = blocked.heldBy.length === 0 || blocked.kind === 'join' ? '' : ` (held by ${blocked.heldBy.map(nameOf).join(', ')})`;
  const timeout = blocked.timeoutMs === null ? '' : ` (timeout ${formatDuration(blocked.timeoutMs)})`;
  return `${blocked.op} ${blocked.primitive}${heldBy} for ${formatDuration(Math.max(0, now - blocked.since))}${timeout}`;
}

/** The tree's short badge: "waits lockB", "joins counter-1". */
export function blockedBadge(blocked: BlockedOn): string {
  return blocked.kind === 'join' ? `joins ${blocked.primitive}` : `waits ${blocked.primitive}`;
}
