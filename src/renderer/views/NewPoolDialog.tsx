import { useState, type FormEvent } from 'react';
import { CRASH_CHOICES, maxTasksRefusal, POOL_APIS, POOL_RUNTIMES, type CrashChoice, type PoolApi, type PoolSpec } from '../../shared/pools';
import type { CommandOutcome, CommandToSend } from '../../shared/protocol';
import { createPoolCommandOf, INITIAL_POOL_DRAFT, type PoolDraft } from '../model/pool-form';
import { crashOutcomeOf, pythonClassOf, pythonDefaultSize } from '../model/pool-words';
import { Dialog } from './Dialog';
import { Field } from './Field';
import { CreateButtons, FormError } from './FormFooter';

interface NewPoolDialogProps {
  /** The host's CPU count, for the size Python would choose (null before the host is known). */
  readonly cores: number | null;
  send(command: CommandToSend): Promise<CommandOutcome>;
  onCreated(): void;
  onClose(): void;
}

const API_WORDS: Readonly<Record<PoolApi, string>> = { pool: 'Pool (multiprocessing)', executor: 'Executor (concurrent.futures)' };
const RUNTIME_WORDS: Readonly<Record<PoolSpec['runtime'], string>> = { thread: 'thread', process: 'process (fork)' };
const CRASH_WORDS: Readonly<Record<CrashChoice, string>> = { python: "Python's behaviour", reject: 'reject and replace' };

/** "New pool": name, api, runtime, size, max tasks per worker and what a crash does. The lab validates; its refusal is shown word for word. */
export function NewPoolDialog({ cores, send, onCreated, onClose }: NewPoolDialogProps) {
  const [draft, setDraft] = useState<PoolDraft>(INITIAL_POOL_DRAFT);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (change: Partial<PoolDraft>) => setDraft((current) => ({ ...current, ...change }));
  const pythonClass = pythonClassOf(draft.api, draft.runtime);
  const defaultSize = cores === null ? 'the CPU count' : String(pythonDefaultSize(draft.api, draft.runtime, cores));
  const sizeRule = draft.api === 'executor' && draft.runtime === 'thread' ? 'min(32, CPUs + 4)' : 'CPU count';
  // Python's thread pools have no worker lifetime: not offered, rather than refused on Create.
  const noLifetime = maxTasksRefusal(draft.api, draft.runtime) !== null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const outcome = await send(createPoolCommandOf(draft));
    setBusy(false);
    if (outcome.ok) onCreated();
    else setError(outcome.error);
  };

  return (
    <Dialog label="New pool" className="new-pool" onClose={onClose}>
      <form className="dialog-form" onSubmit={(event) => void submit(event)}>
        <h2 className="dialog-title">New pool</h2>
        <div className="form-grid two">
          <Field label="Name" hint="its workers are named after it: name-1, name-2…">
            <input className="mono" value={draft.name} onChange={(event) => set({ name: event.target.value })} />
          </Field>
          <Field label="API" hint={`Python's ${pythonClass}`}>
            <select value={draft.api} onChange={(event) => set({ api: event.target.value as PoolApi })}>
              {POOL_APIS.map((api) => (
                <option key={api} value={api}>
                  {API_WORDS[api]}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Runtime" hint={draft.runtime === 'thread' ? 'worker threads inside the lab process' : 'Node child processes, one per worker'}>
            <select value={draft.runtime} onChange={(event) => set({ runtime: event.target.value as PoolSpec['runtime'] })}>
              {POOL_RUNTIMES.map((runtime) => (
                <option key={runtime} value={runtime}>
                  {RUNTIME_WORDS[runtime]}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Size" hint={`workers; empty = Python's default: ${defaultSize} (${sizeRule})`}>
            <input className="mono" inputMode="numeric" placeholder={defaultSize} value={draft.size} onChange={(event) => set({ size: event.target.value })} />
          </Field>
          <Field
            label="Max tasks per worker"
            hint={noLifetime ? `Python's ${pythonClass} has no ${draft.api === 'pool' ? 'maxtasksperchild' : 'max_tasks_per_child'}: its threads are never replaced` : `a worker that ran this many is replaced (${draft.api === 'pool' ? 'maxtasksperchild' : 'max_tasks_per_child'}); empty = never`}
          >
            <input
              className="mono"
              inputMode="numeric"
              placeholder={noLifetime ? 'none for threads' : 'never'}
              disabled={noLifetime}
              value={noLifetime ? '' : draft.maxTasksPerChild}
              onChange={(event) => set({ maxTasksPerChild: event.target.value })}
            />
          </Field>
          <Field label="On crash" hint={`a worker killed mid-task: ${crashOutcomeOf(draft.api, draft.runtime, draft.onCrash)}`}>
            <select value={draft.onCrash} onChange={(event) => set({ onCrash: event.target.value as CrashChoice })}>
              {CRASH_CHOICES.map((choice) => (
                <option key={choice} value={choice}>
                  {CRASH_WORDS[choice]}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <FormError error={error} />
        <CreateButtons busy={busy} onClose={onClose} />
      </form>
    </Dialog>
  );
}
