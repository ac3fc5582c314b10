import type { WorkerMessage, WorkerSpec } from '../shared/worker-wire';
import { nativeThreadId } from './native-thread-id';
import { nonDaemonThreadsEnded } from './own-threads';
import { LabSync, type SyncChannel } from './sync-client';
import type { TaskContext } from './task-context';
import { runTask } from './tasks';

export interface WorkerRuntime {
  readonly isThread: boolean;
  /** Sends a message to the host, however this worker is connected to it. */
  send(message: WorkerMessage): void;
  /** Calls back when the worker is asked to end (signal or polite stop). */
  onEndRequest(handler: (reason: NodeJS.Signals | 'stop') => void): void;
  /** The two-way channel for the lab's primitives; null without one (spawn and exec talk on stdout only). */
  readonly channel: SyncChannel | null;
  /**
   * Waits, before the worker ends, for what must outlive its task: a thread's own child processes, which only
   * its loop can reap (own-children.ts). A process needs nothing: its orphans are reaped by whoever adopts them.
   */
  readonly beforeEnd?: () => Promise<void>;
}

/**
 * The life of a worker, the same in a thread and in a process: say ready, run the task, exit 0. An error
 * thrown by the task is left uncaught on purpose, so the worker ends the way a real crash ends (exit 1 and
 * a stack trace on stderr). Either way the worker first waits, as a Python process does, for the non-daemon
 * threads its code started (own-threads.ts), and on a polite stop too for what the runtime must wait for.
 */
export async function runWorker(spec: WorkerSpec, runtime: WorkerRuntime): Promise<void> {
  const beforeEnd = runtime.beforeEnd ?? (() => Promise.resolve());
  const endingHandlers: Array<() => void> = [];
  const context: TaskContext = {
    spec,
    isThread: runtime.isThread,
    onEnding: (handler) => endingHandlers.push(handler),
    sync: runtime.channel === null ? null : new LabSync(runtime.channel, { sharedMemory: runtime.isThread, batchQueues: !runtime.isThread }),
    host: runtime.channel,
  };
  runtime.onEndRequest((reason) => {
    for (const handler of endingHandlers.splice(0)) handler();
    if (reason === 'stop') return void beforeEnd().then(() => process.exit(0));
    // Re-raise with the default action, so the exit code says which signal ended it (-N).
    process.removeAllListeners(reason);
    process.kill(process.pid, reason);
  });
  runtime.send({ type: 'ready', pid: process.pid, tid: nativeThreadId() });
  try {
    await runTask(spec.task, context);
  } catch (error) {
    await nonDaemonThreadsEnded();
    await beforeEnd();
    await context.sync?.settle();
    throw error;
  }
  await nonDaemonThreadsEnded();
  await beforeEnd();
  // What its queues batched reaches the host before it ends (queue-batcher.ts).
  await context.sync?.settle();
  process.exit(0);
}
