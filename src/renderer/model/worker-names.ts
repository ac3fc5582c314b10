import type { LabState } from '../../shared/lab-state';

/** A worker's name for display; its id when the lab never announced it (or it is "lab" itself). */
export function workerNameOf(state: Pick<LabState, 'workers'>): (workerId: string) => string {
  return (workerId) => state.workers[workerId]?.name ?? workerId;
}
