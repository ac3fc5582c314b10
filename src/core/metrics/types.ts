import type { CpuSample, ProcessSample } from '../../shared/samples';

/**
 * Samplers return plain harvests (DESIGN.md "collect, store, draw"); the lab turns them into events.
 * A sampler never spawns a process per sample.
 */

export interface CoreSampler {
  /** Load per core since the previous call; null on the first call (a load is a difference). */
  sample(): CpuSample | null;
  close(): void;
}

/** A tracked process whose parent died, so the kernel gave it to init or a subreaper. */
export interface Reparenting {
  readonly pid: number;
  readonly start: number;
  readonly name: string;
  readonly fromPpid: number;
  readonly toPpid: number;
}

export interface ProcessHarvest {
  /** The root, every live descendant, and tracked orphans (marked `orphan`). */
  readonly processes: ProcessSample[];
  /** Reparentings noticed since the previous harvest. */
  readonly reparented: Reparenting[];
}

/**
 * Whose a process below the host is: the worker it descends from. The host has processes of its own too
 * (Electron's zygote, renderers and GPU process; a browser the lab opened; the lab's watchdog), which are
 * nobody's: the lab shows them, and never signals them.
 */
export interface ProcessOwner {
  readonly workerId: string;
  /** The worker was detached: it and what lies below it are free of the lab. */
  readonly detached: boolean;
}

/** A tracked process, as the lab's controls see it before they act on it. */
export interface TrackedProcess {
  /** With the pid, its identity: the start its samples carry. */
  readonly start: number;
  readonly name: string;
  /** The worker it descends from (or is), kept after it is orphaned; null for the host's own processes. */
  readonly owner: ProcessOwner | null;
  /** It is in a session other than the host's (it, or a process above it, called setsid). False where unknown. */
  readonly otherSession: boolean;
}

/** One process by its identity. */
export interface ProcessIdentity {
  readonly pid: number;
  readonly start: number;
}

/** How the lab tells the sampler which of the host's children are its own (ownership passes down from them). */
export interface ProcessClaims {
  /** A child the host has just started for a worker: the worker's process, or a thread worker's child. */
  claim(pid: number, owner: ProcessOwner): void;
  /**
   * A thread worker's native thread id: the host's children that this thread starts itself (a user's script
   * in a thread) are the worker's; null when the thread has ended. Linux only (the kernel keeps children per
   * thread); elsewhere such children are nobody's.
   */
  claimThread(tid: number, owner: ProcessOwner | null): void;
}

export interface ProcessSampler extends ProcessClaims {
  /**
   * A Python process (its shim said hello): its threads' run-queue waits are read too, for the GIL inference
   * (src/shared/gil.ts). Linux only; elsewhere nothing.
   */
  watchScheduling(pid: number): void;
  /** Finds new descendants of the root and reads every tracked process (and its threads, where cheap). */
  sample(): ProcessHarvest;
  /**
   * Live descendants of `pid`, deepest first, from a fresh look at the system (not the last harvest),
   * including tracked orphans that once descended from it. Used to terminate a tree.
   */
  descendantsOf(pid: number): number[];
  /** Every live process the sampler tracks except the root: descendants and orphans. */
  trackedPids(): number[];
  /**
   * What must end with the lab: every tracked process owned by a worker that is not detached, in the host's
   * session, orphans included; the workers' own processes too. `fresh`: a look at the system first, as
   * descendantsOf has; else as of the last sample.
   */
  boundProcesses(fresh: boolean): ProcessIdentity[];
  /**
   * The process the sampler tracks under `pid` (a descendant, or an orphan it saw below the root; never the
   * root), with the start it reports in samples; null if it tracks none, or it is found gone on a fresh look.
   */
  trackedProcess(pid: number): TrackedProcess | null;
  close(): void;
}
