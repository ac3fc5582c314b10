import { SIGNAL_NAMES, type SignalName } from '../../shared/signals';
import { isSyncTask, type TaskName } from '../../shared/tasks';
import { TASK_HINTS, type TaskDraft } from '../model/start-form';
import { Field } from './Field';
import { SyncTaskFields } from './SyncTaskFields';

interface TaskFieldsProps<Name extends TaskName> {
  /** "Task" or "Child task"; parameter labels are prefixed the same way. */
  readonly label: string;
  readonly prefix: string;
  readonly names: readonly Name[];
  readonly draft: TaskDraft<Name>;
  onChange(draft: TaskDraft<Name>): void;
}

/** A task select and the inputs of the chosen task's parameters, sent as typed. */
export function TaskFields<Name extends TaskName>({ label, prefix, names, draft, onChange }: TaskFieldsProps<Name>) {
  const set = (change: Partial<TaskDraft<Name>>) => onChange({ ...draft, ...change });
  const text = (field: 'ms' | 'n' | 'code' | 'message', fieldLabel: string, numeric = true) => (
    <Field label={`${prefix}${fieldLabel}`}>
      <input className="mono" inputMode={numeric ? 'numeric' : 'text'} value={draft[field]} onChange={(event) => set({ [field]: event.target.value } as Partial<TaskDraft<Name>>)} />
    </Field>
  );
  return (
    <>
      <Field label={label} hint={TASK_HINTS[draft.name]}>
        <select value={draft.name} onChange={(event) => set({ name: event.target.value as Name } as Partial<TaskDraft<Name>>)}>
          {names.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </Field>
      {(draft.name === 'sleep' || draft.name === 'burn') && text('ms', 'Duration (ms)')}
      {draft.name === 'count' && text('n', 'Target n')}
      {draft.name === 'exit' && text('code', 'Exit code')}
      {draft.name === 'throw' && text('message', 'Error message', false)}
      {isSyncTask(draft.name) && <SyncTaskFields task={draft.name} draft={draft.sync} onChange={(sync) => set({ sync } as Partial<TaskDraft<Name>>)} />}
      {draft.name === 'script' && (
        <>
          <Field label={`${prefix}Script path`} hint="absolute path to a .js, .cjs or .mjs file" wide>
            <input className="mono" value={draft.script.path} placeholder="/home/me/worker.mjs" onChange={(event) => set({ script: { ...draft.script, path: event.target.value } } as Partial<TaskDraft<Name>>)} />
          </Field>
          <Field label={`${prefix}Arguments`} hint='a JSON list, e.g. [3, "x"]'>
            <input className="mono" value={draft.script.args} onChange={(event) => set({ script: { ...draft.script, args: event.target.value } } as Partial<TaskDraft<Name>>)} />
          </Field>
        </>
      )}
      {draft.name === 'crash' && (
        <Field label={`${prefix}Crash signal`}>
          <select value={draft.signal} onChange={(event) => set({ signal: event.target.value as SignalName } as Partial<TaskDraft<Name>>)}>
            {SIGNAL_NAMES.map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </Field>
      )}
    </>
  );
}
