import { isInHistory, type LabState } from '../../shared/lab-state';

/**
 * The state the process tree and table are built from, kept the same object while nothing they read has
 * changed: they read the host, the process samples, the workers and their order, the configuration and,
 * through `now`, which ended workers have moved to the history list. A worker's output or the clock
 * moving on (most events at a busy lab's rates) rebuild nothing. With the same workers, `now` only grows,
 * so the workers in history only grow: their count says whether the set changed.
 */
export function stableTreeState(previous: LabState, state: LabState): LabState {
  if (
    previous.host !== state.host ||
    previous.processes !== state.processes ||
    previous.workers !== state.workers ||
    previous.workerOrder !== state.workerOrder ||
    previous.config !== state.config ||
    inHistory(previous) !== inHistory(state)
  ) {
    return state;
  }
  return previous;
}

function inHistory(state: LabState): number {
  let count = 0;
  for (const id in state.workers) if (isInHistory(state.workers[id]!, state)) count += 1;
  return count;
}
