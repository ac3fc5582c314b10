import type { ScenariosView as ScenariosState } from '../../shared/lab-state';
import type { PythonInterpreter } from '../../shared/protocol';
import { useScenarioInterpreter } from '../hooks/use-scenario-interpreter';
import type { PresentPanel } from '../model/presentation';
import { progressOf } from '../model/scenario-view';
import { ScenarioDetail } from './ScenarioDetail';
import type { ScenarioCommand } from './ScenarioRunControls';
import { InterpreterChoice } from './InterpreterChoice';
import { ScenarioLibrary } from './ScenarioLibrary';

interface ScenariosViewProps {
  readonly scenarios: ScenariosState;
  /** The scenario picked, by id (the App keeps it: presentation mode shows it too). */
  readonly picked: string | null;
  readonly offReason: string | null;
  readonly fallbackPanels: readonly PresentPanel[];
  /** The interpreters the lab found, for the scenarios whose programs are Python's. */
  readonly pythons: readonly PythonInterpreter[];
  onPick(id: string): void;
  send(command: ScenarioCommand): void;
  onPresent(): void;
}

/**
 * The "Scenarios" region, in the process tree's place: the library on the left (the shipped lessons and
 * a teacher's own files, those with errors listed with them), the scenario picked on the right.
 */
export function ScenariosView({ scenarios, picked, offReason, fallbackPanels, pythons, onPick, send, onPresent }: ScenariosViewProps) {
  const [interpreter, setInterpreter] = useScenarioInterpreter(pythons);
  const { library, problems, progress } = scenarios;
  const entry = library.find((each) => each.id === picked);
  const yours = library.filter((each) => each.source === 'user').length;
  return (
    <section className="panel scenarios-panel" aria-label="Scenarios">
      <header className="panel-head">
        <h2>Scenarios</h2>
        <span className="panel-note">
          {library.length - yours} in the library{yours > 0 ? ` · ${yours} of yours` : ''}
          {problems.length > 0 && <span className="scenario-note-problems">{` · ${problems.length} with errors`}</span>}
        </span>
        <div className="panel-tools">
          <label className="scenario-interpreter" title="the Python that runs the scenarios' Python programs">
            <span className="dim">Python</span>
            <InterpreterChoice pythons={pythons} interpreter={interpreter} onChange={setInterpreter} />
          </label>
          <button type="button" className="small" disabled={offReason !== null} title={offReason ?? 'read the scenario files again (an edited file is seen at once)'} onClick={() => send({ type: 'scenario.reload' })}>
            Reload files
          </button>
        </div>
      </header>
      <div className="scenarios-body">
        <ScenarioLibrary entries={library} problems={problems} progress={progress} picked={entry?.id ?? null} onPick={onPick} />
        {entry === undefined ? (
          <p className="empty scenario-none">Pick a scenario on the left: its narration, its Run buttons and its verdict appear here.</p>
        ) : (
          <ScenarioDetail entry={entry} progress={progressOf(progress, entry.id)} offReason={offReason} fallbackPanels={fallbackPanels} interpreter={interpreter} send={send} onPresent={onPresent} />
        )}
      </div>
    </section>
  );
}
