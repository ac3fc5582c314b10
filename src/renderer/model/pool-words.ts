import type { CrashChoice, PoolApi, PoolSpec, PoolState } from '../../shared/pools';

/** Pools in the words Python and the seeds use: its class, its default size, what a crash does to it. */

type PoolRuntime = PoolSpec['runtime'];

/**
 * The size Python would choose with none given: Pool and ProcessPoolExecutor take os.cpu_count(),
 * ThreadPoolExecutor min(32, cpu_count + 4) (CPython 3.8+: it is meant for I/O-bound work).
 */
export function pythonDefaultSize(api: PoolApi, runtime: PoolRuntime, cores: number): number {
  return api === 'executor' && runtime === 'thread' ? Math.min(32, cores + 4) : cores;
}

/** Python's class for this api and runtime, as a person would write it. */
export function pythonClassOf(api: PoolApi, runtime: PoolRuntime): string {
  if (api === 'pool') return runtime === 'thread' ? 'ThreadPool' : 'Pool';
  return runtime === 'thread' ? 'ThreadPoolExecutor' : 'ProcessPoolExecutor';
}

/** What happens to the task a killed worker was running, under each choice, in the lab's words. */
export function crashOutcomeOf(api: PoolApi, runtime: PoolRuntime, onCrash: CrashChoice): string {
  if (onCrash === 'reject') return 'that task fails ("rejected"), a new worker takes its place (Piscina\'s policy)';
  if (api === 'pool') return 'a new worker takes its place; the task\'s result never comes (get() would wait for ever)';
  if (runtime === 'process') return 'the pool breaks: BrokenProcessPool fails every pending future';
  return 'Python cannot kill a thread; the lab can: a new worker takes its place and the result never comes';
}

/** The crash policy a pool was created with, in a few words for its card. */
export function crashPolicyOf(spec: Pick<PoolSpec, 'api' | 'runtime' | 'onCrash'>): string {
  if (spec.onCrash === 'reject') return 'crash: task rejected';
  if (spec.api === 'executor' && spec.runtime === 'process') return 'crash: breaks';
  return 'crash: task lost';
}

/** What a pool's state means to the person watching it. */
export const STATE_HINTS: Readonly<Record<PoolState, string>> = {
  running: 'takes new tasks',
  closed: 'takes no new tasks; its workers end once the backlog is done',
  terminating: 'its workers are being stopped now; unfinished tasks are rejected',
  ended: 'every worker has exited',
  broken: 'a worker died: every pending task failed, new submits are refused',
};
