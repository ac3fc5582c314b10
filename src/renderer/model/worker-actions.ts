import { isLive, type LabState, type WorkerView } from '../../shared/lab-state';
import type { Selection } from './selection';

export type WorkerAction = 'join' | 'terminate' | 'kill' | 'signal' | 'terminateTree' | 'close' | 'joinGroup' | 'terminateGroup';

/** Whether an action applies to the selection, and if not, why, in words shown next to the button. */
export interface Availability {
  readonly enabled: boolean;
  readonly reason: string | null;
}

const yes: Availability = { enabled: true, reason: null };
const no = (reason: string): Availability => ({ enabled: false, reason });

export interface ActionContext {
  readonly state: LabState;
  readonly selection: Selection | null;
  /** Why commands are refused now (not connected, a recording shown), or null when they can be sent. */
  readonly offReason: string | null;
}

/**
 * The workers started together with this one (one "Start" with a count above 1). A Python program's own
 * processes and threads carry its group too, but are not the lab's to join or end as a group.
 */
export function groupOf(worker: WorkerView, state: LabState): WorkerView[] {
  return state.workerOrder.map((id) => state.workers[id]).filter((each): each is WorkerView => each?.groupId === worker.groupId && each.observed === undefined);
}

export function availability(action: WorkerAction, worker: WorkerView | undefined, context: ActionContext): Availability {
  if (context.offReason !== null) return no(context.offReason);
  if (context.state.stopping) return no('the lab is stopping');
  if (worker === undefined) {
    if (context.selection === null) return no('no worker selected');
    return no(context.selection.kind === 'worker' ? 'waiting for the worker to appear' : 'not a worker of the lab');
  }
  const observed = observedRefusal(action, worker);
  if (observed !== null) return observed;
  switch (action) {
    case 'joinGroup':
    case 'terminateGroup':
      return groupOf(worker, context.state).some(isLive) ? yes : no('every worker of the group has ended');
    case 'terminateTree':
      // An exited parent's children may live on (orphans), so the tree can still be ended.
      if (worker.kind === 'process' && worker.exit !== null && worker.task?.name === 'spawn-children') return yes;
      return liveness(worker) ?? yes;
    case 'join':
      return liveness(worker) ?? (worker.join !== null ? no('a join is already waiting') : yes);
    case 'terminate':
    case 'kill':
      return liveness(worker) ?? yes;
    case 'close':
      // Python's Process.close(): only once it has ended.
      return isLive(worker) ? no('still running: join or terminate it first') : yes;
    case 'signal':
      if (worker.kind === 'thread') return no('threads do not receive signals');
      return liveness(worker) ?? (worker.pid === null ? no('no pid yet: still starting') : yes);
  }
}

/**
 * An observed Python process or thread is not one the lab started: the lab has no handle to join it by. A
 * process is terminated, killed or signalled through its pid (as any process of the lab's tree); a thread
 * cannot be ended at all (Python has no way to end a thread from outside).
 */
function observedRefusal(action: WorkerAction, worker: WorkerView): Availability | null {
  if (worker.observed === undefined) return null;
  if (worker.kind === 'thread') return no('a Python thread cannot be terminated or joined from outside: end its process');
  if (action === 'terminate' || action === 'kill' || action === 'signal') return null;
  if (action === 'close') return no('the lab closes ended Python processes by itself');
  return no('a process of the Python program, not one the lab started: terminate, kill or signal it, or end the program');
}

function liveness(worker: WorkerView): Availability | null {
  if (worker.startFailure !== null) return no('failed to start');
  if (worker.exit !== null) return no('already exited');
  return null;
}
