import type { LabState } from '../../shared/lab-state';
import type { LabCommand } from '../../shared/protocol';
import { describeCycle } from '../../shared/sync';
import { workerNameOf } from '../model/worker-names';

interface DeadlockBannerProps {
  readonly state: LabState;
  /** Shown when the wait-for graph is not on screen: one click to see the cycle drawn. */
  readonly onShowGraph: (() => void) | null;
  run(command: LabCommand): void;
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
        ⛔
      </span>
      <p className="deadlock-text">{describeCycle(deadlock.cycle, nameOf)}</p>
      <div className="deadlock-actions">
        {onShowGraph !== null && (
          <button type="button" className="small" onClick={onShowGraph}>
            Show wait-for graph
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
