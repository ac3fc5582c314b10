import type { LabState } from '../../shared/lab-state';
import type { PrimitiveCommand } from '../model/primitive-edits';
import { primitiveEntries } from '../model/primitive-list';
import { peopleOf } from '../model/primitive-people';
import { workerNameOf } from '../model/worker-names';
import { PrimitiveCard } from './PrimitiveCard';

interface LocksPanelProps {
  readonly state: LabState;
  readonly connected: boolean;
  onNewPrimitive(): void;
  operate(command: PrimitiveCommand): void;
}

/** The "Locks" region: every primitive, who holds it since when, who waits and how long they may. */
export function LocksPanel({ state, connected, onNewPrimitive, operate }: LocksPanelProps) {
  const entries = primitiveEntries(state.sync);
  const waiting = entries.reduce((sum, entry) => sum + peopleOf(entry).waiters.length, 0);
  return (
    <section className="panel locks-panel" aria-label="Locks">
      <header className="panel-head">
        <h2>Locks</h2>
        <span className="panel-note">
          {entries.length} {entries.length === 1 ? 'primitive' : 'primitives'} · {waiting} waiting
        </span>
        <div className="panel-tools">
          <button type="button" className="small" onClick={onNewPrimitive} disabled={!connected}>
            New primitive
          </button>
        </div>
      </header>
      <div className="panel-body scroll">
        {entries.length === 0 ? (
          <p className="empty">No primitives yet. “New primitive” creates a Lock, Queue, Event…; tasks such as acquire-in-order then use it by name.</p>
        ) : (
          <ul className="primitives">
            {entries.map((entry) => (
              <PrimitiveCard key={entry.name} entry={entry} now={state.now} connected={connected} nameOf={workerNameOf(state)} operate={operate} />
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
