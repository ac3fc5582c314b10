import type { CommandToSend, PythonInterpreter } from '../../shared/protocol';
import type { ScenarioEntry, ScenarioProgress } from '../../shared/scenario-run';
import { useScenarioInterpreter } from '../hooks/use-scenario-interpreter';

export type ScenarioCommand = Extract<CommandToSend, { type: `scenario.${string}` }>;

interface ScenarioRunControlsProps {
  readonly entry: ScenarioEntry;
  readonly progress: ScenarioProgress;
  /** Why the buttons are off (not connected, a recording shown, a reset under way), or null. */
  readonly off: string | null;
  /** The interpreter a Python program runs on. */
  readonly interpreter: string;
  send(command: ScenarioCommand): void;
}

/**
 * A Run button per variant (the broken program, the fixed one; the one run last pressed) and Reset: in the
 * Scenarios view, and in presentation mode so that a teacher at the projector never has to leave it.
 */
export function ScenarioRunControls({ entry, progress, off, interpreter, send }: ScenarioRunControlsProps) {
  const { scenario, id } = entry;
  const running = progress.state === 'running';
  const reason = off ?? (progress.state === 'resetting' ? 'a reset is ending what the scenario started' : null);
  return (
    <div className="scenario-controls" role="group" aria-label="Scenario controls">
      {scenario.variants.map((variant) => (
        <button
          key={variant.id}
          type="button"
          className="primary"
          disabled={reason !== null}
          title={reason ?? `run “${variant.label}”${running ? ' (the run going now is reset first)' : ''}`}
          aria-pressed={progress.variant === variant.id && progress.state !== 'idle'}
          onClick={() => send({ type: 'scenario.run', id, variant: variant.id, ...(variant.program.kind === 'python' && { interpreter }) })}
        >
          <span aria-hidden="true">▶</span> Run: {variant.label}
        </button>
      ))}
      <button type="button" className="warn" disabled={reason !== null} title={reason ?? 'end and remove every worker and primitive it made, back to step 1'} onClick={() => send({ type: 'scenario.reset', id })}>
        Reset
      </button>
    </div>
  );
}

/** The same controls in presentation mode, on the interpreter chosen in the Scenarios view. */
export function PresentedRunControls(props: Omit<ScenarioRunControlsProps, 'interpreter'> & { readonly pythons: readonly PythonInterpreter[] }) {
  const [interpreter] = useScenarioInterpreter(props.pythons);
  return <ScenarioRunControls {...props} interpreter={interpreter} />;
}
