import { z } from 'zod';

/** The most live workers a lab can be configured to allow (`--max-workers`, `maxLiveWorkers`). */
export const MAX_LIVE_WORKERS_CEILING = 4096;

/** The lab's tunables. Every one has a default, so a fresh lab needs no configuration. */
export const labConfigSchema = z.strictObject({
  /** How often CPU load, processes and threads are sampled. */
  samplePeriodMs: z.number().int().min(50, 'must be at least 50 ms').max(10_000, 'must be at most 10 s'),
  /** Time between the polite signal (SIGTERM) and the forceful one (SIGKILL). */
  gracePeriodMs: z.number().int().min(0, 'must not be negative').max(60_000, 'must be at most 60 s'),
  /** How long an exited worker stays in the tree, greyed, before it moves to the history list. */
  exitedRetentionMs: z.number().int().min(0, 'must not be negative').max(3_600_000, 'must be at most one hour'),
  /** Live workers the lab allows at once; starting more is refused with a message. */
  maxLiveWorkers: z.number().int().min(1, 'must be at least 1').max(MAX_LIVE_WORKERS_CEILING, `must be at most ${MAX_LIVE_WORKERS_CEILING}`),
  /** Seconds of CPU history kept for the charts. */
  historySeconds: z.number().int().min(10).max(3600),
});
export type LabConfig = z.infer<typeof labConfigSchema>;

export const DEFAULT_CONFIG: LabConfig = {
  samplePeriodMs: 500,
  gracePeriodMs: 2000,
  exitedRetentionMs: 30_000,
  maxLiveWorkers: 256,
  historySeconds: 60,
};

export const configPatchSchema = labConfigSchema.partial();
export type ConfigPatch = z.infer<typeof configPatchSchema>;
