import type { OutputStream } from '../../shared/output';
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
  /** What the worker printed on stdout (the lab's own message lines taken out) or stderr. */
  output?(stream: OutputStream, chunk: Buffer): void;
}

/** "TypeError: x is not a function", "OSError: handle is closed", "Error": an error's name, then its message. */
const ERROR_HEADER = /^[A-Za-z_$][\w$.]*(?: \[[\w$]+\])?(?::\s|$)/;
/** The line Node prints after an uncaught error's stack. */
const NODE_FOOTER = /^Node\.js v\d/;

/** Keeps the end of what a worker wrote on stderr, to explain a failure in one line. */
export class StderrTail {
  private text = '';

  push(chunk: Buffer | string): void {
    this.text = (this.text + chunk.toString()).slice(-4096);
  }

  /**
   * The error in one line, as Python's last traceback line reads it: "OSError: handle is closed". Node prints
   * an uncaught error as the throwing source line, a caret line, then the error's header and its "at ..."
   * frames; Python ends its traceback with the header. Else: the last line (Node's version footer aside).
   */
  summary(): string | null {
    const lines = this.text.split('\n').map((line) => line.trim()).filter((line) => line.length > 0);
    const firstFrame = lines.findIndex((line) => line.startsWith('at '));
    if (firstFrame > 0) {
      const caret = lines.slice(0, firstFrame).findLastIndex((line) => /^\^+$/.test(line));
      if (caret >= 0 && caret + 1 < firstFrame) return lines[caret + 1]!;
      const header = lines.slice(0, firstFrame).findLast((line) => ERROR_HEADER.test(line));
      return header ?? lines[firstFrame - 1]!;
    }
    return lines.filter((line) => !NODE_FOOTER.test(line)).at(-1) ?? null;
  }
}
