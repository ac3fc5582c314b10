import { lockHandle, type LockCells } from './lock-handle';
import type { Requester, Timeout } from './requester';

/**
 * The handles of the primitives other than a plain Lock, one per kind, with Python's names made async:
 * `await event.wait()`, `await barrier.wait()`. Each call is one request to the host's broker (queues: queue-handle.ts).
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

export function timerHandle(requester: Requester, name: string) {
  return {
    start: async () => void (await requester.call({ op: 'timer_start', name })),
    cancel: async () => void (await requester.call({ op: 'timer_cancel', name })),
  };
}
