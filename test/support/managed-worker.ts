import type { Clock } from '../../src/core/clock';
import { newManagedWorker, type ManagedWorker } from '../../src/core/supervisor/managed-worker';
import type { WorkerDescriptor } from '../../src/shared/worker';

/**
 * A worker's book as the supervisor keeps it, never launched: tests of what reads the book (start lines,
 * worker queries) move it through its real lifecycle (worker-lifecycle.ts) with the helpers below.
 */
export function bookOf(descriptor: WorkerDescriptor, clock: Clock): ManagedWorker {
  return newManagedWorker(descriptor, { clock, emit: () => undefined, failStart: (worker, reason) => worker.lifecycle.failedToStart(reason) });
}

/** Launched and ready, as its ready message makes it. */
export function markReady(worker: ManagedWorker): void {
  worker.lifecycle.launching();
  worker.lifecycle.becameReady();
}

/** Exited with Python's `exitcode`, as the supervisor marks it (its waiters are not woken). */
export function markExited(worker: ManagedWorker, exitCode: number): void {
  worker.lifecycle.exited(exitCode);
}
