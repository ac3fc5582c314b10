import type { WorkerSpec } from '../shared/worker-wire';
import type { LabSync, SyncChannel } from './sync-client';

/** What a task may ask of the worker it runs in. */
export interface TaskContext {
  readonly spec: WorkerSpec;
  readonly isThread: boolean;
  /**
   * Registers what to do when the worker is asked to end: SIGTERM, SIGINT or SIGHUP for a process, the
   * host's polite stop for a thread. Handlers run once, before the worker ends.
   */
  onEnding(handler: () => void): void;
  /** The lab's primitives, for a worker with a two-way channel to the host (thread or fork); else null. */
  readonly sync: LabSync | null;
  /** The two-way channel to the host itself (thread or fork); null for spawn and exec. */
  readonly host: SyncChannel | null;
}
