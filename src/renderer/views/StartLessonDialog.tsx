import { useState, type FormEvent } from 'react';
import type { LabState } from '../../shared/lab-state';
import type { CommandOutcome, CommandToSend } from '../../shared/protocol';
import { DEFAULT_START_LESSON_MEGABYTES, MAX_START_LESSON_CHILDREN } from '../../shared/start-lesson';
import { DEFAULT_PYTHON } from '../../shared/start-spec';
import { Dialog } from './Dialog';
import { Field } from './Field';
import { FormError } from './FormFooter';
import { InterpreterChoice } from './InterpreterChoice';
import { StartLessonRuns } from './StartLessonRuns';

interface StartLessonDialogProps {
  readonly state: LabState;
  /** Why commands are off (not connected, a recording shown), or null. */
  readonly offReason: string | null;
  send(command: CommandToSend): Promise<CommandOutcome>;
  onClose(): void;
}

/**
 * "fork vs spawn vs forkserver": the same Python program once per start method, then fork while a thread
 * runs (start-lesson.ts); a row per run, live, from what the lab measured.
 */
export function StartLessonDialog({ state, offReason, send, onClose }: StartLessonDialogProps) {
  const pythons = state.system?.pythons ?? [];
  const [interpreter, setInterpreter] = useState(pythons[0]?.interpreter ?? DEFAULT_PYTHON);
  const [children, setChildren] = useState(2);
  const [error, setError] = useState<string | null>(null);
  const lesson = state.startLesson;
  const running = lesson?.state === 'running';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const outcome = await send({ type: 'lesson.startMethods', children, interpreter, megabytes: DEFAULT_START_LESSON_MEGABYTES });
    if (!outcome.ok) setError(outcome.error);
  };

  return (
    <Dialog label="fork vs spawn vs forkserver" className="start-lesson" onClose={onClose}>
      <form className="dialog-form" onSubmit={(event) => void submit(event)}>
        <h2 className="dialog-title">fork vs spawn vs forkserver</h2>
        <p className="dialog-text">
          A parent holding {DEFAULT_START_LESSON_MEGABYTES} MB starts {children} {children === 1 ? 'child' : 'children'} with each start method, then forks again while a second
          thread runs. fork copies the parent (its pages shared until written); spawn and forkserver start a fresh interpreter that imports the main module again. Python 3.12 and later warn of a fork among threads.
        </p>
        <div className="form-grid start-lesson-form">
          <Field label="Interpreter">
            <InterpreterChoice pythons={pythons} interpreter={interpreter} onChange={setInterpreter} />
          </Field>
          <Field label="Children per method">
            <input type="number" min={1} max={MAX_START_LESSON_CHILDREN} value={children} onChange={(event) => setChildren(Number(event.target.value))} />
          </Field>
          <div className="comparison-run">
            <button type="submit" className="primary solid" disabled={running || offReason !== null} title={offReason ?? (running ? 'the lesson is running' : undefined)}>
              {running ? 'Running…' : 'Run lesson'}
            </button>
          </div>
        </div>
        <FormError error={error} />
        {lesson !== null && <StartLessonRuns lesson={lesson} />}
        <div className="dialog-buttons">
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
      </form>
    </Dialog>
  );
}
