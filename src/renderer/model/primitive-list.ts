import type { SyncView } from '../../shared/lab-state';
import { isQueueKind, type PrimitiveKind, type PrimitiveSnapshot } from '../../shared/sync';

/** One primitive as the Locks panel lists it: what was asked for, and its newest sample once one came. */
export interface PrimitiveEntry {
  readonly name: string;
  readonly kind: PrimitiveKind;
  /** Null between its creation and the broker's next sample. */
  readonly snapshot: PrimitiveSnapshot | null;
  /** Made with another primitive (a Condition's own lock, a Value's lock), and deleted with it. */
  readonly companion: boolean;
}

/**
 * Every primitive in creation order; then any the broker reports that nobody created by name (a
 * Condition's own RLock, `${name}.lock`), so nothing the workers can block on is hidden.
 */
export function primitiveEntries(sync: Pick<SyncView, 'created' | 'primitives'>): PrimitiveEntry[] {
  const sampled = new Map(sync.primitives.map((primitive) => [primitive.name, primitive]));
  const entries: PrimitiveEntry[] = sync.created.map((created) => ({ name: created.name, kind: created.kind, snapshot: sampled.get(created.name) ?? null, companion: false }));
  const listed = new Set(entries.map((entry) => entry.name));
  for (const primitive of sync.primitives) {
    if (!listed.has(primitive.name)) entries.push({ name: primitive.name, kind: primitive.kind, snapshot: primitive, companion: true });
  }
  return entries;
}

/** The queues, for the Queues panel, in the same order. */
export function queueEntries(sync: Pick<SyncView, 'created' | 'primitives'>): PrimitiveEntry[] {
  // A Pipe is a queue in each direction: its messages in flight are charted like a queue's depth.
  return primitiveEntries(sync).filter((entry) => isQueueKind(entry.kind) || entry.kind === 'Pipe');
}
