import { useState, type FormEvent } from 'react';
import type { LabState } from '../../shared/lab-state';
import { DEFAULT_COMPARISON_COUNT, MAX_COMPARISON_WORKERS } from '../../shared/lessons';
import type { CommandOutcome, CommandToSend } from '../../shared/protocol';
import { DEFAULT_PYTHON } from '../../shared/start-spec';
import { ComparisonRuns } from './ComparisonRuns';
import { Dialog } from './Dialog';
import { Field } from './Field';
import { FormError } from './FormFooter';
import { InterpreterChoice } from './InterpreterChoice';

interface ComparisonDialogProps {
  readonly state: LabState;
  /** Why commands are off (not connected, a recording shown), or null. */
  readonly offReason: string | null;
  send(command: CommandToSend): Promise<CommandOutcome>;
  onClose(): void;
}

/**
 * "Threads vs processes": the same CPU-bound function as N threads, then as N processes, under the
 * interpreter chosen (lessons.ts); the two runs side by side, live, from the lab's own samples.
 */
export function ComparisonDialog({ state, offReason, send, onClose }: ComparisonDialogProps) {
  const pythons = state.system?.pythons ?? [];
  const [interpreter, setInterpreter] = useState(pythons[0]?.interpreter ?? DEFAULT_PYTHON);
  const [workers, setWorkers] = useState(2);
  const [error, setError] = useState<string | null>(null);
  const comparison = state.comparison;
  const running = comparison?.state === 'running';
  const chosen = pythons.find((python) => python.interpreter === interpreter);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const outcome = await send({ type: 'lesson.compare', workers, interpreter, count: DEFAULT_COMPARISON_COUNT });
    if (!outcome.ok) setError(outcome.error);
  };

  return (
    <Dialog label="Threads vs processes" className="comparison" onClose={onClose}>
      <form className="dialog-form" onSubmit={(event) => void submit(event)}>
        <h2 className="dialog-title">Threads vs processes</h2>
        <p className="dialog-text">
          The same CPU-bound Python function (a count down from {DEFAULT_COMPARISON_COUNT.toLocaleString('en')}) as {workers} threads, then as {workers} processes. Under the
          GIL the threads take turns: about one core in all. Each process has an interpreter of its own.
        </p>
        <div className="form-grid comparison-form">
          <Field label="Interpreter" hint={chosen?.freeThreaded ? 'free-threaded: its threads run in parallel too' : pythons.length === 0 ? null : 'with the GIL'}>
            <InterpreterChoice pythons={pythons} interpreter={interpreter} onChange={setInterpreter} />
          </Field>
          <Field label="Threads, then processes">
            <input type="number" min={1} max={MAX_COMPARISON_WORKERS} value={workers} onChange={(event) => setWorkers(Number(event.target.value))} />
          </Field>
          <div className="comparison-run">
            <button type="submit" className="primary solid" disabled={running || offReason !== null} title={offReason ?? (running ? 'a comparison is running' : undefined)}>
              {running ? 'Running…' : 'Run comparison'}
            </button>
          </div>
        </div>
        <FormError error={error} />
        {comparison !== null && <ComparisonRuns comparison={comparison} />}
        <div className="dialog-buttons">
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
      </form>
    </Dialog>
  );
}
