import type { PoolSpec, PoolState } from './pools';

/** Python's class for an api on a runtime: what the seeds call it. */
export function pythonClassOf(spec: Pick<PoolSpec, 'api' | 'runtime'>): string {
  if (spec.api === 'pool') return spec.runtime === 'thread' ? 'ThreadPool' : 'Pool';
  return spec.runtime === 'thread' ? 'ThreadPoolExecutor' : 'ProcessPoolExecutor';
}

/** "pool p: ThreadPool(4), maxtasksperchild 10, a crash rejects its task": a pool as created, in words. */
export function describePoolCreation(spec: PoolSpec): string {
  const options = [
    spec.maxTasksPerChild === null ? null : `maxtasksperchild ${spec.maxTasksPerChild}`,
    spec.onCrash === 'reject' ? 'a crash rejects its task (the lab\'s policy)' : null,
  ].filter((option) => option !== null);
  return `pool ${spec.name}: ${pythonClassOf(spec)}(${spec.size})${options.length === 0 ? '' : `, ${options.join(', ')}`}`;
}

/** "pool p is closed: no new tasks, workers stop once the backlog is done". */
export function describePoolState(pool: string, state: PoolState, reason: string | null): string {
  const why = reason === null ? '' : `: ${reason}`;
  switch (state) {
    case 'running':
      return `pool ${pool} is running${why}`;
    case 'closed':
      return `pool ${pool} is closed: no new tasks, its workers stop once the backlog is done${why}`;
    case 'terminating':
      return `pool ${pool} is terminating: its workers are stopped now, unfinished tasks will not run${why}`;
    case 'ended':
      return `pool ${pool} ended: every worker has exited${why}`;
    case 'broken':
      return `pool ${pool} is broken${why}`;
  }
}
