import { useState, type FormEvent } from 'react';
import type { CommandOutcome, LabCommand } from '../../shared/protocol';
import { PRIMITIVE_KINDS, type PrimitiveKind } from '../../shared/sync';
import { createCommandOf, DEFAULT_VALUE, INITIAL_PRIMITIVE_DRAFT, optionOf, type PrimitiveDraft } from '../model/primitive-form';
import { Dialog } from './Dialog';
import { Field } from './Field';

interface NewPrimitiveDialogProps {
  send(command: LabCommand): Promise<CommandOutcome>;
  onCreated(): void;
  onClose(): void;
}

const KIND_HINTS: Readonly<Record<PrimitiveKind, string>> = {
  Lock: 'one owner at a time; anyone may release it',
  RLock: 'its owner may take it again; only the owner releases',
  Semaphore: 'a counter of free units',
  BoundedSemaphore: 'a Semaphore that refuses a release above its initial value',
  Event: 'a flag workers wait for',
  Condition: 'wait until notified, under a lock',
  Barrier: 'waits until all parties arrive',
  Queue: 'first in, first out',
  LifoQueue: 'last in, first out',
  PriorityQueue: 'smallest item first',
  JoinableQueue: 'counts unfinished tasks (task_done, join)',
  Value: 'a shared number',
};

/** "New primitive": kind, name and the kind's one option. The lab validates; its refusal is shown word for word. */
export function NewPrimitiveDialog({ send, onCreated, onClose }: NewPrimitiveDialogProps) {
  const [draft, setDraft] = useState<PrimitiveDraft>(INITIAL_PRIMITIVE_DRAFT);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (change: Partial<PrimitiveDraft>) => setDraft((current) => ({ ...current, ...change }));
  const option = optionOf(draft.kind);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const outcome = await send(createCommandOf(draft));
    setBusy(false);
    if (outcome.ok) onCreated();
    else setError(outcome.error);
  };

  return (
    <Dialog label="New primitive" className="new-primitive" onClose={onClose}>
      <form className="dialog-form" onSubmit={(event) => void submit(event)}>
        <h2 className="dialog-title">New primitive</h2>
        <div className="form-grid two">
          <Field label="Kind" hint={KIND_HINTS[draft.kind]}>
            <select
              value={draft.kind}
              onChange={(event) => {
                const kind = event.target.value as PrimitiveKind;
                set({ kind, value: DEFAULT_VALUE[kind] ?? draft.value });
              }}
            >
              {PRIMITIVE_KINDS.map((kind) => (
                <option key={kind}>{kind}</option>
              ))}
            </select>
          </Field>
          <Field label="Name" hint="tasks use it by this name">
            <input className="mono" value={draft.name} onChange={(event) => set({ name: event.target.value })} />
          </Field>
          {option === 'value' && (
            <Field label="Value (initial)" hint={draft.kind === 'Value' ? 'any number' : 'free units at the start'}>
              <input className="mono" inputMode="numeric" value={draft.value} onChange={(event) => set({ value: event.target.value })} />
            </Field>
          )}
          {option === 'maxsize' && (
            <Field label="Maxsize" hint="0 = unbounded; a full queue blocks put">
              <input className="mono" inputMode="numeric" value={draft.maxsize} onChange={(event) => set({ maxsize: event.target.value })} />
            </Field>
          )}
          {option === 'parties' && (
            <Field label="Parties" hint="how many must arrive">
              <input className="mono" inputMode="numeric" value={draft.parties} onChange={(event) => set({ parties: event.target.value })} />
            </Field>
          )}
          {option === 'lock' && (
            <Field label="Lock" hint="an existing Lock or RLock; empty = its own RLock">
              <input className="mono" value={draft.lock} onChange={(event) => set({ lock: event.target.value })} />
            </Field>
          )}
        </div>
        {error !== null && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-buttons">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary solid" disabled={busy}>
            Create
          </button>
        </div>
      </form>
    </Dialog>
  );
}
