import { useState, type FormEvent } from 'react';
import { TYPECODES, typecodeWords } from '../../shared/ctypes';
import type { CommandOutcome, CommandToSend } from '../../shared/protocol';
import { PRIMITIVE_KINDS, type PrimitiveKind } from '../../shared/sync';
import { createCommandOf, DEFAULT_VALUE, INITIAL_PRIMITIVE_DRAFT, optionsOf, type ArrayTypecode, type PrimitiveDraft } from '../model/primitive-form';
import { Dialog } from './Dialog';
import { Field } from './Field';
import { CreateButtons, FormError } from './FormFooter';

interface NewPrimitiveDialogProps {
  send(command: CommandToSend): Promise<CommandOutcome>;
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
  Array: 'a shared, fixed-length array of numbers',
  Dict: 'a shared dict (a Manager().dict())',
  List: 'a shared list (a Manager().list())',
  Timer: 'sets an Event after an interval, once started',
  Pipe: 'two connected ends, 0 and 1',
};

/** "New primitive": kind, name and the kind's one option. The lab validates; its refusal is shown word for word. */
export function NewPrimitiveDialog({ send, onCreated, onClose }: NewPrimitiveDialogProps) {
  const [draft, setDraft] = useState<PrimitiveDraft>(INITIAL_PRIMITIVE_DRAFT);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (change: Partial<PrimitiveDraft>) => setDraft((current) => ({ ...current, ...change }));
  const options = optionsOf(draft.kind);
  const has = (option: ReturnType<typeof optionsOf>[number]) => options.includes(option);

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
          {has('value') && (
            <Field label="Value (initial)" hint={draft.kind === 'Value' ? 'a number; for c, one character' : 'free units at the start'}>
              <input className="mono" inputMode="numeric" value={draft.value} onChange={(event) => set({ value: event.target.value })} />
            </Field>
          )}
          {has('maxsize') && (
            <Field label="Maxsize" hint="0 = unbounded; a full queue blocks put">
              <input className="mono" inputMode="numeric" value={draft.maxsize} onChange={(event) => set({ maxsize: event.target.value })} />
            </Field>
          )}
          {has('parties') && (
            <Field label="Parties" hint="how many must arrive">
              <input className="mono" inputMode="numeric" value={draft.parties} onChange={(event) => set({ parties: event.target.value })} />
            </Field>
          )}
          {has('timeout') && (
            <Field label="Timeout (s)" hint="a wait that takes longer breaks the barrier; empty = none">
              <input className="mono" inputMode="decimal" placeholder="none" value={draft.timeout} onChange={(event) => set({ timeout: event.target.value })} />
            </Field>
          )}
          {has('lock') && (
            <Field label="Lock" hint="an existing Lock or RLock; empty = its own RLock">
              <input className="mono" value={draft.lock} onChange={(event) => set({ lock: event.target.value })} />
            </Field>
          )}
          {has('typecode') && (
            <Field label="Typecode" hint="as Python's: integers wrap silently, f rounds to float32, c is one byte">
              <select value={draft.typecode} onChange={(event) => set({ typecode: event.target.value as ArrayTypecode })}>
                {TYPECODES.map((typecode) => (
                  <option key={typecode} value={typecode}>
                    {typecodeWords(typecode)}
                  </option>
                ))}
              </select>
            </Field>
          )}
          {has('length') && (
            <Field label="Length">
              <input className="mono" inputMode="numeric" value={draft.length} onChange={(event) => set({ length: event.target.value })} />
            </Field>
          )}
          {has('interval') && (
            <Field label="Interval (s)" hint="after Start, this long until it fires">
              <input className="mono" inputMode="decimal" value={draft.interval} onChange={(event) => set({ interval: event.target.value })} />
            </Field>
          )}
          {has('event') && (
            <Field label="Event" hint="the Event it sets when it fires">
              <input className="mono" value={draft.event} onChange={(event) => set({ event: event.target.value })} />
            </Field>
          )}
          {has('items') && (
            <Field label="Items (initial)" hint="a JSON list: [0, 1, 2, 3, 4] is manager.list(range(5))">
              <input className="mono" value={draft.items} onChange={(event) => set({ items: event.target.value })} />
            </Field>
          )}
          {has('withLock') && (
            <label className="check">
              <input type="checkbox" checked={draft.withLock} onChange={(event) => set({ withLock: event.target.checked })} />
              <span>With a lock ({draft.name.trim() === '' ? 'name' : draft.name.trim()}.lock, an RLock: Python&apos;s lock=True)</span>
            </label>
          )}
          {has('duplex') && (
            <label className="check">
              <input type="checkbox" checked={draft.duplex} onChange={(event) => set({ duplex: event.target.checked })} />
              <span>Duplex (both ends send and receive)</span>
            </label>
          )}
        </div>
        <FormError error={error} />
        <CreateButtons busy={busy} onClose={onClose} />
      </form>
    </Dialog>
  );
}
