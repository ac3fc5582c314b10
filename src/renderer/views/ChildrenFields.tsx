import { CHILD_METHODS } from '../../shared/tasks';
import { WORKER_KINDS, type WorkerKind } from '../../shared/worker';
import { LEAF_TASKS, tasksFor, withChildKind, type ChildMethod, type ChildrenDraft } from '../model/start-form';
import { Field } from './Field';
import { TaskFields } from './TaskFields';

/** The parameters of spawn-children: how many, how each child is started, and what each child runs. */
export function ChildrenFields({ draft, onChange }: { draft: ChildrenDraft; onChange(draft: ChildrenDraft): void }) {
  const set = (change: Partial<ChildrenDraft>) => onChange({ ...draft, ...change });
  return (
    <fieldset className="form-grid children">
      <legend>Each worker starts children of its own</legend>
      <Field label="Children (n)">
        <input className="mono" inputMode="numeric" value={draft.n} onChange={(event) => set({ n: event.target.value })} />
      </Field>
      <Field label="Child kind">
        <select value={draft.kind} onChange={(event) => onChange(withChildKind(draft, event.target.value as WorkerKind))}>
          {WORKER_KINDS.map((kind) => (
            <option key={kind}>{kind}</option>
          ))}
        </select>
      </Field>
      <Field label="Child method" hint={draft.kind === 'thread' ? 'threads have no start method' : null}>
        <select value={draft.method} disabled={draft.kind === 'thread'} onChange={(event) => set({ method: event.target.value as ChildMethod })}>
          {CHILD_METHODS.map((method) => (
            <option key={method}>{method}</option>
          ))}
        </select>
      </Field>
      <TaskFields label="Child task" prefix="Child " names={tasksFor(draft.kind, LEAF_TASKS)} draft={draft.task} onChange={(task) => set({ task })} />
      <label className="check">
        <input type="checkbox" checked={draft.daemon} onChange={(event) => set({ daemon: event.target.checked })} />
        <span>Children are daemons</span>
      </label>
    </fieldset>
  );
}
