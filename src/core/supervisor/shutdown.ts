import type { Clock } from '../clock';
import type { Controls } from './control';
import { whenEnded, type ManagedWorker } from './managed-worker';
import { isAlive, sendSignal } from './signals';
import type { Supervisor } from './supervisor';

/** Whatever the configured grace period, the lab ends its workers within 2 s of being asked to stop. */
export const SHUTDOWN_GRACE_CAP_MS = 1500;
/** After SIGKILL, how long to wait for the exits to be reported. */
const REAP_WAIT_MS = 400;

export interface ShutdownDeps {
  readonly supervisor: Supervisor;
  readonly controls: Controls;
  readonly clock: Clock;
  /** Every process the lab has seen below it, orphans included. */
  readonly trackedPids: () => number[];
}

/**
 * Stops the lab's workers the way Python ends a program, with a deadline: daemon workers end at once;
 * non-daemon workers are asked to finish (SIGTERM, or a stop message for a thread) and get the grace period
 * before SIGKILL. Detached workers, and everything below them, are left alone: the user set them free.
 */
export async function shutdown({ supervisor, controls, clock, trackedPids }: ShutdownDeps): Promise<void> {
  supervisor.stopAccepting();
  const grace = Math.min(supervisor.deps.config().gracePeriodMs, SHUTDOWN_GRACE_CAP_MS);
  const all = [...supervisor.workers.values()];
  const freed = new Set(all.filter(isDetached).flatMap((worker) => [pidOf(worker), ...controls.descendants(worker)]));
  const ending = supervisor.live().filter((worker) => !worker.descriptor.detached);
  const workerPids = new Set(ending.map(pidOf));
  const strays = trackedPids().filter((pid) => !freed.has(pid) && !workerPids.has(pid));

  for (const worker of ending) {
    worker.endRequested = true;
    if (worker.descriptor.daemon) controls.endForcefully(worker);
    else askToFinish(worker, supervisor, grace);
  }
  for (const pid of strays) sendSignal(pid, 'SIGTERM');

  await Promise.race([Promise.all(ending.map(whenEnded)), sleep(clock, grace)]);
  for (const worker of ending) {
    if (worker.ended) continue;
    worker.launched?.kill();
    supervisor.deps.emit({ type: 'terminate.escalated', workerId: worker.descriptor.id, afterMs: grace });
  }
  for (const pid of strays) if (isAlive(pid)) sendSignal(pid, 'SIGKILL');
  await Promise.race([Promise.all(ending.map(whenEnded)), sleep(clock, REAP_WAIT_MS)]);
}

function askToFinish(worker: ManagedWorker, supervisor: Supervisor, graceMs: number): void {
  worker.launched?.requestStop();
  const how = worker.descriptor.kind === 'thread' ? 'stop request' : 'SIGTERM';
  supervisor.deps.emit({ type: 'terminate.sent', workerId: worker.descriptor.id, how, graceMs });
}

function isDetached(worker: ManagedWorker): boolean {
  return worker.descriptor.detached && !worker.ended;
}

function pidOf(worker: ManagedWorker): number {
  return worker.launched?.pid ?? -1;
}

function sleep(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.setTimeout(resolve, ms));
}
