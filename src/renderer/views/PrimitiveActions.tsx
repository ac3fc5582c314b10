import { useState } from 'react';
import type { PrimitiveKind } from '../../shared/sync';
import { itemOf, primitiveActions } from '../model/primitive-actions';
import type { PrimitiveCommand } from '../model/primitive-edits';

interface PrimitiveActionsProps {
  readonly kind: PrimitiveKind;
  readonly name: string;
  /** Why commands are refused now (not connected, a recording shown), or null when they can be sent. */
  readonly offReason: string | null;
  /** Someone holds it now (a Lock's Release needs a holder). */
  readonly held: boolean;
  /** A Timer that has been started (it cannot be started again). */
  readonly started: boolean;
  operate(command: PrimitiveCommand): void;
}

/** The lab's own moves on one primitive (Set, Put, Notify, Abort, Release...); each button names the primitive. */
export function PrimitiveActions({ kind, name, offReason, held, started, operate }: PrimitiveActionsProps) {
  const [item, setItem] = useState('1');
  const actions = primitiveActions(kind, name, itemOf(item), held, started);
  if (actions.length === 0) return null;
  return (
    <div className="primitive-actions" role="group" aria-label={`Act on ${name}`}>
      {actions.some((action) => action.takesItem) && (
        <input className="mono item-input" aria-label={`Item for ${name}`} title="the item to put: a number, true/false/null, or text" value={item} onChange={(event) => setItem(event.target.value)} />
      )}
      {actions.map((action) => (
        <button
          key={action.label}
          type="button"
          className={action.tone === undefined ? 'small' : `small ${action.tone}`}
          aria-label={`${action.label} ${name}`}
          disabled={offReason !== null || action.disabledReason !== null}
          title={offReason ?? action.disabledReason ?? undefined}
          onClick={() => operate({ type: 'sync.operate', request: action.request })}
        >
          {action.label}
        </button>
      ))}
    </div>
  );
}
