import { spawn, type StdioOptions } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { newWorkerSpec, planLaunch, workerArgv, workerEnvironment } from '../shared/launch-plan';
import type { Task } from '../shared/tasks';
import type { WorkerSpec } from '../shared/worker-wire';
import { pythonError } from './python-error';
import type { SyncChannel } from './sync-client';
import type { TaskContext } from './task-context';

/** CPython's words, from BaseProcess.start. */
export const DAEMONIC_CHILDREN = 'daemonic processes are not allowed to have children';

type SpawnChildrenTask = Extract<Task, { name: 'spawn-children' }>;

interface Child {
  readonly ended: Promise<void>;
  /** Ends the child at once: a daemon child ends with its parent. */
  end(): void;
}

/**
 * A worker that starts workers of its own, so the tree has grandchildren. Like a Python parent it waits
 * for its children; when it is asked to end, its daemon children end with it and the others are left
 * running (they become orphans, reparented by the kernel, and still end with the lab through its lifeline).
 */
export async function spawnChildren(task: SpawnChildrenTask, context: TaskContext): Promise<void> {
  // Python's Process.start() in a daemonic process (multiprocessing/process.py); its threads may start
  // anything, and a daemonic process may start threads.
  if (task.kind === 'process' && context.spec.daemon && !context.isThread) throw pythonError('AssertionError', DAEMONIC_CHILDREN);
  // A thread's process children are started by the host (core/supervisor/thread-children.ts says why).
  if (context.isThread && task.kind === 'process' && context.host !== null) return childrenThroughHost(task.n, context.host);
  const children: Child[] = [];
  for (let index = 1; index <= task.n; index++) {
    const spec = newWorkerSpec({
      workerId: `${context.spec.workerId}.${index}`,
      task: task.task,
      method: task.kind === 'thread' ? 'thread' : task.method,
      daemon: task.daemon,
      // A daemon child ends when this worker ends, however it ended; the others are free to outlive it.
      watchesParent: task.daemon,
      // The same descriptor as in this process, passed straight down (launch-plan.ts CHILD_FDS).
      lifeline: context.spec.lifeline !== null,
      setpriv: context.spec.setpriv,
      shell: context.spec.shell,
      entries: context.spec.entries,
    });
    children.push(task.kind === 'thread' ? startThread(spec) : startProcess(spec, task, context.spec));
  }
  if (task.daemon) {
    const endAll = () => children.forEach((child) => child.end());
    context.onEnding(endAll);
    process.once('exit', endAll);
  }
  await Promise.all(children.map((child) => child.ended));
}

/** Asks the host to start the children and waits until the host has seen each of them exit. */
function childrenThroughHost(n: number, host: SyncChannel): Promise<void> {
  return new Promise((resolve) => {
    const left = new Set(Array.from({ length: n }, (_, index) => index + 1));
    // The thread's port does not keep it alive (thread-entry.ts); waiting for the children must.
    const keepAlive = setInterval(() => undefined, 1 << 30);
    host.onMessage((message) => {
      if (message?.type !== 'childExited' || !left.delete(message.index) || left.size > 0) return;
      clearInterval(keepAlive);
      resolve();
    });
    host.send({ type: 'startChildren' });
  });
}

function startThread(spec: WorkerSpec): Child {
  const worker = new Worker(spec.entries.thread, { workerData: spec, execArgv: [] });
  const ended = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.on('error', (error) => process.stderr.write(`${spec.workerId}: ${error.message}\n`));
  return { ended, end: () => void worker.terminate() };
}

/**
 * A daemon child watches a pipe from this worker and has a parent-death signal (it ends with this worker,
 * however it ended); the others hold neither, or they could not outlive it. Every one gets the lifeline.
 */
function startProcess(spec: WorkerSpec, task: SpawnChildrenTask, parent: WorkerSpec): Child {
  const plan = planLaunch({
    method: task.method,
    argv: workerArgv(process.execPath, spec),
    windows: process.platform === 'win32',
    shell: parent.shell,
    setpriv: parent.setpriv,
    diesWithParent: task.daemon,
    parentPid: process.pid,
    detached: false,
    stdin: spec.guard === 'none' ? 'ignore' : 'pipe',
    output: 'inherit',
    lifeline: parent.lifeline,
  });
  // The same spawn as the host's (core/supervisor/start-child.ts spawnPlanned).
  const child = spawn(plan.file, [...plan.args], {
    env: workerEnvironment(process.env, spec, process.versions.electron !== undefined),
    stdio: plan.stdio as StdioOptions,
    ...(plan.ipc && { serialization: 'json' }),
    ...(plan.windowsShell && { shell: true }),
  });
  const ended = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  return { ended, end: () => void child.kill('SIGKILL') };
}
