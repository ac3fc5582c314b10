import type { Clock } from '../clock';
import type { ProcessIdentity } from '../metrics/types';
import { escalate } from './escalation';
import { whenEnded, type ManagedWorker } from './managed-worker';
import { isAlive, sendSignal } from './signals';
import type { StopSummary } from './stop-summary';
import type { Supervisor } from './supervisor';

/** Whatever the configured grace period, the lab ends its workers within 2 s of being asked to stop. */
export const SHUTDOWN_GRACE_CAP_MS = 1500;
/** After SIGKILL, how long to wait for the exits to be reported. */
const REAP_WAIT_MS = 400;

export interface ShutdownDeps {
  readonly supervisor: Supervisor;
  readonly clock: Clock;
  /**
   * What must end with the lab (process sampler `boundProcesses`): the processes of workers that are not
   * detached, orphans included, in the lab's session. Never the host's own (Electron's helpers, a browser it
   * opened), never what lies below a detached worker, never a process that detached itself (setsid).
   */
  readonly boundProcesses: () => ProcessIdentity[];
}

/**
 * Stops the lab's workers the way Python ends a program, with a deadline: daemon workers end at once;
 * non-daemon workers are asked to finish (SIGTERM, or a stop message for a thread) and get the grace period
 * before SIGKILL. Detached workers, and everything below them, are left alone: the user set them free. So is every process
 * that is not a worker's (boundProcesses says which are).
 *
 * The grace period runs from the moment the stop began, not from the last signal sent: on a small machine,
 * two hundred processes dying at once take the CPU from the host while it is still signalling the rest.
 */
export async function shutdown({ supervisor, clock, boundProcesses }: ShutdownDeps): Promise<StopSummary> {
  const began = clock.monotonic();
  supervisor.stopAccepting();
  const grace = Math.min(supervisor.deps.config().gracePeriodMs, SHUTDOWN_GRACE_CAP_MS);
  const all = [...supervisor.workers.values()];
  const detached = all.filter(isDetached);
  const ending = supervisor.live().filter((worker) => !worker.descriptor.detached);
  const workerPids = new Set(ending.map(pidOf));
  const strays = boundProcesses()
    .map(({ pid }) => pid)
    .filter((pid) => !workerPids.has(pid) && isAlive(pid));
  const daemons = ending.filter((worker) => worker.descriptor.daemon);
  const asked = ending.filter((worker) => !worker.descriptor.daemon);

  // Signals first, every one of them; the events that say so after, so no process waits for the reducer. Each
  // worker's lifecycle kills it if it is still there when the grace period, counted from `began`, runs out.
  const reports = [...daemons, ...asked].flatMap((worker) => worker.lifecycle.stop(worker.descriptor.daemon, grace, began));
  // The strays' grace period, too, runs from the moment the stop began: the census above is part of it.
  const escalation = escalate(clock, grace - (clock.monotonic() - began), {
    polite: () => {
      for (const pid of strays) sendSignal(pid, 'SIGTERM');
      for (const event of reports) supervisor.deps.emit(event);
    },
    forceful: () => {
      for (const pid of strays) if (isAlive(pid)) sendSignal(pid, 'SIGKILL');
    },
  });
  // Every worker ended within the grace period: what is left (strays that ignore SIGTERM) is killed now.
  await Promise.race([Promise.all(ending.map(whenEnded)), escalation.settled]);
  escalation.forceNow();
  await Promise.race([Promise.all(ending.map(whenEnded)), sleep(clock, REAP_WAIT_MS)]);
  const escalated = asked.filter((worker) => worker.lifecycle.escalated);

  return {
    endedWhenAsked: asked.length - escalated.length,
    escalated: escalated.length,
    daemonsKilled: daemons.length,
    otherProcesses: strays.length,
    unconfirmed: ending.filter((worker) => !worker.ended).map(nameOf),
    leftRunning: detached.map((worker) => ({ name: worker.descriptor.name, pid: pidOf(worker) })),
    graceMs: grace,
    tookMs: Math.round(clock.monotonic() - began),
  };
}

function isDetached(worker: ManagedWorker): boolean {
  return worker.descriptor.detached && !worker.ended;
}

function pidOf(worker: ManagedWorker): number {
  return worker.launched?.pid ?? -1;
}

function nameOf(worker: ManagedWorker): string {
  return worker.descriptor.name;
}

function sleep(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.setTimeout(resolve, ms));
}
