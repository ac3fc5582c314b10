import { Worker } from 'node:worker_threads';
import { workerMessageSchema } from '../../shared/worker-messages';
import type { HostMessage, WorkerSpec } from '../../shared/worker-wire';
import { describeIssues } from '../../shared/protocol';
import type { Clock } from '../clock';
import type { LaunchCallbacks, Launched, StdioCounts } from './launched';

/** Starts a thread worker (worker_threads) running the built thread entry. */
export function launchThread(spec: WorkerSpec, clock: Clock, callbacks: LaunchCallbacks): Launched {
  const requested = clock.monotonic();
  const stdio: StdioCounts = { stdoutBytes: 0, stderrBytes: 0 };
  let ready = false;
  let detail: string | null = null;
  // No host flags (a TypeScript loader, --inspect): the entry is built JavaScript.
  const worker = new Worker(spec.entries.thread, { workerData: spec, stdout: true, stderr: true, execArgv: [] });
  callbacks.spawned(process.pid, process.ppid);

  worker.stdout.on('data', (chunk: Buffer) => (stdio.stdoutBytes += chunk.length));
  worker.stderr.on('data', (chunk: Buffer) => (stdio.stderrBytes += chunk.length));
  worker.on('message', (raw: unknown) => {
    const parsed = workerMessageSchema.safeParse(raw);
    if (!parsed.success) return callbacks.rejected(describeIssues(parsed.error), raw);
    const message = parsed.data;
    if (message.type === 'ready' && !ready) {
      ready = true;
      callbacks.ready(message, clock.monotonic() - requested);
    } else {
      callbacks.message(message);
    }
  });
  worker.on('error', (error: Error) => (detail = `${error.name}: ${error.message}`));
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
