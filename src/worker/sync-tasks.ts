import type { SyncTaskName, Task } from '../shared/tasks';
import { delay } from './pace';
import { SyncError, type LabSync } from './sync-client';

type SyncTask = Extract<Task, { name: SyncTaskName }>;

/**
 * The seeds' synchronisation demos as tasks. Each throws the error Python would raise (KeyError for a
 * primitive that does not exist, Full, BrokenBarrierError...), which ends the worker with exit code 1 and
 * that message: a failure the user can read, never a hang.
 */
export async function runSyncTask(task: SyncTask, sync: LabSync): Promise<void> {
  switch (task.name) {
    case 'produce': {
      const queue = sync.queue(task.queue);
      for (let item = 1; item <= task.n; item++) {
        await queue.put(item);
        if (task.delayMs > 0) await delay(task.delayMs);
      }
      return;
    }
    case 'consume': {
      const queue = sync.queue(task.queue);
      let joinable = true;
      for (let got = 0; task.n === 0 || got < task.n; got++) {
        await queue.get();
        if (task.delayMs > 0) await delay(task.delayMs);
        if (joinable) joinable = await taskDone(queue);
      }
      return;
    }
    case 'acquire-in-order': {
      const first = sync.lock(task.first);
      const second = sync.lock(task.second);
      await first.acquire();
      await delay(task.holdMs);
      await second.acquire();
      await second.release();
      await first.release();
      return;
    }
    case 'decrement': {
      // num -= 1 in two steps, with a pause between the read and the write: without a lock, every worker
      // reads the same number and the result is "99" instead of "0".
      const lock = task.lock === null ? null : sync.lock(task.lock);
      const key = task.key;
      const counter =
        key === null
          ? sync.value(task.counter)
          : { get: async () => Number(await sync.dict(task.counter).getItem(key)), set: (value: number | bigint) => sync.dict(task.counter).set(key, Number(value)) };
      if (lock !== null) await lock.acquire();
      const seen = await counter.get();
      await delay(task.pauseMs);
      // A 'q' Value beyond 2**53 comes as a BigInt, exact.
      await counter.set(typeof seen === 'bigint' ? seen - 1n : Number(seen) - 1);
      if (lock !== null) await lock.release();
      return;
    }
    case 'pipe-send': {
      const connection = sync.pipe(task.pipe)[task.end];
      for (let item = 1; item <= task.n; item++) {
        await connection.send(item);
        if (task.delayMs > 0) await delay(task.delayMs);
      }
      await connection.close();
      return;
    }
    case 'pipe-recv': {
      const connection = sync.pipe(task.pipe)[task.end];
      for (;;) {
        try {
          await connection.recv();
        } catch (error) {
          // EOFError: the sender closed its end and everything was read. That is the normal end.
          if (error instanceof SyncError && error.type === 'EOFError') return;
          throw error;
        }
        if (task.delayMs > 0) await delay(task.delayMs);
      }
    }
    case 'wait-event':
      await sync.event(task.event).wait();
      return;
    case 'barrier-wait':
      await sync.barrier(task.barrier).wait();
      return;
    case 'contend': {
      const lock = sync.lock(task.lock);
      // The synchronous fast path first (a thread's uncontended lock), the awaited call when the host must act.
      for (let round = 0; round < task.n; round++) {
        if (lock.acquireNow() !== true) await lock.acquire();
        if (!lock.releaseNow()) await lock.release();
      }
      return;
    }
    case 'semaphore-work': {
      const semaphore = sync.lock(task.semaphore);
      await semaphore.acquire();
      await delay(task.ms);
      await semaphore.release();
      return;
    }
  }
}

/** Marks an item done, as a Queue's consumer should; false if this kind of queue has no task_done. */
async function taskDone(queue: ReturnType<LabSync['queue']>): Promise<boolean> {
  try {
    await queue.taskDone();
    return true;
  } catch (error) {
    if (error instanceof SyncError && error.type === 'TypeError') return false;
    throw error;
  }
}
