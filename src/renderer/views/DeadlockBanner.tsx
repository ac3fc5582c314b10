import type { LabState } from '../../shared/lab-state';
import type { CommandToSend } from '../../shared/protocol';
import type { CycleStep } from '../../shared/sync';
import { workerNameOf } from '../model/worker-names';

interface DeadlockBannerProps {
  readonly state: LabState;
  /** Shown when the wait-for graph is not on screen: one click to see the cycle drawn. */
  readonly onShowGraph: (() => void) | null;
  run(command: CommandToSend): void;
}

/**
 * The deadlock in force, above every panel: the cycle in words, and the way out. Terminating any one
 * worker of the cycle releases what it held (the next acquirer is told its owner died), so the others
 * can go on.
 */
export function DeadlockBanner({ state, onShowGraph, run }: DeadlockBannerProps) {
  const deadlock = state.sync.deadlock;
  if (deadlock === null) return null;
  const nameOf = workerNameOf(state);
  const members = [...new Set(deadlock.cycle.map((step) => step.workerId))];
  return (
    <div className="deadlock-banner" role="alert">
      <span className="deadlock-icon" aria-hidden="true">
        !
      </span>
      <CycleSentence cycle={deadlock.cycle} nameOf={nameOf} />
      <div className="deadlock-actions">
        {onShowGraph !== null && (
          <button type="button" className="small" onClick={onShowGraph}>
            Show graph
          </button>
        )}
        {members.map((workerId) => (
          <button key={workerId} type="button" className="small danger" onClick={() => run({ type: 'terminate', workerIds: [workerId] })}>
            Terminate {nameOf(workerId)}
          </button>
        ))}
      </div>
    </div>
  );
}

/**
 * describeCycle's words ("Deadlock: w1 waits for lockB held by w2; ..."), with each name kept on one line:
 * a browser would otherwise break "dl-a-1" after a hyphen when the banner wraps.
 */
function CycleSentence({ cycle, nameOf }: { cycle: readonly CycleStep[]; nameOf(workerId: string): string }) {
  return (
    <p className="deadlock-text">
      Deadlock:{' '}
      {cycle.map((step, index) => (
        <span key={`${step.workerId}-${step.primitive}`}>
          {index > 0 && '; '}
          {step.via === 'join' ? (
            // A join (describeCycleStep's words): "MainThread waits to join B", "... to join child (its MainThread)".
            <>
              <span className="nowrap">{nameOf(step.workerId)}</span> waits to join <span className="nowrap">{nameOf(step.primitive)}</span>
              {step.heldBy !== step.primitive && (
                <>
                  {' '}
                  (its <span className="nowrap">{nameOf(step.heldBy)}</span>)
                </>
              )}
            </>
          ) : (
            <>
              <span className="nowrap">{nameOf(step.workerId)}</span> waits for <span className="nowrap">{step.primitive}</span> held by{' '}
              <span className="nowrap">{nameOf(step.heldBy)}</span>
            </>
          )}
        </span>
      ))}
    </p>
  );
}
