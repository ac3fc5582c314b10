import { useId } from 'react';
import type { WorkerKind } from '../../shared/worker';

const DETACHED_THREAD_NOTE = 'threads cannot be detached: a thread cannot outlive its process';

interface StartFlagsProps {
  readonly kind: WorkerKind;
  readonly daemon: boolean;
  readonly detached: boolean;
  onChange(flags: { daemon?: boolean; detached?: boolean }): void;
}

/** The Daemon and Detached checkboxes; Detached is off for threads, and says why. */
export function StartFlags({ kind, daemon, detached, onChange }: StartFlagsProps) {
  const hintId = useId();
  const isThread = kind === 'thread';
  return (
    <div className="checks">
      <label className="check" title="ended at once when its parent ends, instead of being waited for">
        <input type="checkbox" checked={daemon} onChange={(event) => onChange({ daemon: event.target.checked })} />
        <span>Daemon</span>
      </label>
      <span className="check-with-hint">
        <label className="check" title={isThread ? DETACHED_THREAD_NOTE : 'its own session: it survives the lab and is reparented'}>
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
            {DETACHED_THREAD_NOTE}
          </small>
        )}
      </span>
    </div>
  );
}
