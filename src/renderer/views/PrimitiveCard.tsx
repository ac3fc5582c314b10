import { memo } from 'react';
import type { HolderState } from '../../shared/primitive-state';
import { describePrimitiveState } from '../format/describe-primitive-state';
import { formatDuration } from '../format/units';
import { deleteRefusal, type PrimitiveCommand } from '../model/primitive-edits';
import type { PrimitiveEntry } from '../model/primitive-list';
import { peopleOf, type ShownWaiter } from '../model/primitive-people';
import { Badge } from './Badge';
import { PrimitiveActions } from './PrimitiveActions';
import { PrimitiveEditor } from './PrimitiveEditor';

interface PrimitiveCardProps {
  readonly entry: PrimitiveEntry;
  readonly now: number;
  /** Why commands are refused now (not connected, a recording shown), or null when they can be sent. */
  readonly offReason: string | null;
  /** Its place in the list, for the window's measuring (`measure` reads `data-index`). */
  readonly index: number;
  measure(element: Element | null): void;
  nameOf(workerId: string): string;
  operate(command: PrimitiveCommand): void;
}

/**
 * One primitive: name, kind and state on a line with the lab's buttons and Delete; a shared Value, Array
 * Dict or List's edits; then who holds it and who waits. Drawn again only when its own state changed (a
 * fact about another primitive leaves it alone), or, while someone holds or waits on it, when the clock
 * moves ("holds it for 3 s").
 */
export const PrimitiveCard = memo(PrimitiveCardView, (before, after) => {
  if (before.entry.state !== after.entry.state || before.entry.companion !== after.entry.companion) return false;
  if (before.offReason !== after.offReason || before.index !== after.index || before.measure !== after.measure) return false;
  if (before.nameOf !== after.nameOf || before.operate !== after.operate) return false;
  return before.now === after.now || !showsDurations(after.entry);
});

/** Whether a card says how long someone has held or waited (so a new `now` changes what it shows). */
function showsDurations(entry: PrimitiveEntry): boolean {
  const { holders, waiters } = peopleOf(entry);
  return holders.length > 0 || waiters.length > 0;
}

function PrimitiveCardView({ entry, now, offReason, index, measure, nameOf, operate }: PrimitiveCardProps) {
  const { state } = entry;
  const ago = (since: number) => formatDuration(Math.max(0, now - since));
  const { holders, endedHolders, waiters } = peopleOf(entry);
  const ownerDied = state.kind === 'Lock' || state.kind === 'RLock' ? state.ownerDied : null;
  const refusal = deleteRefusal(entry);
  return (
    <li className={waiters.length > 0 ? 'primitive contended' : 'primitive'} data-primitive={entry.name} data-index={index} ref={measure}>
      <div className="primitive-head">
        <span className="primitive-name mono">{entry.name}</span>
        <Badge tone="primitive">{entry.kind}</Badge>
        <span className="primitive-state">{describePrimitiveState(entry)}</span>
        {ownerDied !== null && (
          <Badge tone="error" title="it died holding this; the next acquirer is told (EOWNERDEAD)">
            owner died: {nameOf(ownerDied)}
          </Badge>
        )}
        <div className="primitive-tools">
          <PrimitiveActions
            kind={entry.kind}
            name={entry.name}
            offReason={offReason}
            held={holders.length > 0}
            started={state.kind === 'Timer' && state.phase !== 'new'}
            operate={operate}
          />
          <button
            type="button"
            className="small delete-primitive"
            aria-label={`Delete ${entry.name}`}
            disabled={offReason !== null || refusal !== null}
            title={offReason ?? refusal ?? 'delete it: the name can be used again at once'}
            onClick={() => operate({ type: 'sync.delete', name: entry.name })}
          >
            Delete
          </button>
        </div>
      </div>
      <PrimitiveEditor kind={entry.kind} name={entry.name} offReason={offReason} operate={operate} />
      {(holders.length > 0 || endedHolders.length > 0 || waiters.length > 0) && (
        <ul className="primitive-people">
          {holders.map((holder) => (
            <li key={`h-${holder.actor}`} className="holder">
              <span className="who">{nameOf(holder.actor)}</span> {holdsWords(entry.kind, holder)} for <span className="mono">{ago(holder.since)}</span>
            </li>
          ))}
          {endedHolders.map((holder) => (
            // A semaphore has no owner: Python leaves these units taken, and so does the lab.
            <li key={`e-${holder.actor}`} className="holder dim" title="a semaphore has no owner: the units stay taken until someone releases them (Release)">
              {holder.count === 1 ? '1 unit' : `${holder.count} units`} taken by <span className="who">{nameOf(holder.actor)}</span>, which ended without releasing
            </li>
          ))}
          {waiters.map((waiter) => (
            <li key={`w-${waiter.actor}-${waiter.since}`} className="waiter">
              <span className="who">{nameOf(waiter.actor)}</span> waits ({waiter.op}) for <span className="mono">{ago(waiter.since)}</span>
              <span className="dim"> · {timeoutWords(waiter)}</span>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

/** "holds it", "holds it ×3" (an RLock taken three times), "holds 2 units" (a semaphore). */
function holdsWords(kind: PrimitiveEntry['kind'], holder: HolderState): string {
  if (kind === 'Semaphore' || kind === 'BoundedSemaphore') return holder.count === 1 ? 'holds 1 unit' : `holds ${holder.count} units`;
  return holder.count > 1 ? `holds it ×${holder.count}` : 'holds it';
}

function timeoutWords(waiter: ShownWaiter): string {
  return waiter.timeoutMs === null ? 'no timeout' : `timeout ${formatDuration(waiter.timeoutMs)}`;
}
