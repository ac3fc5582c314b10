import { useEffect, useRef, type ReactNode } from 'react';
import { useShortcuts } from '../hooks/use-shortcuts';
import { stageLayout, stepWithin, type PresentationContent } from '../model/presentation';
import { NarrationStep } from './NarrationStep';
import { Verdict } from './Verdict';

interface PresentationModeProps {
  readonly content: PresentationContent;
  /** The panels, drawn by the window (they are its own regions, live). */
  readonly stage: ReactNode;
  /** The scenario's Run and Reset buttons, over its verdict; null without a scenario. */
  readonly controls: ReactNode;
  /** False while a dialog is open over the presentation: its keys are the dialog's then. */
  readonly keysEnabled: boolean;
  onStep(to: number): void;
  onLeave(): void;
}

/**
 * The window for a projector: the title, the narration step and the verdict large at the top, then only the
 * panels the scenario names, drawn larger than in the window. Space (or → or Page Down, what a presenter's
 * clicker sends) goes to the next narration step, B (← or Page Up) back, Esc leaves. The window's own
 * shortcuts are off meanwhile.
 */
export function PresentationMode({ content, stage, controls, keysEnabled, onStep, onLeave }: PresentationModeProps) {
  const { narration } = content;
  const count = narration?.steps.length ?? 0;
  const index = narration?.index ?? 0;
  const go = (delta: number) => {
    if (narration === null) return;
    const to = stepWithin(index, delta, count);
    if (to !== index) onStep(to);
  };
  const next = () => go(1);
  const back = () => go(-1);
  useShortcuts({ ' ': next, ArrowRight: next, PageDown: next, b: back, B: back, ArrowLeft: back, PageUp: back, Escape: onLeave }, keysEnabled);
  // Focus comes here, so that a key is the presentation's and not a button's left focused in the window.
  const region = useRef<HTMLDivElement>(null);
  useEffect(() => {
    region.current?.focus();
  }, []);

  return (
    <div className="presentation" role="region" aria-label="Presentation" tabIndex={-1} ref={region}>
      <header className="present-head">
        <div className="present-title">
          <h1>{content.title}</h1>
          {content.subtitle !== null && <p className="present-subtitle">{content.subtitle}</p>}
        </div>
        <div className="present-controls" role="group" aria-label="Presentation controls">
          {narration !== null && (
            <>
              <button type="button" onClick={back} disabled={index === 0} aria-label="Back a step (B)">
                ◀ Back
              </button>
              <button type="button" className="primary solid" onClick={next} disabled={index >= count - 1} aria-label="Next step (Space)">
                Next ▶
              </button>
            </>
          )}
          <button type="button" onClick={onLeave} aria-label="Leave presentation (Esc)">
            Leave <kbd>Esc</kbd>
          </button>
        </div>
      </header>
      {(narration !== null || content.verdict !== null) && (
        <div className="present-story">
          {narration !== null && <NarrationStep steps={narration.steps} index={index} />}
          {content.verdict !== null && (
            <div className="present-verdict">
              {controls}
              <Verdict verdict={content.verdict} label={content.verdictLabel ?? undefined} />
            </div>
          )}
        </div>
      )}
      <div className={`present-stage ${stageLayout(content.panels)}`}>{stage}</div>
    </div>
  );
}
