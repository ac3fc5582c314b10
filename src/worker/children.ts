import { exec, fork, spawn, type ChildProcess } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { asNodeEnvironment, shellQuote } from '../shared/shell';
import type { Task } from '../shared/tasks';
import { WORKER_SPEC_ENV, type ParentGuard, type WorkerSpec } from '../shared/worker-wire';
import type { TaskContext } from './task-context';

type SpawnChildrenTask = Extract<Task, { name: 'spawn-children' }>;

interface Child {
  readonly ended: Promise<void>;
  /** Ends the child at once: a daemon child ends with its parent. */
  end(): void;
}

/**
 * A worker that starts workers of its own, so the tree has grandchildren. Like a Python parent it waits
 * for its children; when it is asked to end, its daemon children end with it and the others are left
 * running (they become orphans, reparented by the kernel).
 */
export async function spawnChildren(task: SpawnChildrenTask, context: TaskContext): Promise<void> {
  const children: Child[] = [];
  for (let index = 1; index <= task.n; index++) {
    const spec: WorkerSpec = {
      workerId: `${context.spec.workerId}.${index}`,
      task: task.task,
      guard: guardFor(task),
      entries: context.spec.entries,
    };
    children.push(task.kind === 'thread' ? startThread(spec) : startProcess(spec, task.method));
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

function startThread(spec: WorkerSpec): Child {
  const worker = new Worker(spec.entries.thread, { workerData: spec, execArgv: [] });
  const ended = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.on('error', (error) => process.stderr.write(`${spec.workerId}: ${error.message}\n`));
  return { ended, end: () => void worker.terminate() };
}

function startProcess(spec: WorkerSpec, method: 'fork' | 'spawn' | 'exec'): Child {
  const env = { ...process.env, [WORKER_SPEC_ENV]: JSON.stringify(spec) };
  const marker = `--lab-worker=${spec.workerId}`;
  // A daemon child watches a pipe from its parent; the others must not hold one, or they could not
  // outlive it.
  const stdin = spec.guard === 'none' ? 'ignore' : 'pipe';
  let child: ChildProcess;
  switch (method) {
    case 'fork':
      child = fork(spec.entries.process, [marker], { env, stdio: [stdin, 'inherit', 'inherit', 'ipc'], execArgv: [] });
      break;
    case 'spawn':
      child = spawn(process.execPath, [spec.entries.process, marker], { env: nodeEnv(env), stdio: [stdin, 'inherit', 'inherit'] });
      break;
    case 'exec':
      child = exec(`${shellQuote(process.execPath)} ${shellQuote(spec.entries.process)} ${marker}`, { env: nodeEnv(env) });
      child.stdout?.pipe(process.stdout);
      child.stderr?.pipe(process.stderr);
      break;
  }
  const ended = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  return { ended, end: () => void child.kill('SIGKILL') };
}

function nodeEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return asNodeEnvironment(env, process.versions.electron !== undefined);
}
