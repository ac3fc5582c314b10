import type { LabState } from '../../shared/lab-state';
import type { PrimitiveCommand } from '../model/primitive-edits';
import { LocksPanel } from './LocksPanel';
import { QueuesPanel } from './QueuesPanel';
import { WaitForGraph } from './WaitForGraph';

interface SyncViewProps {
  readonly state: LabState;
  readonly connected: boolean;
  onNewPrimitive(): void;
  operate(command: PrimitiveCommand): void;
}

/** The Synchronisation view, in the process tree's place: Locks on the left, the wait-for graph and the queues on the right. */
export function SyncView({ state, connected, onNewPrimitive, operate }: SyncViewProps) {
  return (
    <div className="sync-view">
      <LocksPanel state={state} connected={connected} onNewPrimitive={onNewPrimitive} operate={operate} />
      <WaitForGraph state={state} />
      <QueuesPanel state={state} />
    </div>
  );
}
