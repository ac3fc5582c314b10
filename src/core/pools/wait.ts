import { systemClock, type Clock } from '../clock';
import type { Future } from './future';
import { TimeoutError, ValueError } from './python-errors';
import { waitUntil } from './ready-event';

export const FIRST_COMPLETED = 'FIRST_COMPLETED';
export const FIRST_EXCEPTION = 'FIRST_EXCEPTION';
export const ALL_COMPLETED = 'ALL_COMPLETED';
export type ReturnWhen = typeof FIRST_COMPLETED | typeof FIRST_EXCEPTION | typeof ALL_COMPLETED;

export interface WaitOptions {
  /** No limit when absent; zero or less only looks. */
  readonly timeoutMs?: number;
  readonly returnWhen?: ReturnWhen;
  readonly clock?: Clock;
}

/** Python's DoneAndNotDoneFutures. */
export interface DoneAndNotDone<T> {
  readonly done: Set<Future<T>>;
  readonly notDone: Set<Future<T>>;
}

/**
 * concurrent.futures.wait: returns when the condition holds or the timeout passed, with the futures done
 * (finished or cancelled) by then. FIRST_EXCEPTION with no exception is ALL_COMPLETED, as in Python.
 */
export async function wait<T>(futures: Iterable<Future<T>>, options: WaitOptions = {}): Promise<DoneAndNotDone<T>> {
  const returnWhen: string = options.returnWhen ?? ALL_COMPLETED;
  if (returnWhen !== FIRST_COMPLETED && returnWhen !== FIRST_EXCEPTION && returnWhen !== ALL_COMPLETED) {
    throw new ValueError(`Invalid return condition: '${returnWhen}'`);
  }
  const all = new Set(futures);
  const holds = (): boolean => {
    const done = [...all].filter((future) => future.done());
    if (returnWhen === FIRST_COMPLETED && done.length > 0) return true;
    if (returnWhen === FIRST_EXCEPTION && done.some((future) => !future.cancelled() && future.peekException() !== null)) return true;
    return done.length === all.size;
  };
  await waitUntil(options.clock ?? systemClock, (listener) => subscribeAll(all, () => holds() && listener()), holds, options.timeoutMs);
  const done = new Set([...all].filter((future) => future.done()));
  return { done, notDone: new Set([...all].filter((future) => !done.has(future))) };
}

/**
 * concurrent.futures.as_completed: the futures already done first, then each as it finishes or is
 * cancelled; duplicates once. TimeoutError "N (of M) futures unfinished" once `timeoutMs` (from the call)
 * has passed with some still pending.
 */
export async function* asCompleted<T>(futures: Iterable<Future<T>>, options: Omit<WaitOptions, 'returnWhen'> = {}): AsyncGenerator<Future<T>, void, undefined> {
  const clock = options.clock ?? systemClock;
  const deadline = options.timeoutMs === undefined ? undefined : clock.monotonic() + options.timeoutMs;
  const all = new Set(futures);
  const pending = new Set([...all].filter((future) => !future.done()));
  const arrived: Future<T>[] = [];
  const listeners = new Set<() => void>();
  const unsubscribe = subscribeAll(pending, (future) => {
    arrived.push(future);
    for (const listener of [...listeners]) listener();
  });
  try {
    for (const future of all) if (!pending.has(future)) yield future;
    while (pending.size > 0) {
      if (arrived.length === 0) {
        const left = deadline === undefined ? undefined : deadline - clock.monotonic();
        if (left !== undefined && left <= 0) throw new TimeoutError(`${pending.size} (of ${all.size}) futures unfinished`);
        const subscribe = (listener: () => void): (() => void) => {
          listeners.add(listener);
          return () => listeners.delete(listener);
        };
        await waitUntil(clock, subscribe, () => arrived.length > 0, left);
      }
      for (const future of arrived.splice(0, arrived.length)) {
        pending.delete(future);
        yield future;
      }
    }
  } finally {
    unsubscribe();
  }
}

/** Listens to each future's end; returns how to stop listening to all of them. */
function subscribeAll<T>(futures: Iterable<Future<T>>, listener: (future: Future<T>) => void): () => void {
  const stops = [...futures].map((future) => future.onDone(() => listener(future)));
  return () => {
    for (const stop of stops) stop();
  };
}
