import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useLayoutEffect, useMemo, useRef } from 'react';
import type { LabState } from '../../shared/lab-state';
import type { PrimitiveCommand } from '../model/primitive-edits';
import { primitiveEntries, waitedOnEntries } from '../model/primitive-list';
import { peopleOf } from '../model/primitive-people';
import { workerNameOf } from '../model/worker-names';
import { PrimitiveCard } from './PrimitiveCard';

/**
 * Only the cards in view (and this many either side) are in the page: the lab allows 1,000 primitives, and
 * drawing them all on every fact cost 300 ms a frame (bench page-sync). Cards differ in height (a Value's
 * editor, a lock's waiters), so each drawn card is measured; the others count as CARD_ESTIMATE_PX.
 */
const OVERSCAN_CARDS = 10;
const CARD_ESTIMATE_PX = 42;

interface LocksPanelProps {
  readonly state: LabState;
  /** Why commands are refused now (not connected, a recording shown), or null when they can be sent. */
  readonly offReason: string | null;
  onNewPrimitive(): void;
  operate(command: PrimitiveCommand): void;
}

/** The "Locks" region: every primitive, who holds it since when, who waits and how long they may. */
export function LocksPanel({ state, offReason, onNewPrimitive, operate }: LocksPanelProps) {
  const entries = primitiveEntries(state.sync);
  const waited = waitedOnEntries(state.sync);
  const waiting = useMemo(() => waited.reduce((sum, entry) => sum + peopleOf(entry).waiters.length, 0), [waited]);
  const { workers } = state;
  const nameOf = useMemo(() => workerNameOf({ workers }), [workers]);
  // The cards keep one `operate` from render to render (the App makes a new one each time), so that a card
  // whose primitive did not change is not drawn again.
  const latestOperate = useRef(operate);
  useLayoutEffect(() => {
    latestOperate.current = operate;
  });
  const stableOperate = useCallback((command: PrimitiveCommand) => latestOperate.current(command), []);
  const body = useRef<HTMLDivElement>(null);
  // No React Compiler here (the rule warns for it): the virtualizer re-renders this panel itself when it scrolls or measures.
  // eslint-disable-next-line react-hooks/incompatible-library
  const cardWindow = useVirtualizer({
    count: entries.length,
    getScrollElement: () => body.current,
    estimateSize: () => CARD_ESTIMATE_PX,
    getItemKey: (index) => entries[index]!.name,
    overscan: OVERSCAN_CARDS,
  });
  const drawn = cardWindow.getVirtualItems();
  return (
    <section className="panel locks-panel" aria-label="Locks">
      <header className="panel-head">
        <h2>Locks</h2>
        <span className="panel-note">
          {entries.length} {entries.length === 1 ? 'primitive' : 'primitives'} · {waiting} waiting
        </span>
        <div className="panel-tools">
          <button type="button" className="small" onClick={onNewPrimitive} disabled={offReason !== null} title={offReason ?? undefined}>
            New primitive
          </button>
        </div>
      </header>
      <div className="panel-body scroll" ref={body}>
        {entries.length === 0 ? (
          <p className="empty">No primitives yet. “New primitive” creates a Lock, Queue, Event…; tasks such as acquire-in-order then use it by name.</p>
        ) : (
          <ul className="primitives">
            {/* The cards not drawn stand in as two spacers of their height, so the scroll bar is the whole list's. */}
            <li aria-hidden="true" className="primitives-spacer" style={{ height: drawn[0]?.start ?? 0 }} />
            {drawn.map((item) => (
              <PrimitiveCard
                key={item.key}
                index={item.index}
                measure={cardWindow.measureElement}
                entry={entries[item.index]!}
                now={state.now}
                offReason={offReason}
                nameOf={nameOf}
                operate={stableOperate}
              />
            ))}
            <li aria-hidden="true" className="primitives-spacer" style={{ height: Math.max(0, cardWindow.getTotalSize() - (drawn.at(-1)?.end ?? 0)) }} />
          </ul>
        )}
      </div>
    </section>
  );
}
