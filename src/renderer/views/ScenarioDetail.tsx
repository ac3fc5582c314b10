import { useEffect, useRef } from 'react';
import type { ScenarioEntry, ScenarioProgress } from '../../shared/scenario-run';
import type { ScenarioCommand } from './ScenarioRunControls';
import type { PresentPanel } from '../model/presentation';
import { lookWords, retriesNote, scenarioPanels, variantLabel, verdictOf } from '../model/scenario-view';
import { ScenarioRunControls } from './ScenarioRunControls';
import { Verdict } from './Verdict';

interface ScenarioDetailProps {
  readonly entry: ScenarioEntry;
  readonly progress: ScenarioProgress;
  /** Why commands are refused now (not connected, a recording shown), or null when they can be sent. */
  readonly offReason: string | null;
  /** The panels shown when the scenario names none (the window's own). */
  readonly fallbackPanels: readonly PresentPanel[];
  /** The interpreter a Python program runs on (the lab's python3 otherwise). */
  readonly interpreter: string;
  send(command: ScenarioCommand): void;
  onPresent(): void;
}

/**
 * One scenario, as a teacher runs it: its title and seed, a Run button per variant (the broken program, the
 * fixed one) and Reset, the live verdict big, then the lesson in a paragraph; beside it the narration, the step shown marked,
 * with Next step and Present. Its run and step are the lab's (scenario.progress), so presentation mode and every page agree.
 */
export function ScenarioDetail({ entry, progress, offReason, fallbackPanels, interpreter, send, onPresent }: ScenarioDetailProps) {
  const { scenario, id } = entry;
  const steps = scenario.narration;
  const step = Math.min(progress.step, steps.length - 1);
  const busy = progress.state === 'resetting';
  const label = variantLabel(scenario, progress.variant);
  const note = retriesNote(progress);
  const off = offReason ?? (busy ? 'a reset is ending what the scenario started' : null);
  // The step shown stays in view as the narration moves on (from here, or from presentation mode).
  const current = useRef<HTMLLIElement>(null);
  useEffect(() => {
    current.current?.scrollIntoView({ block: 'nearest' });
  }, [step, id]);
  return (
    <>
      <article className="scenario-detail" aria-label={scenario.title}>
        <header className="scenario-head">
          <h3 className="scenario-title">{scenario.title}</h3>
          <p className="scenario-seed">
            <span className="dim">Seed: </span>
            {scenario.seed}
          </p>
        </header>
        <ScenarioRunControls entry={entry} progress={progress} off={off} interpreter={interpreter} send={send} />
        <Verdict verdict={verdictOf(progress)} label={label ?? undefined} />
        <p className="scenario-look dim">
          {lookWords(scenarioPanels(scenario, progress, fallbackPanels))}
          {note !== null && ` · ${note}`}
        </p>
        {/* Below the verdict: at 1280x720 the Run buttons and the verdict stay in view whatever the lesson's length. */}
        {scenario.summary !== undefined && <p className="scenario-summary">{scenario.summary}</p>}
      </article>
      <section className="scenario-narration-column" aria-label="Narration and steps">
        <div className="scenario-narration-head">
          <h4>Narration</h4>
          <span className="dim">
            step {step + 1} of {steps.length}
          </span>
          <div className="panel-tools">
            <button type="button" disabled={off !== null || step >= steps.length - 1} title={off ?? 'the next step of the narration (Space when presenting)'} onClick={() => send({ type: 'scenario.step', id, to: step + 1 })}>
              Next step
            </button>
            <button type="button" onClick={onPresent} title="presentation mode: this scenario's panels, narration and verdict, large (F5); Space / B step, Esc leaves">
              Present this scenario
            </button>
          </div>
        </div>
        <ol className="scenario-narration" aria-label="Narration">
          {steps.map((each, index) => (
            <li key={index} ref={index === step ? current : undefined} aria-current={index === step ? 'step' : undefined} className={index < step ? 'told' : undefined}>
              <button type="button" className="narration-goto" disabled={off !== null || index === step} onClick={() => send({ type: 'scenario.step', id, to: index })} aria-label={`Go to step ${index + 1}`}>
                {index + 1}
              </button>
              <span className="scenario-step-text">{each.text}</span>
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
