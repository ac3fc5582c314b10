import type { LabState } from '../../shared/lab-state';
import type { PrimitiveCommand } from '../model/primitive-edits';
import { LocksPanel } from './LocksPanel';
import { QueuesPanel } from './QueuesPanel';
import { WaitForGraph } from './WaitForGraph';

interface SyncViewProps {
  readonly state: LabState;
  /** Why commands are refused now (not connected, a recording shown), or null when they can be sent. */
  readonly offReason: string | null;
  onNewPrimitive(): void;
  operate(command: PrimitiveCommand): void;
}

/** The Synchronisation view, in the process tree's place: Locks on the left, the wait-for graph and the queues on the right. */
export function SyncView({ state, offReason, onNewPrimitive, operate }: SyncViewProps) {
  return (
    <div className="sync-view">
      <LocksPanel state={state} offReason={offReason} onNewPrimitive={onNewPrimitive} operate={operate} />
      <WaitForGraph state={state} />
      <QueuesPanel state={state} />
    </div>
  );
}
