import { pathToFileURL } from 'node:url';
import type { Task } from '../shared/tasks';
import { trackOwnThreads } from './own-threads';
import type { TaskContext } from './task-context';

type ScriptTask = Extract<Task, { name: 'script' }>;

/**
 * Runs a user's worker script: imports it and awaits its default export (or `main`). Whatever it throws
 * ends the worker with exit code 1 and that message, like any other task.
 */
export async function runScript(task: ScriptTask, context: TaskContext): Promise<void> {
  trackOwnThreads();
  const loaded = (await import(pathToFileURL(task.path).href)) as { default?: unknown; main?: unknown };
  // A CommonJS module's exports arrive as `default`; its `main` may sit one level down.
  const main = [loaded.default, loaded.main, (loaded.default as { main?: unknown } | undefined)?.main].find((each) => typeof each === 'function');
  if (typeof main !== 'function') throw new Error(`${task.path} must export a function (default export or "main")`);
  await (main as (api: unknown) => unknown)({ sync: context.sync, pools: context.sync?.pools ?? null, workerId: context.spec.workerId, args: task.args });
}
