import type { SyncTaskName, Task } from '../../shared/tasks';
import { typedNumber } from './typed-number';

/**
 * The parameters of the tasks that use the lab's primitives, as typed. Each task has its own fields (a
 * producer's item count is not a counter's target), so switching task never carries a value across.
 */
export interface SyncTaskDraft {
  readonly queue: string;
  readonly items: string;
  readonly delayMs: string;
  readonly first: string;
  readonly second: string;
  readonly holdMs: string;
  readonly counter: string;
  /** decrement on a Dict entry; empty: the counter is a Value. */
  readonly key: string;
  /** Empty: no lock, the seeds' race. */
  readonly lock: string;
  readonly event: string;
  readonly barrier: string;
  readonly semaphore: string;
  readonly workMs: string;
  /** contend's lock, which it must have (unlike decrement's optional one), and how many times to take it. */
  readonly contendLock: string;
  readonly times: string;
  readonly pipe: string;
  /**
   * The Pipe end each task uses, 0 or 1, as typed. Apart, so that the defaults work together, as Python's
   * `conn0, conn1 = Pipe(duplex=False)`: conn1 sends, conn0 receives.
   */
  readonly sendEnd: string;
  readonly recvEnd: string;
}

/** Names match what a lesson creates first: lockA and lockB, a queue q, a Value counter. */
export const INITIAL_SYNC_TASK_DRAFT: SyncTaskDraft = {
  queue: 'q',
  items: '30',
  delayMs: '50',
  first: 'lockA',
  second: 'lockB',
  holdMs: '300',
  counter: 'counter',
  key: '',
  lock: '',
  event: 'ready',
  barrier: 'barrier',
  semaphore: 'pool',
  workMs: '1000',
  contendLock: 'lockA',
  times: '10000',
  pipe: 'pipe',
  sendEnd: '1',
  recvEnd: '0',
};

/** Names and numbers go to the lab as typed; it validates them and says what is wrong. */
export function syncTaskOf(name: SyncTaskName, draft: SyncTaskDraft): Task {
  switch (name) {
    case 'produce':
      return { name, queue: draft.queue, n: typedNumber(draft.items), delayMs: typedNumber(draft.delayMs) };
    case 'consume':
      return { name, queue: draft.queue, n: typedNumber(draft.items), delayMs: typedNumber(draft.delayMs) };
    case 'acquire-in-order':
      return { name, first: draft.first, second: draft.second, holdMs: typedNumber(draft.holdMs) };
    case 'decrement':
      return { name, counter: draft.counter, key: draft.key === '' ? null : draft.key, lock: draft.lock.trim() === '' ? null : draft.lock, pauseMs: 10 };
    case 'pipe-send':
      return { name, pipe: draft.pipe, end: typedNumber(draft.sendEnd) as 0 | 1, n: typedNumber(draft.items), delayMs: typedNumber(draft.delayMs) };
    case 'pipe-recv':
      return { name, pipe: draft.pipe, end: typedNumber(draft.recvEnd) as 0 | 1, delayMs: typedNumber(draft.delayMs) };
    case 'wait-event':
      return { name, event: draft.event };
    case 'barrier-wait':
      return { name, barrier: draft.barrier };
    case 'semaphore-work':
      return { name, semaphore: draft.semaphore, ms: typedNumber(draft.workMs) };
    case 'contend':
      return { name, lock: draft.contendLock, n: typedNumber(draft.times) };
  }
}
