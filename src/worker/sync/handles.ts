import type { Item } from '../../shared/sync';
import { lockHandle, type LockCells } from './lock-handle';
import type { QueueBatcher } from './queue-batcher';
import type { Requester, Timeout } from './requester';

/**
 * The handles of the primitives other than a plain Lock, one per kind, with Python's names made async:
 * `await event.wait()`, `await queue.put(item)`. Each call is one request to the host's broker.
 */

export function eventHandle(requester: Requester, name: string) {
  return {
    set: async () => void (await requester.call({ op: 'set', name })),
    clear: async () => void (await requester.call({ op: 'clear', name })),
    isSet: async () => (await requester.call({ op: 'is_set', name })) === true,
    wait: async (timeout?: Timeout) => (await requester.call({ op: 'wait', name, timeout: timeout ?? null })) === true,
  };
}

export function conditionHandle(requester: Requester, cells: LockCells, name: string) {
  const wait = async (timeout?: Timeout) => (await requester.call({ op: 'wait', name, timeout: timeout ?? null })) === true;
  return {
    ...lockHandle(requester, cells, name, false),
    wait,
    /** Python's wait_for: waits until `predicate` holds, re-checked after every wake-up; false on timeout. */
    waitFor: async (predicate: () => boolean | Promise<boolean>, timeout?: Timeout) => {
      const deadline = timeout === undefined || timeout === null ? null : Date.now() + timeout * 1000;
      let result = await predicate();
      while (!result) {
        const left = deadline === null ? null : (deadline - Date.now()) / 1000;
        if (left !== null && left <= 0) break;
        await wait(left);
        result = await predicate();
      }
      return result;
    },
    notify: async (n = 1) => void (await requester.call({ op: 'notify', name, n })),
    notifyAll: async () => void (await requester.call({ op: 'notify_all', name })),
  };
}

export function barrierHandle(requester: Requester, name: string) {
  return {
    /**
     * Python's wait(); `action` is what this worker runs if it is the one to trip a Barrier created with
     * an action (the others are released when it returns; if it throws, the barrier breaks).
     */
    wait: async (timeout?: Timeout, action?: () => unknown) => {
      const reply = await requester.reply({ op: 'wait', name, timeout: timeout ?? null });
      if (reply.runAction === true) {
        try {
          await action?.();
        } catch (error) {
          await requester.call({ op: 'action_done', name, failed: true });
          throw error;
        }
        await requester.call({ op: 'action_done', name, failed: false });
      }
      return Number(reply.value);
    },
    abort: async () => void (await requester.call({ op: 'abort', name })),
    reset: async () => void (await requester.call({ op: 'reset', name })),
    /** Python's properties, as calls: `n_waiting`, `broken`, `parties`. */
    nWaiting: async () => Number(await requester.call({ op: 'n_waiting', name })),
    broken: async () => (await requester.call({ op: 'broken', name })) === true,
    parties: async () => Number(await requester.call({ op: 'parties', name })),
  };
}

/**
 * `batcher`: in a forked process, puts, gets and task_dones go through its batching (queue-batcher.ts);
 * a put with a priority, and every other call, is one request as before (the request sends the batch first).
 */
export function queueHandle(requester: Requester, name: string, batcher?: QueueBatcher) {
  const put = (item: Item, block = true, timeout?: Timeout, priority?: number): Promise<void> =>
    batcher !== undefined && priority === undefined
      ? batcher.put(item, block, timeout ?? null)
      : requester.call({ op: 'put', name, item, block, timeout: timeout ?? null, ...(priority === undefined ? {} : { priority }) }).then(() => undefined);
  const get = (block = true, timeout?: Timeout): Promise<Item> => (batcher !== undefined ? batcher.get(block, timeout ?? null) : requester.call({ op: 'get', name, block, timeout: timeout ?? null }));
  return {
    put,
    get,
    putNowait: (item: Item) => put(item, false),
    getNowait: () => get(false),
    qsize: async () => Number(await requester.call({ op: 'qsize', name })),
    empty: async () => (await requester.call({ op: 'empty', name })) === true,
    full: async () => (await requester.call({ op: 'full', name })) === true,
    taskDone: async () => void (await (batcher !== undefined ? batcher.taskDone() : requester.call({ op: 'task_done', name }))),
    join: async () => void (await requester.call({ op: 'join', name })),
    /** multiprocessing.Queue.close(): this worker's later puts and gets raise ValueError; other workers' go on. */
    close: async () => {
      batcher?.close();
      await requester.call({ op: 'close', name });
    },
    /** queue.Queue.shutdown(immediate) (Python 3.13): blocked and later puts raise ShutDown, gets once it is empty. */
    shutdown: async (immediate = false) => void (await requester.call({ op: 'shutdown', name, immediate })),
    isShutdown: async () => (await requester.call({ op: 'is_shutdown', name })) === true,
  };
}

export function timerHandle(requester: Requester, name: string) {
  return {
    start: async () => void (await requester.call({ op: 'timer_start', name })),
    cancel: async () => void (await requester.call({ op: 'timer_cancel', name })),
  };
}
