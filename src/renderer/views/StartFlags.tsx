import { useId } from 'react';
import type { FormKind } from '../model/start-form';

const DETACHED_THREAD_NOTE = 'threads cannot be detached: a thread cannot outlive its process';
const DETACHED_PYTHON_NOTE = 'a Python program is watched by the lab, so it cannot be detached from it';

interface StartFlagsProps {
  readonly kind: FormKind;
  readonly daemon: boolean;
  readonly detached: boolean;
  onChange(flags: { daemon?: boolean; detached?: boolean }): void;
}

/** The Daemon and Detached checkboxes; Detached is off for threads, and says why. */
export function StartFlags({ kind, daemon, detached, onChange }: StartFlagsProps) {
  const hintId = useId();
  // Neither a thread nor a watched Python program can be detached; each says why.
  const note = kind === 'thread' ? DETACHED_THREAD_NOTE : kind === 'python' ? DETACHED_PYTHON_NOTE : null;
  const isThread = note !== null;
  return (
    <div className="checks">
      <label className="check" title="ended at once when its parent ends, instead of being waited for">
        <input type="checkbox" checked={daemon} onChange={(event) => onChange({ daemon: event.target.checked })} />
        <span>Daemon</span>
      </label>
      <span className="check-with-hint">
        <label className="check" title={note ?? 'its own session: it survives the lab and is reparented'}>
          <input
            type="checkbox"
            checked={detached && !isThread}
            disabled={isThread}
            aria-describedby={isThread ? hintId : undefined}
            onChange={(event) => onChange({ detached: event.target.checked })}
          />
          <span>Detached</span>
        </label>
        {isThread && (
          <small id={hintId} className="field-hint">
            {note}
          </small>
        )}
      </span>
    </div>
  );
}
