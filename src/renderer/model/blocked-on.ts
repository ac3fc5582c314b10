import type { PrimitiveKind } from '../../shared/sync';
import { formatDuration } from '../format/units';
import type { PrimitiveEntry } from './primitive-list';
import { peopleOf } from './primitive-people';

/** What one worker is blocked on right now: the request it waits in, and who holds what it wants. */
export interface BlockedOn {
  readonly workerId: string;
  readonly primitive: string;
  readonly kind: PrimitiveKind;
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
export function blockedWorkers(entries: readonly PrimitiveEntry[]): ReadonlyMap<string, BlockedOn> {
  const blocked = new Map<string, BlockedOn>();
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
export function steadyBlockedWorkers(entries: readonly PrimitiveEntry[]): ReadonlyMap<string, BlockedOn> {
  const next = blockedWorkers(entries);
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
  const heldBy = blocked.heldBy.length === 0 ? '' : ` (held by ${blocked.heldBy.map(nameOf).join(', ')})`;
  const timeout = blocked.timeoutMs === null ? '' : ` (timeout ${formatDuration(blocked.timeoutMs)})`;
  return `${blocked.op} ${blocked.primitive}${heldBy} for ${formatDuration(Math.max(0, now - blocked.since))}${timeout}`;
}

/** The tree's short badge: "waits lockB". */
export function blockedBadge(blocked: BlockedOn): string {
  return `waits ${blocked.primitive}`;
}
