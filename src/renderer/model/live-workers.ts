import { isLive, type LabState } from '../../shared/lab-state';

/** How many workers are alive now (not exited, not failed to start): what counts against the lab's limit. */
export function liveWorkerCount(state: Pick<LabState, 'workers' | 'workerOrder'>): number {
  let live = 0;
  for (const id of state.workerOrder) {
    const worker = state.workers[id];
    // A Python program's own processes and threads (observed) do not count against the lab's limit.
    if (worker !== undefined && worker.observed === undefined && isLive(worker)) live += 1;
  }
  return live;
}
