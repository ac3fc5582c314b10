import type { Clock } from './clock';
import type { ConfigPatch } from '../shared/config';
import type { LabState } from '../shared/lab-state';
import type { CommandOutcome, LabEvent } from '../shared/protocol';
import type { FastPathOp } from '../shared/facts';
import type { PrimitiveSnapshot } from '../shared/sync';
import type { LabRecording } from './recorder/lab-recording';
import type { RecorderOptions } from './recorder/recorder';
import type { PageHistory } from '../shared/page-history';
import type { StopSummary } from './supervisor/stop-summary';

/** Where the built worker entries are; the shell that hosts the core knows, the core does not guess. */
export interface WorkerEntries {
  /** The worker_threads entry (a built .js file). */
  readonly thread: string;
  /** The child process entry for fork, spawn and exec (a built .js file). */
  readonly process: string;
}

export interface LabOptions {
  readonly entries: WorkerEntries;
  readonly clock?: Clock;
  readonly config?: ConfigPatch;
  /** Which process sampler to use; 'auto' picks /proc on Linux and pidusage + ps elsewhere. */
  readonly sampler?: 'auto' | 'linux' | 'portable';
  /**
   * The POSIX shell the lab runs `exec` workers through, and its other small shell jobs (a command line's
   * parent check, the watchdog): /bin/sh by default, which is dash on Debian and Ubuntu and bash on Fedora,
   * RHEL and Arch. Both are tested.
   */
  readonly shell?: string;
  /** How often the lock tables are sampled (default 200 ms; 0 = never, for measuring what observing costs). */
  readonly syncSampleMs?: number;
  /**
   * Lower the sampling rate by itself while the lab is busy, and restore it when calm (default true; the
   * cost is measured and shown either way: own-cost.ts).
   */
  readonly adaptiveSampling?: boolean;
  /** Record threads' fast-path lock operations (default true; false only for the bench's "recording off" side). */
  readonly recordFastPath?: boolean;
  /**
   * Make the broker's sync facts, keep them in the recorder and send them to pages (default true; false only
   * for the bench's "facts off" side: the views derived from facts then stand still).
   */
  readonly recordFacts?: boolean;
  /**
   * Keep the lab's events (workers, pools' task batches...) in the recording (default true; false only for
   * the bench's unobserved side, bench/pools.bench.ts: a timeline, a save or a late page then lack them).
   */
  readonly recordEvents?: boolean;
  /** The recorder's keyframe interval and retention (tests make them short; defaults: RECORDER_DEFAULTS). */
  readonly recorder?: Partial<RecorderOptions>;
  /**
   * Threads' Queue fast path (docs/sync.md, "The fast path for threads' Queues"): on by default; false keeps
   * every queue brokered (the bench's brokered row, and tests that want every op to be a request).
   */
  readonly queueFastPath?: boolean;
  /**
   * Folders of the user's own scenario files, read after the library (docs/scenarios.md): a path (one that
   * must be there), or one that may be absent (the desktop app's default folder).
   */
  readonly scenarioFolders?: readonly (string | { readonly path: string; readonly optional: true })[];
}

/** The lab as its shells see it: commands in, events out. */
export interface Lab {
  /** Validates and runs one command. Never throws: a bad command is an `{ ok: false, error }` outcome. */
  execute(command: unknown): Promise<CommandOutcome>;
  /** Resolves once the scenario files were first read (their `scenario.library` event emitted). */
  scenariosReady(): Promise<void>;
  /** What a new renderer folds from: the recorder's latest keyframe and the events after it (page-history.ts). */
  history(): PageHistory;
  /** Live events in batches, in order. Returns the unsubscribe function. */
  subscribe(listener: (events: readonly LabEvent[]) => void): () => void;
  /** The core's own fold of its events (the renderer's is the same). */
  state(): LabState;
  /** Every fact recorded (sync facts hot, lab events cold), with keyframes: what a timeline, a save or an export reads. */
  recording(): LabRecording;
  /** A thread's fast-path lock operations stated as objects (tests; a thread's ring posts batches itself). */
  fastPathOps(workerId: string, ops: readonly FastPathOp[]): void;
  /**
   * Every primitive as the broker has it now (tests: what the folded facts must equal). The pages never see
   * it: they fold facts (docs/facts.md).
   */
  primitives(): PrimitiveSnapshot[];
  /**
   * The line that runs a Python script under this lab from a terminal, observed (docs/python-wire.md): the
   * wire's variables, the shim on PYTHONPATH, `python3 -m concurrency_lab script.py`. Printed by browser
   * mode at start; it carries the socket's token, so it is not put in any event (recordings keep events).
   */
  pythonFromTerminal(): string;
  /**
   * Ends every worker that is not detached (daemons at once, others after the grace period), then stops
   * sampling. Says what it ended and what it left running; a second call gets the first one's answer.
   */
  stop(reason: string): Promise<StopSummary>;
}
