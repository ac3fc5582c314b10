import type { CommandToSend } from '../../shared/protocol';
import { maxTasksRefusal, type CrashChoice, type PoolApi, type PoolSpec } from '../../shared/pools';
import { typedNumber } from './typed-number';

type PoolRuntime = PoolSpec['runtime'];

/** The "New pool" form as typed: numbers stay text until sent, so the lab's refusal names what was typed. */
export interface PoolDraft {
  readonly name: string;
  readonly api: PoolApi;
  readonly runtime: PoolRuntime;
  /** Empty: Python's default for this api and runtime, chosen by the lab. */
  readonly size: string;
  /** Empty: never replaced (Python's maxtasksperchild=None). */
  readonly maxTasksPerChild: string;
  readonly onCrash: CrashChoice;
}

export const INITIAL_POOL_DRAFT: PoolDraft = { name: 'p', api: 'pool', runtime: 'process', size: '2', maxTasksPerChild: '', onCrash: 'python' };

/**
 * The pool.create command; an empty size or maxTasksPerChild is left to the lab (absent / null). A thread
 * pool has no worker lifetime (the dialog does not offer it): what was typed for a process pool is not sent.
 */
export function createPoolCommandOf(draft: PoolDraft): CommandToSend {
  const size = draft.size.trim();
  const maxTasks = maxTasksRefusal(draft.api, draft.runtime) === null ? draft.maxTasksPerChild.trim() : '';
  return {
    type: 'pool.create',
    pool: {
      name: draft.name.trim(),
      api: draft.api,
      runtime: draft.runtime,
      ...(size === '' ? {} : { size: typedNumber(size) }),
      maxTasksPerChild: maxTasks === '' ? null : typedNumber(maxTasks),
      onCrash: draft.onCrash,
    },
  };
}
