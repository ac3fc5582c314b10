import type { SyncView } from '../../shared/lab-state';
import type { PrimitiveState } from '../../shared/primitive-state';
import { isQueueKind, type PrimitiveKind } from '../../shared/sync';

/** One primitive as the Sync view shows it: its state folded from facts. */
export interface PrimitiveEntry {
  readonly name: string;
  readonly kind: PrimitiveKind;
  readonly state: PrimitiveState;
  /** Made with another primitive (a Condition's own lock, a Value's lock), and deleted with it. */
  readonly companion: boolean;
}

type EntrySource = Pick<SyncView, 'created' | 'states'>;

/** The last answer, by the identity of what it was built from: the panels, the graph and the tree share it. */
let last: { created: EntrySource['created']; states: EntrySource['states']; entries: PrimitiveEntry[] } | null = null;

/**
 * Every primitive in creation order, a companion (a Condition's own RLock, `${name}.lock`) right before the
 * one it was made with, as the fold creates them, so nothing the workers can block on is hidden.
 */
export function primitiveEntries(sync: EntrySource): PrimitiveEntry[] {
  if (last !== null && last.created === sync.created && last.states === sync.states) return last.entries;
  const named = new Set(sync.created.map((spec) => spec.name));
  const entries = Object.values(sync.states).map((state): PrimitiveEntry => ({ name: state.name, kind: state.kind, state, companion: !named.has(state.name) }));
  last = { created: sync.created, states: sync.states, entries };
  return entries;
}

/** The queues, for the Queues panel, in the same order. */
export function queueEntries(sync: EntrySource): PrimitiveEntry[] {
  // A Pipe is a queue in each direction: its messages in flight are charted like a queue's depth.
  return primitiveEntries(sync).filter((entry) => isQueueKind(entry.kind) || entry.kind === 'Pipe');
}
