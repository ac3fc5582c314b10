import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { execCommandLine, withParentDeathSignal } from '../shared/parent-death';
import { asNodeEnvironment } from '../shared/shell';
import type { Task } from '../shared/tasks';
import { WORKER_SPEC_ENV, type ParentGuard, type WorkerSpec } from '../shared/worker-wire';
import type { SyncChannel } from './sync-client';
import type { TaskContext } from './task-context';

type SpawnChildrenTask = Extract<Task, { name: 'spawn-children' }>;

interface Child {
  readonly ended: Promise<void>;
  /** Ends the child at once: a daemon child ends with its parent. */
  end(): void;
}

/** Where a child finds the lab's lifeline: the same number as in this process, passed straight down. */
const LIFELINE_FD = 3;

/**
 * A worker that starts workers of its own, so the tree has grandchildren. Like a Python parent it waits
 * for its children; when it is asked to end, its daemon children end with it and the others are left
 * running (they become orphans, reparented by the kernel, and still end with the lab through its lifeline).
 */
export async function spawnChildren(task: SpawnChildrenTask, context: TaskContext): Promise<void> {
  // A thread's process children are started by the host (core/supervisor/thread-children.ts says why).
  if (context.isThread && task.kind === 'process' && context.host !== null) return childrenThroughHost(task.n, context.host);
  const children: Child[] = [];
  for (let index = 1; index <= task.n; index++) {
    const spec: WorkerSpec = {
      workerId: `${context.spec.workerId}.${index}`,
      task: task.task,
      guard: guardFor(task),
      lifeline: context.spec.lifeline === null ? null : LIFELINE_FD,
      setpriv: context.spec.setpriv,
      entries: context.spec.entries,
    };
    children.push(task.kind === 'thread' ? startThread(spec) : startProcess(spec, task, context.spec));
  }
  if (task.daemon) {
    const endAll = () => children.forEach((child) => child.end());
    context.onEnding(endAll);
    process.once('exit', endAll);
  }
  await Promise.all(children.map((child) => child.ended));
}

function guardFor(task: SpawnChildrenTask): ParentGuard {
  if (!task.daemon || task.kind === 'thread') return 'none';
  return task.method === 'fork' ? 'ipc' : 'stdin';
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
  const env = asNodeEnvironment({ ...process.env, [WORKER_SPEC_ENV]: JSON.stringify(spec) }, process.versions.electron !== undefined);
  const node = [process.execPath, spec.entries.process, `--lab-worker=${spec.workerId}`];
  const setpriv = task.daemon ? parent.setpriv : null;
  const stdin = spec.guard === 'none' ? 'ignore' : 'pipe';
  const lifeline = parent.lifeline === null ? [] : [parent.lifeline];
  const stdio: StdioOptions = [stdin, 'inherit', 'inherit', ...lifeline];
  let child: ChildProcess;
  switch (task.method) {
    case 'fork': {
      const [file, ...args] = withParentDeathSignal(setpriv, node);
      child = spawn(file!, args, { env, stdio: [...stdio, 'ipc'], serialization: 'json' });
      break;
    }
    case 'spawn': {
      const [file, ...args] = withParentDeathSignal(setpriv, node);
      child = spawn(file!, args, { env, stdio });
      break;
    }
    case 'exec': {
      // The node below the shell ends with its shell, daemon or not: the two are one child.
      const line = execCommandLine(parent.setpriv, node);
      if (process.platform === 'win32') {
        child = spawn(line, { env, stdio, shell: true });
      } else {
        const [file, ...args] = withParentDeathSignal(setpriv, ['/bin/sh', '-c', line]);
        child = spawn(file!, args, { env, stdio });
      }
      break;
    }
  }
  const ended = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  return { ended, end: () => void child.kill('SIGKILL') };
}
