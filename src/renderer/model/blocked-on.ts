import type { PrimitiveSnapshot, SyncOp } from '../../shared/sync';
import { formatDuration } from '../format/units';

/** What one worker is blocked on right now: the request it waits in, and who holds what it wants. */
export interface BlockedOn {
  readonly workerId: string;
  readonly primitive: string;
  readonly kind: PrimitiveSnapshot['kind'];
  readonly op: SyncOp;
  readonly since: number;
  readonly timeoutMs: number | null;
  /** The workers holding the primitive (a lock's owner, a semaphore's acquirers); empty for queues, events. */
  readonly heldBy: readonly string[];
}

/**
 * Every waiting worker, from the primitives' waiter lists (the broker's truth, sampled). A worker waits in
 * one request at a time; should a sample ever list it twice, the longest wait is the one worth showing.
 */
export function blockedWorkers(primitives: readonly PrimitiveSnapshot[]): ReadonlyMap<string, BlockedOn> {
  const blocked = new Map<string, BlockedOn>();
  for (const primitive of primitives) {
    for (const waiter of primitive.waiters) {
      const known = blocked.get(waiter.workerId);
      if (known !== undefined && known.since <= waiter.since) continue;
      blocked.set(waiter.workerId, {
        workerId: waiter.workerId,
        primitive: primitive.name,
        kind: primitive.kind,
        op: waiter.op,
        since: waiter.since,
        timeoutMs: waiter.timeoutMs,
        heldBy: primitive.holders.map((holder) => holder.workerId).filter((id) => id !== waiter.workerId),
      });
    }
  }
  return blocked;
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
