import { Worker } from 'node:worker_threads';
import type { HostMessage, WorkerSpec } from '../../shared/worker-wire';
import type { Clock } from '../clock';
import type { LaunchCallbacks, Launched, StdioCounts } from './launched';
import { WorkerMessageReader } from './worker-message-reader';

/**
 * Starts a thread worker (worker_threads) running the built thread entry. Its environment is its own copy, with
 * the lab's mark (`labEnvironment`), so what a user's script starts from it carries the mark as a process
 * worker's children do, while the host's own children do not.
 */
export function launchThread(spec: WorkerSpec, clock: Clock, callbacks: LaunchCallbacks, labEnvironment: Readonly<Record<string, string>> = {}): Launched {
  const requested = clock.monotonic();
  const stdio: StdioCounts = { stdoutBytes: 0, stderrBytes: 0 };
  let detail: string | null = null;
  // No host flags (a TypeScript loader, --inspect): the entry is built JavaScript.
  const env = { ...process.env, ...labEnvironment };
  const worker = new Worker(spec.entries.thread, { workerData: spec, stdout: true, stderr: true, execArgv: [], env });
  callbacks.spawned(process.pid, process.ppid);

  worker.stdout.on('data', (chunk: Buffer) => {
    stdio.stdoutBytes += chunk.length;
    callbacks.output?.('stdout', chunk);
  });
  worker.stderr.on('data', (chunk: Buffer) => {
    stdio.stderrBytes += chunk.length;
    callbacks.output?.('stderr', chunk);
  });
  // The same reader as a process's: a thread may run anyone's script, so what it posts is checked alike.
  const reader = new WorkerMessageReader(callbacks, () => clock.monotonic() - requested);
  worker.on('message', (raw: unknown) => reader.accept(raw));
  worker.on('messageerror', () => callbacks.rejected('a message that could not be deserialised'));
  worker.on('error', (error: unknown) => (detail = thrownDetail(error)));
  worker.on('exit', (code) => callbacks.exited({ code, signal: null, detail }));

  const end = (how: string) => {
    detail ??= how;
    void worker.terminate();
  };
  return {
    pid: process.pid,
    stdio,
    terminate: () => end('terminated'),
    kill: () => end('terminated'),
    signal: () => [],
    requestStop: () => worker.postMessage({ type: 'stop' } satisfies HostMessage),
    post: (message) => worker.postMessage(message),
  };
}

/**
 * What a thread died of, in one line as Python's last traceback line: "OSError: handle is closed", "Error"
 * for an error without a message, the value itself for a thrown non-error (`throw 'boom'`).
 */
export function thrownDetail(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error);
  const { name, message } = error as { name?: unknown; message?: unknown };
  const type = typeof name === 'string' && name !== '' ? name : 'Error';
  return typeof message === 'string' && message !== '' ? `${type}: ${message}` : type;
}
