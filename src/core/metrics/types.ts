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

export interface ProcessSampler {
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
   * The process the sampler tracks under `pid` (a descendant, or an orphan it saw below the root; never the
   * root), with the start it reports in samples; null if it tracks none, or it is found gone on a fresh look.
   */
  trackedProcess(pid: number): { readonly start: number; readonly name: string } | null;
  close(): void;
}
