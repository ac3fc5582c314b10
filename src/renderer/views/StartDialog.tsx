import { useState, type FormEvent } from 'react';
import type { CommandOutcome, CommandToSend } from '../../shared/protocol';
import { isSyncTask, TASK_NAMES } from '../../shared/tasks';
import type { PythonInterpreter } from '../../shared/protocol';
import { LAUNCH_METHODS, type LaunchMethod } from '../../shared/worker';
import { FORM_KINDS, startCommandOf, SYNC_TASK_NOTE, tasksFor, withKind, type FormKind, type StartDraft } from '../model/start-form';
import { PythonFields } from './PythonFields';
import { ChildrenFields } from './ChildrenFields';
import { Dialog } from './Dialog';
import { Field } from './Field';
import { StartFlags } from './StartFlags';
import { TaskFields } from './TaskFields';
import { FormError } from './FormFooter';

interface StartDialogProps {
  /** What the form opens with: the last start that worked, so a second, slightly different worker is quick. */
  readonly initial: StartDraft;
  /** The lab's live-worker limit and how many are live now: one start may fill the lab up to it. */
  readonly limit: { readonly maxLiveWorkers: number; readonly live: number };
  /** The Python interpreters the lab found, for kind python. */
  readonly interpreters: readonly PythonInterpreter[];
  send(command: CommandToSend): Promise<CommandOutcome>;
  /** `keepOpen`: the person wants to start another right away (the other lock order, the consumer...). */
  onStarted(workerIds: readonly string[], draft: StartDraft, keepOpen: boolean): void;
  onClose(): void;
}

const THREAD_NOTE = 'a thread runs inside the lab process: it has no start method';
const METHOD_HINTS: Readonly<Record<LaunchMethod, string>> = {
  fork: 'a Node child with an IPC channel',
  spawn: 'a Node child, stdio pipes only (no IPC)',
  exec: 'the same, started through a shell',
  command: 'any command line of yours',
};

/** "1 to 256 at once (the lab's live-worker limit; 3 live now)": what one start may ask for. */
function countHint({ maxLiveWorkers, live }: StartDialogProps['limit']): string {
  return `1 to ${maxLiveWorkers} live workers in all (the lab's limit); ${live} live now`;
}

/** "Start workers": what to start and how many. The lab validates; its refusal is shown here, word for word. */
export function StartDialog({ initial, limit, interpreters, send, onStarted, onClose }: StartDialogProps) {
  const [draft, setDraft] = useState<StartDraft>(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [started, setStarted] = useState<string | null>(null);
  const set = (change: Partial<StartDraft>) => setDraft((current) => ({ ...current, ...change }));
  const isThread = draft.kind === 'thread';
  const isPython = draft.kind === 'python';
  const isCommand = draft.kind === 'process' && draft.method === 'command';

  // The command is built from the form as it is at the click, so the fields may change while it is sent.
  const start = async (keepOpen: boolean) => {
    setBusy(true);
    setError(null);
    setStarted(null);
    const outcome = await send(startCommandOf(draft));
    setBusy(false);
    if (!outcome.ok) return setError(outcome.error);
    const count = outcome.result.workerIds.length;
    if (keepOpen) setStarted(`Started ${count} ${count === 1 ? 'worker' : 'workers'} (${outcome.result.workerIds.join(', ')}). Change what you like and start another.`);
    onStarted(outcome.result.workerIds, draft, keepOpen);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void start(false);
  };

  return (
    <Dialog label="Start workers" className="start" onClose={onClose}>
      <form className="dialog-form" onSubmit={submit}>
        <h2 className="dialog-title">Start workers</h2>
        <div className="form-body scroll">
          <div className="form-grid">
            <Field label="Kind">
              <select value={draft.kind} onChange={(event) => setDraft((current) => withKind(current, event.target.value as FormKind))}>
                {FORM_KINDS.map((kind) => (
                  <option key={kind}>{kind}</option>
                ))}
              </select>
            </Field>
            {!isPython && (
              <Field label="Method" hint={isThread ? THREAD_NOTE : isSyncTask(draft.task.name) && !isCommand ? SYNC_TASK_NOTE : METHOD_HINTS[draft.method]}>
                <select value={draft.method} disabled={isThread} onChange={(event) => set({ method: event.target.value as LaunchMethod })}>
                  {LAUNCH_METHODS.map((method) => (
                    <option key={method}>{method}</option>
                  ))}
                </select>
              </Field>
            )}
            <Field label="Count" hint={countHint(limit)}>
              <input className="mono" inputMode="numeric" value={draft.count} onChange={(event) => set({ count: event.target.value })} />
            </Field>
            <Field label="Name prefix">
              <input className="mono" value={draft.namePrefix} onChange={(event) => set({ namePrefix: event.target.value })} />
            </Field>
            {isPython ? (
              <PythonFields draft={draft.python} interpreters={interpreters} onChange={(change) => set({ python: { ...draft.python, ...change } })} />
            ) : isCommand ? (
              <Field label="Command" hint="any command line, run by the lab as its child" wide>
                <input className="mono" value={draft.command} placeholder="sleep 30" onChange={(event) => set({ command: event.target.value })} />
              </Field>
            ) : (
              <TaskFields label="Task" prefix="" names={tasksFor(draft.kind, TASK_NAMES)} draft={draft.task} onChange={(task) => set({ task })} />
            )}
          </div>
          {!isCommand && !isPython && draft.task.name === 'spawn-children' && <ChildrenFields draft={draft.children} onChange={(children) => set({ children })} />}
          <StartFlags kind={draft.kind} daemon={draft.daemon} detached={draft.detached} onChange={set} />
        </div>
        <FormError error={error} />
        <p className="form-status" role="status">
          {started}
        </p>
        <div className="dialog-buttons">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="primary" disabled={busy} onClick={() => void start(true)} title="start these, and keep the form open for the next">
            Start, keep open
          </button>
          <button type="submit" className="primary solid" disabled={busy}>
            Start
          </button>
        </div>
      </form>
    </Dialog>
  );
}
