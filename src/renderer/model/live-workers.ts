import { isLive, type LabState } from '../../shared/lab-state';

/** How many workers are alive now (not exited, not failed to start): what counts against the lab's limit. */
export function liveWorkerCount(state: Pick<LabState, 'workers' | 'workerOrder'>): number {
  let live = 0;
  for (const id of state.workerOrder) {
    const worker = state.workers[id];
    if (worker !== undefined && isLive(worker)) live += 1;
  }
  return live;
}
