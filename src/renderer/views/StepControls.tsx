import { useContext } from 'react';
import { describeReplay } from '../../shared/describe-step';
import type { CommandToSend } from '../../shared/protocol';
import { stepPointWords, type StepView } from '../../shared/step-mode';
import { useHeldAt, StepContext } from '../hooks/use-step';

/** The step commands a control sends (protocol.ts). */
export type StepCommand = Extract<CommandToSend, { type: 'sync.stepMode' | 'sync.release' | 'sync.stepAgain' }>;

interface StepPanelProps {
  readonly step: StepView;
  /** A Python program runs: its threads are not held (docs/step-mode.md, "Python"), and the panel says so. */
  readonly pythonRunning: boolean;
  readonly nameOf: (workerId: string) => string;
  /** Why commands are refused now (not connected, a recording shown), or null. */
  readonly offReason: string | null;
  run(command: StepCommand): void;
}

/** The schedule shown in full up to this many choices; beyond, the last ones with "…" before them. */
const SHOWN_CHOICES = 8;

/**
 * "Be the scheduler" (docs/step-mode.md), the Sync view's "Step mode" region: step mode on or off, every held
 * worker with its Release, Run freely, and the schedule chosen with Again (the same choices on fresh
 * workers) and Undo last choice (again, one choice short: what a real process did cannot be taken back).
 */
export function StepPanel({ step, pythonRunning, nameOf, offReason, run }: StepPanelProps) {
  const held = Object.entries(step.held).sort(([, a], [, b]) => a.since - b.since);
  const off = offReason !== null;
  const schedule = step.schedule;
  const shown = schedule.slice(-SHOWN_CHOICES);
  return (
    <section className={step.on ? 'panel step-panel on' : 'panel step-panel'} aria-label="Step mode">
      <header className="panel-head">
        <h2>Step mode</h2>
        <span className="panel-note">{step.on ? `${held.length} held by you` : 'be the scheduler'}</span>
      </header>
      <div className="step-strip">
        <div className="step-row">
          <button
            type="button"
            className="step-toggle"
            aria-pressed={step.on}
            disabled={off}
            title={offReason ?? 'hold every worker at its next synchronisation point (acquire, release, put, get, wait, notify, a shared value read or write) until you release it'}
            onClick={() => run({ type: 'sync.stepMode', on: !step.on })}
          >
            Step mode: {step.on ? 'on' : 'off'}
          </button>
          {step.on && (
            <button type="button" disabled={off} title={offReason ?? 'step mode off: every held worker goes on by itself'} onClick={() => run({ type: 'sync.stepMode', on: false })}>
              Run freely
            </button>
          )}
          {step.on && held.length === 0 && <span className="dim">none held now: a worker is held when it reaches its next lock, queue or shared value</span>}
          {!step.on && <span className="dim">hold every worker at its next acquire, put, get, wait… and choose who goes</span>}
        </div>
        {held.length > 0 && (
          <ul className="step-held" aria-label="Held by you">
            {held.map(([workerId, at]) => (
              <li key={workerId}>
                <span className="held-name">{nameOf(workerId)}</span> <span className="held-at">at {stepPointWords(at.primitive, at.op)}</span>
                <button type="button" className="small" disabled={off} title={offReason ?? `let ${nameOf(workerId)} do ${stepPointWords(at.primitive, at.op)}, and hold it at its next one`} onClick={() => run({ type: 'sync.release', workerId })}>
                  Release
                </button>
              </li>
            ))}
          </ul>
        )}
        {schedule.length > 0 && (
          <div className="step-row step-schedule">
            <span className="schedule-words" title={schedule.map((choice, index) => `${index + 1}. ${nameOf(choice.workerId)} ${stepPointWords(choice.primitive, choice.op)}`).join('\n')}>
              Schedule ({schedule.length}): {schedule.length > shown.length ? '… → ' : ''}
              {shown.map((choice) => `${nameOf(choice.workerId)} ${stepPointWords(choice.primitive, choice.op)}`).join(' → ')}
            </span>
            <button type="button" className="small" disabled={off} title={offReason ?? 'end these workers, start them again as they were, and release them in the same order'} onClick={() => run({ type: 'sync.stepAgain' })}>
              Again with this schedule
            </button>
            <button
              type="button"
              className="small"
              disabled={off}
              title={offReason ?? 'run again with every choice but the last (a real process cannot take back what it did, so undo is a fresh run to one step before)'}
              onClick={() => run({ type: 'sync.stepAgain', upTo: schedule.length - 1 })}
            >
              Undo last choice
            </button>
          </div>
        )}
        {step.on && pythonRunning && <p className="hint">Python programs run freely: step mode holds the lab&apos;s own threads and forked processes only, for now.</p>}
        {step.replay !== null && (
          <p className={`step-replay ${step.replay.state}`} role="status">
            {describeReplay(step.replay)}
          </p>
        )}
      </div>
    </section>
  );
}

/** A held worker's Release in its details ("Release (one step)"); nothing when it is not held. */
export function ReleaseHeld({ workerId, offReason, run }: { workerId: string; offReason: string | null; run(command: StepCommand): void }) {
  const held = useHeldAt(workerId);
  const step = useContext(StepContext);
  if (held === undefined || !step.on) return null;
  return (
    <div className="action-row step-release">
      <button type="button" className="action" disabled={offReason !== null} title={offReason ?? 'let it do this one operation; it is held again at its next one'} onClick={() => run({ type: 'sync.release', workerId })}>
        Release: {stepPointWords(held.primitive, held.op)}
      </button>
      <button type="button" className="action" disabled={offReason !== null} title={offReason ?? 'step mode off: every held worker goes on'} onClick={() => run({ type: 'sync.stepMode', on: false })}>
        Run freely
      </button>
    </div>
  );
}
