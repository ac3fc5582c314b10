import type { PythonInterpreter } from '../../shared/protocol';

interface InterpreterChoiceProps {
  /** The interpreters the lab found; none found: a path typed by hand. */
  readonly pythons: readonly PythonInterpreter[];
  readonly interpreter: string;
  onChange(interpreter: string): void;
  /** Given by Field, which names and describes the control. */
  readonly id?: string;
  readonly 'aria-describedby'?: string;
}

/** The lessons' "Interpreter" control: one of the interpreters found, or a typed path when none were. */
export function InterpreterChoice({ pythons, interpreter, onChange, ...named }: InterpreterChoiceProps) {
  if (pythons.length === 0) return <input {...named} className="mono" value={interpreter} onChange={(event) => onChange(event.target.value)} />;
  return (
    <select {...named} value={interpreter} onChange={(event) => onChange(event.target.value)}>
      {pythons.map((python) => (
        <option key={python.interpreter} value={python.interpreter}>
          {python.label}
        </option>
      ))}
    </select>
  );
}
