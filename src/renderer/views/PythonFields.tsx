import type { PythonInterpreter } from '../../shared/protocol';
import { DEFAULT_PYTHON } from '../../shared/start-spec';
import type { PythonDraft } from '../model/start-form';
import { Field } from './Field';

interface PythonFieldsProps {
  readonly draft: PythonDraft;
  /** The interpreters the lab found (lab.system); python3 is always offered. */
  readonly interpreters: readonly PythonInterpreter[];
  onChange(change: Partial<PythonDraft>): void;
}

/** A Python program to run unmodified under the lab's shim: its code or a script, arguments, interpreter. */
export function PythonFields({ draft, interpreters, onChange }: PythonFieldsProps) {
  const offered = interpreters.some((each) => each.interpreter === DEFAULT_PYTHON) ? interpreters : [{ interpreter: DEFAULT_PYTHON, label: DEFAULT_PYTHON, version: '', freeThreaded: false }, ...interpreters];
  const known = offered.some((each) => each.interpreter === draft.interpreter);
  return (
    <>
      <Field label="Interpreter" hint="every python3.X found on PATH and in pyenv; free-threaded builds end in t">
        <select value={draft.interpreter} onChange={(event) => onChange({ interpreter: event.target.value })}>
          {offered.map((each) => (
            <option key={each.interpreter} value={each.interpreter}>
              {each.label}
            </option>
          ))}
          {!known && <option value={draft.interpreter}>{draft.interpreter}</option>}
        </select>
      </Field>
      <Field label="Source" hint="inline code runs as python -c; a script by its absolute path">
        <select value={draft.source} onChange={(event) => onChange({ source: event.target.value as PythonDraft['source'] })}>
          <option value="code">code</option>
          <option value="script">script</option>
        </select>
      </Field>
      {draft.source === 'code' ? (
        <Field label="Code" hint="run unmodified: threads, locks, queues and processes show in the lab's views" wide>
          <textarea className="mono python-code" rows={10} spellCheck={false} value={draft.code} onChange={(event) => onChange({ code: event.target.value })} />
        </Field>
      ) : (
        <Field label="Script" hint="the absolute path of a .py file" wide>
          <input className="mono" value={draft.script} placeholder="/home/me/deadlock.py" onChange={(event) => onChange({ script: event.target.value })} />
        </Field>
      )}
      <Field label="Arguments" hint='a JSON list: its sys.argv[1:], such as ["-n", "5"]' wide>
        <input className="mono" value={draft.args} onChange={(event) => onChange({ args: event.target.value })} />
      </Field>
    </>
  );
}
