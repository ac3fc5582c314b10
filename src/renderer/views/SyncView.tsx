import { useMemo } from 'react';
import type { LabState } from '../../shared/lab-state';
import type { PrimitiveCommand } from '../model/primitive-edits';
import { LocksPanel } from './LocksPanel';
import { QueuesPanel } from './QueuesPanel';
import { StepPanel, type StepCommand } from './StepControls';
import { workerNameOf } from '../model/worker-names';
import { isLive } from '../../shared/lab-state';
import { WaitForGraph } from './WaitForGraph';

interface SyncViewProps {
  readonly state: LabState;
  /** Why commands are refused now (not connected, a recording shown), or null when they can be sent. */
  readonly offReason: string | null;
  onNewPrimitive(): void;
  operate(command: PrimitiveCommand): void;
  /** Step mode's commands (StepControls.tsx). */
  step(command: StepCommand): void;
}

/** The Synchronisation view, in the process tree's place: Locks on the left, the wait-for graph and the queues on the right. */
export function SyncView({ state, offReason, onNewPrimitive, operate, step }: SyncViewProps) {
  const { workers } = state;
  const nameOf = useMemo(() => workerNameOf({ workers }), [workers]);
  return (
    <div className="sync-view">
      <StepPanel step={state.step} pythonRunning={pythonRunning(state)} nameOf={nameOf} offReason={offReason} run={step} />
      <LocksPanel state={state} offReason={offReason} onNewPrimitive={onNewPrimitive} operate={operate} />
      <WaitForGraph state={state} offReason={offReason} step={step} />
      <QueuesPanel state={state} />
    </div>
  );
}

/** Whether a Python program (or a thread of one) is live: step mode does not hold those yet. */
function pythonRunning(state: LabState): boolean {
  return Object.values(state.workers).some((worker) => worker.method === 'python' && isLive(worker));
}
