import { pathToFileURL } from 'node:url';
import { basename } from 'node:path';
import type { LeafTask, Task } from '../shared/tasks';
import { burn } from './burn';
import { delay, forever, nextTurn } from './pace';
import type { TaskContext } from './task-context';

// The bigger tasks are loaded when they run, after the worker has said "ready": start latency is a
// measured feature, and most workers never start children, run a script or touch a primitive.

/** Runs one built-in task. Resolving means the task is done and the worker may exit with code 0. */
export async function runTask(task: Task | LeafTask, context: TaskContext): Promise<void> {
  switch (task.name) {
    case 'sleep':
      return delay(task.ms);
    case 'burn':
      return burn(task.ms);
    case 'count':
      return count(task.n);
    case 'exit':
      process.exit(task.code);
      return;
    case 'throw':
      throw new Error(task.message);
    case 'crash':
      // The process kills itself: the exit code becomes -N, as a crash would.
      process.kill(process.pid, task.signal);
      return forever();
    case 'hang':
      return forever();
    case 'ignore-sigterm':
      if (!context.isThread) {
        process.on('SIGTERM', () => process.stderr.write(`${context.spec.workerId}: ignoring SIGTERM\n`));
      }
      return forever();
    case 'spawn-children':
      return (await import('./children')).spawnChildren(task, context);
    case 'script':
      return (await import('./script-task')).runScript(task, context);
    case 'serve-tasks':
      if (task.module !== undefined) (await import('./task-library')).useTaskModule((await import(pathToFileURL(task.module).href)) as Record<string, unknown>, basename(task.module));
      return (await import('./task-loop')).serveTasks(context);
    case 'produce':
    case 'consume':
    case 'acquire-in-order':
    case 'decrement':
    case 'wait-event':
    case 'barrier-wait':
    case 'semaphore-work':
    case 'pipe-send':
    case 'pipe-recv':
    case 'contend':
      if (context.sync === null) throw new Error(`${task.name} needs a channel to the lab: run it in a thread or a forked process`);
      return (await import('./sync-tasks')).runSyncTask(task, context.sync);
  }
}

const COUNT_SLICE = 20_000_000;

async function count(n: number): Promise<void> {
  let counter = 0;
  while (counter < n) {
    const sliceEnd = Math.min(n, counter + COUNT_SLICE);
    while (counter < sliceEnd) counter += 1;
    await nextTurn();
  }
}
