import type { TaskFailure } from '../../shared/task-wire';

/**
 * The errors the pool facades raise, named as Python names them, so the registry (and a stack trace) words
 * each one "Type: message" as Python's last traceback line would. A task's own failure (what the function
 * raised in the worker) is a PythonError of that type too.
 */
export class PythonError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = type;
  }

  /** "ValueError: Pool not running"; a bare type when there is no message, as Python prints `raise TimeoutError`. */
  describe(): string {
    return this.message === '' ? this.type : `${this.type}: ${this.message}`;
  }
}

export class TimeoutError extends PythonError {
  constructor(message = '') {
    super('TimeoutError', message);
  }
}

export class ValueError extends PythonError {
  constructor(message: string) {
    super('ValueError', message);
  }
}

export class RuntimeError extends PythonError {
  constructor(message: string) {
    super('RuntimeError', message);
  }
}

export class CancelledError extends PythonError {
  constructor() {
    super('CancelledError', '');
  }
}

export class BrokenProcessPool extends PythonError {
  constructor(message: string) {
    super('BrokenProcessPool', message);
  }
}

/** What a task raised in its worker, rebuilt in the host under the same type. */
export function taskError(failure: TaskFailure): PythonError {
  return new PythonError(failure.type, failure.message);
}

/**
 * A rejected task's reason as an error: the runner words it "Type: message" when it has a Python type
 * (BrokenProcessPool) and in plain words otherwise (the lab's reject policy: "the worker running it
 * ended (exit code -9)"), which Python would raise as a RuntimeError.
 */
export function rejectionError(reason: string): PythonError {
  const typed = /^([A-Z][A-Za-z0-9_]*): ([\s\S]*)$/.exec(reason);
  return typed === null ? new RuntimeError(reason) : new PythonError(typed[1]!, typed[2]!);
}

/** "Type: message" of anything a callback or a task threw. */
export function describeError(error: unknown): string {
  if (error instanceof PythonError) return error.describe();
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
