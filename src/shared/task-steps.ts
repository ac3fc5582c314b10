/**
 * The steps a pool's task goes through, as explain mode lists them (issue 9): submitted by the caller,
 * queued in the host's backlog, sent to a worker (prefetched there), running on it, then one end, and the
 * caller's callback once it ran. Zod-free: the core's runner and the page's reducer both read it.
 */
export const TASK_STEPS = ['submitted', 'queued', 'sent', 'running', 'done', 'failed', 'lost', 'cancelled', 'rejected', 'callback'] as const;
export type TaskStep = (typeof TASK_STEPS)[number];

/** The steps that end a task in the runner: after one of them it holds no slot and is in no backlog. */
export const TASK_ENDS = ['done', 'failed', 'lost', 'cancelled', 'rejected'] as const satisfies readonly TaskStep[];
export type TaskEnd = (typeof TASK_ENDS)[number];

/** Where a task's run time and wait time fall (ms): 16 edges, 17 buckets, the last one above 10 s. */
export const HIST_EDGES_MS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000] as const;

/** Explain mode keeps at most this many steps per pool and second in full; the rest are counted. */
export const EXPLAIN_STEPS_PER_SECOND = 2_000;

/** The most workers one pool may have (and the lab's own worker limit still applies). */
export const MAX_POOL_SIZE = 64;
