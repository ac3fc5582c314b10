import type { CheckedWorkerMessage } from '../../shared/worker-messages';
import type { HostMessage, WorkerMessage } from '../../shared/worker-wire';

/**
 * One worker interface, two runtimes (after Tinypool): the supervisor drives a thread and a process through
 * the same handle; launch-thread.ts and launch-process.ts hold what differs.
 */
export interface Launched {
  /** OS process id: the host's for a thread; null until a process has one (or if it never started). */
  readonly pid: number | null;
  readonly stdio: StdioCounts;
  /** Polite end: SIGTERM for a process, `worker.terminate()` for a thread. */
  terminate(): void;
  /** Forceful end: SIGKILL for a process, `worker.terminate()` for a thread. */
  kill(): void;
  /** A real signal to a process: the pids it reached, none if it could not be delivered (or this is a thread). */
  signal(signal: NodeJS.Signals): number[];
  /** At lab shutdown, a non-daemon worker is asked to finish: SIGTERM, or a stop message to a thread. */
  requestStop(): void;
  post(message: HostMessage): void;
}

export interface StdioCounts {
  stdoutBytes: number;
  stderrBytes: number;
}

export interface WorkerExitFacts {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Why, in words: an uncaught error's message, "terminated"; null for a plain exit. */
  readonly detail: string | null;
}

export interface LaunchCallbacks {
  /** The OS created the process (or thread); pid and ppid are known. */
  spawned(pid: number, ppid: number): void;
  /** The worker's first message back; `latencyMs` counts from the call that started it. */
  ready(message: Extract<WorkerMessage, { type: 'ready' }>, latencyMs: number): void;
  /** A validated message other than ready. */
  message(message: CheckedWorkerMessage): void;
  /** A message that failed validation: the worker is reported, the host carries on. `raw` is what it sent. */
  rejected(reason: string, raw?: unknown): void;
  /** The worker could not be started at all (no such command, no entry file). */
  failed(reason: string): void;
  exited(exit: WorkerExitFacts): void;
}

/** Keeps the end of what a worker wrote on stderr, to explain a failure in one line. */
export class StderrTail {
  private text = '';

  push(chunk: Buffer | string): void {
    this.text = (this.text + chunk.toString()).slice(-4096);
  }

  /** "Error: boom" from a Node stack trace, else the last non-empty line. */
  summary(): string | null {
    const lines = this.text.split('\n').map((line) => line.trim()).filter((line) => line.length > 0);
    const error = lines.find((line) => /^[A-Za-z]*Error\b.*:/.test(line) || /^Error$/.test(line));
    return error ?? lines.at(-1) ?? null;
  }
}
