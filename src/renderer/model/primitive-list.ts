import type { SyncView } from '../../shared/lab-state';
import type { PrimitiveState } from '../../shared/primitive-state';
import { isQueueKind, type PrimitiveKind } from '../../shared/sync';
import { peopleOf } from './primitive-people';

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
let last: { created: EntrySource['created']; states: EntrySource['states']; named: ReadonlySet<string>; entries: PrimitiveEntry[]; byName: ReadonlyMap<string, PrimitiveEntry> } | null = null;

/**
 * Every primitive in creation order, a companion (a Condition's own RLock, `${name}.lock`) right before the
 * one it was made with, as the fold creates them, so nothing the workers can block on is hidden.
 *
 * A primitive whose state did not change keeps its entry object from the last answer: the states change
 * with every batch of facts (each animation frame), and with 1,000 locks a new entry for each, every frame,
 * was 1,000 allocations and made every memo keyed on an entry (a card, the wait-for graph's inputs) miss.
 */
export function primitiveEntries(sync: EntrySource): PrimitiveEntry[] {
  if (last !== null && last.created === sync.created && last.states === sync.states) return last.entries;
  const named = last !== null && last.created === sync.created ? last.named : new Set(sync.created.map((spec) => spec.name));
  const before = last?.byName;
  const byName = new Map<string, PrimitiveEntry>();
  const entries = Object.values(sync.states).map((state): PrimitiveEntry => {
    const companion = !named.has(state.name);
    const kept = before?.get(state.name);
    const entry = kept !== undefined && kept.state === state && kept.companion === companion ? kept : { name: state.name, kind: state.kind, state, companion };
    byName.set(state.name, entry);
    return entry;
  });
  last = { created: sync.created, states: sync.states, named, entries, byName };
  return entries;
}

let waited: { entries: readonly PrimitiveEntry[]; waited: PrimitiveEntry[] } = { entries: [], waited: [] };

/**
 * The primitives someone waits on (the only ones the wait-for graph can draw: a deadlock's cycle is made of
 * waits too), in the same order, and the same array as last time while they are the same entries: with
 * 1,000 locks changing holder every frame, the graph was modelled and laid out again every frame for waits
 * that had not changed (bench page-sync, profile).
 */
export function waitedOnEntries(sync: EntrySource): PrimitiveEntry[] {
  const entries = primitiveEntries(sync);
  if (entries === waited.entries) return waited.waited;
  const next = entries.filter((entry) => peopleOf(entry).waiters.length > 0);
  const same = next.length === waited.waited.length && next.every((entry, index) => entry === waited.waited[index]);
  waited = { entries, waited: same ? waited.waited : next };
  return waited.waited;
}

/** The queues, for the Queues panel, in the same order. */
export function queueEntries(sync: EntrySource): PrimitiveEntry[] {
  // A Pipe is a queue in each direction: its messages in flight are charted like a queue's depth.
  return primitiveEntries(sync).filter((entry) => isQueueKind(entry.kind) || entry.kind === 'Pipe');
}
