import { z } from 'zod';

/**
 * A worker's question about another worker, as a Python parent asks its Process objects: `is_alive()`,
 * `exitcode`, `pid`, `name`, `daemon` (one `status`), and `join(timeout)`. Sent as a `workerQuery` message
 * (worker-wire.ts), checked by the host like every message, answered with a `syncReply` as a primitive's
 * request is: the same wire, the same error words.
 */

/** A worker by its id ("w3") or its name ("worker-3"). */
const workerKeySchema = z
  .string({ error: 'a worker is named by its id ("w3") or its name' })
  .min(1, 'a worker is named by its id ("w3") or its name')
  .max(64, 'a worker id or name is at most 64 characters');

/** Seconds, as Python's; negative waits no time (join(-1) returns at once); null waits for ever. */
const joinTimeoutSchema = z
  .number({ error: 'timeout must be a number of seconds' })
  .min(-86_400, 'timeout must be from -86400 to 86400 seconds')
  .max(86_400, 'timeout must be from -86400 to 86400 seconds')
  .nullable();

export const workerQuerySchema = z.discriminatedUnion(
  'op',
  [
    z.strictObject({ op: z.literal('status'), worker: workerKeySchema }),
    z.strictObject({ op: z.literal('join'), worker: workerKeySchema, timeout: joinTimeoutSchema.default(null) }),
  ],
  { error: 'a worker query is "status" or "join"' },
);
export type WorkerQuery = z.input<typeof workerQuerySchema>;
export type ParsedWorkerQuery = z.output<typeof workerQuerySchema>;

/**
 * What `status` answers, in Python's words: `exitcode` is null while the worker runs, its code once it has
 * exited, -N when a signal ended it; `pid` is null until it has one (a thread's is the host's).
 * `startFailed` is the lab's own: why a worker never ran (exitcode stays null then).
 */
export type WorkerStatus = {
  readonly id: string;
  readonly name: string;
  readonly pid: number | null;
  readonly daemon: boolean;
  readonly alive: boolean;
  readonly exitcode: number | null;
  readonly startFailed: string | null;
};
