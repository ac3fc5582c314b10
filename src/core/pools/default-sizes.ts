import { MAX_POOL_SIZE } from '../../shared/task-steps';

/**
 * The sizes Python picks when none is given, from the CPUs the host may use (os.process_cpu_count() or 1),
 * held to the lab's per-pool limit: a 128-core host gets 64 workers, not Python's 128.
 */
const held = (workers: number): number => Math.min(MAX_POOL_SIZE, Math.max(1, workers));

/** multiprocessing.Pool(processes=None). */
export const defaultPoolSize = (cpus: number): number => held(cpus);

/** ProcessPoolExecutor(max_workers=None). */
export const defaultProcessExecutorSize = (cpus: number): number => held(cpus);

/** ThreadPoolExecutor(max_workers=None): "at least 5 workers for I/O bound tasks", at most 32. */
export const defaultThreadExecutorSize = (cpus: number): number => held(Math.min(32, Math.max(1, cpus) + 4));
