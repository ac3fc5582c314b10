import { Socket } from 'node:net';
import { STDOUT_MESSAGE_PREFIX, WORKER_SPEC_ENV, type WorkerMessage, type WorkerSpec } from '../shared/worker-wire';
import { runWorker } from './run-worker';

/**
 * Entry of a process worker started with fork, spawn or exec. Its spec arrives in an environment variable;
 * it talks to the host over the IPC channel when there is one (fork), else by lines on stdout.
 */
const raw = process.env[WORKER_SPEC_ENV];
if (raw === undefined) {
  process.stderr.write(`worker-process: no ${WORKER_SPEC_ENV} in the environment; the lab starts this file\n`);
  process.exit(2);
}
const spec = JSON.parse(raw) as WorkerSpec;
// Children of this worker must not inherit its spec by accident.
Reflect.deleteProperty(process.env, WORKER_SPEC_ENV);

// The parent may be gone before this worker has booted (an orphan in the making): a message it cannot
// deliver is dropped, never a crash.
const dropped = () => undefined;
process.stdout.on('error', dropped);
const send = (message: WorkerMessage) => {
  if (process.send) process.send(message, undefined, undefined, dropped);
  else process.stdout.write(`${STDOUT_MESSAGE_PREFIX}${JSON.stringify(message)}\n`);
};

guardParent(spec);
// Before the task runs: `exit(134)` ends the worker before anything after this line.
if (process.send === undefined) announceHighExitCodes();

void runWorker(spec, {
  isThread: false,
  send,
  channel: process.send === undefined ? null : { send, onMessage: (handler) => process.on('message', handler) },
  onEndRequest: (handler) => {
    // Only a worker with children to end needs to catch signals; every other task keeps the default
    // action, so a signal ends it exactly as it would end any program.
    if (spec.task.name !== 'spawn-children') return;
    for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.once(signal, () => handler(signal));
  },
});
// After "ready" is on its way (start latency is a measured feature): a task that ends at once has no need of it.
watchLifeline(spec.lifeline);

/**
 * A worker ends when the host (or its parent worker) is gone, unless it was detached or is a non-daemon
 * grandchild: then it is free to outlive its parent, as an orphan.
 */
function guardParent(worker: WorkerSpec): void {
  switch (worker.guard) {
    case 'ipc':
      process.on('disconnect', () => process.exit(0));
      break;
    case 'stdin':
      process.stdin.on('end', () => process.exit(0));
      process.stdin.on('error', () => process.exit(0));
      process.stdin.resume();
      break;
    case 'none':
      if (process.send) process.channel?.unref();
      break;
  }
}

/**
 * The lab's lifeline (worker-wire.ts): its end-of-file means the lab host is gone, whatever killed it. This
 * is what ends an orphaned non-daemon grandchild with the lab; for the others it backs up their guard.
 */
function watchLifeline(fd: number | null): void {
  if (fd === null) return;
  let lifeline: Socket;
  try {
    lifeline = new Socket({ fd, readable: true, writable: false });
  } catch {
    return; // not passed down after all (a parent that could not): the guard is all there is
  }
  const labGone = () => process.exit(0);
  lifeline.once('end', labGone);
  lifeline.once('error', labGone);
  lifeline.resume();
  lifeline.unref();
}

/**
 * Through an exec worker's shell, an exit code above 128 reads as a death by signal (code - 128); saying it
 * first, on the same pipe the shell's status is read after, lets the host tell `exit(134)` from SIGABRT. A
 * write to a pipe is synchronous here, so it is out before the process is.
 */
function announceHighExitCodes(): void {
  process.once('exit', (code) => {
    if (code > 128) send({ type: 'exiting', code });
  });
}
