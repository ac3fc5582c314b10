import { z } from 'zod';
import { MAX_BATCH_ENTRIES } from './fast-path-ring';
import { exceedsMessageLimits, MESSAGE_LIMITS, PIPE_MESSAGE_LIMITS } from './message-limits';
import { describeIssues } from './protocol';
import { MAX_QUEUE_BATCH_OPS } from './queue-batch';
import { checkQueueBatchAtAGlance } from './queue-batch-check';
import { poolCommandSchemas } from './pools';
import { taskReportSchemas } from './task-messages';
import { checkTaskReportAtAGlance } from './task-report-check';
import { createPrimitiveSchema, itemSchema, primitiveNameSchema, syncRequestSchema } from './sync';
import { workerQuerySchema } from './worker-query';
import type { WorkerMessage } from './worker-wire';

/** A worker's time of an op: epoch ms, finite (the host dates it no later than its own now). */
const atSchema = z.number().nonnegative().max(Number.MAX_SAFE_INTEGER);

/** A forked worker's queue ops done without asking (queue-batch.ts): bounded in count, each checked. */
const queueBatchSchema = z.strictObject({
  type: z.literal('queueBatch'),
  name: primitiveNameSchema,
  ops: z
    .array(
      z.discriminatedUnion('op', [
        z.strictObject({ op: z.literal('put'), item: itemSchema, at: atSchema }),
        z.strictObject({ op: z.literal('get'), at: atSchema }),
        z.strictObject({ op: z.literal('task_done'), at: atSchema }),
      ]),
    )
    .max(MAX_QUEUE_BATCH_OPS, `a queue batch of at most ${MAX_QUEUE_BATCH_OPS} operations`),
});

/**
 * The host's check of what a worker sends: a worker may run a user's code and is not trusted. The shapes
 * are declared once, in worker-wire.ts; this schema must accept exactly them (the type test below says so).
 */
export const workerMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('ready'),
    pid: z.number().int().nonnegative(),
    /** Native thread id (Linux TID); null where the platform does not tell. */
    tid: z.number().int().nonnegative().nullable(),
  }),
  z.strictObject({ type: z.literal('sync'), id: z.number().int().nonnegative(), request: syncRequestSchema }),
  z.strictObject({ type: z.literal('syncAttach'), id: z.number().int().nonnegative(), name: primitiveNameSchema }),
  z.strictObject({ type: z.literal('syncCreate'), id: z.number().int().nonnegative(), primitive: createPrimitiveSchema }),
  z.strictObject({ type: z.literal('exiting'), code: z.number().int().min(0).max(255) }),
  z.strictObject({ type: z.literal('startChildren') }),
  z.strictObject({ type: z.literal('workerQuery'), id: z.number().int().nonnegative(), query: workerQuerySchema }),
  z.strictObject({
    type: z.literal('syncRing'),
    from: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    // Looked at by its length only (constant time): each entry is checked as it is decoded (ring-reader.ts).
    entries: z.instanceof(Int32Array).refine((entries) => entries.length % 2 === 0 && entries.length <= 2 * MAX_BATCH_ENTRIES, 'a ring batch of at most 32,768 entries of two int32s'),
  }),
  queueBatchSchema,
  ...taskReportSchemas,
  z.strictObject({
    type: z.literal('poolCall'),
    id: z.number().int().nonnegative(),
    // zod's own words for a missing one ("Invalid input: expected object, received undefined") name nothing.
    command: z.discriminatedUnion('type', [...poolCommandSchemas], {
      error: (issue) => (typeof issue.input !== 'object' || issue.input === null ? 'a pool call carries a command, such as {"type": "pool.close", "pool": "p"}' : undefined),
    }),
  }),
]);

/** A worker's message once the host has checked it: the defaults of its sync request filled in. */
export type CheckedWorkerMessage = z.output<typeof workerMessageSchema>;

export type ParsedWorkerMessage = { ok: true; message: CheckedWorkerMessage } | { ok: false; reason: string };

/** The one check of a worker's message, on every channel (thread, IPC, stdout lines): bounded, then validated. */
export function parseWorkerMessage(raw: unknown): ParsedWorkerMessage {
  // A ring batch is one typed array, bounded by its schema; the limits would walk its numbers one by one.
  const tooBig = isRingBatch(raw) ? null : exceedsMessageLimits(raw, isPipeSend(raw) ? PIPE_MESSAGE_LIMITS : MESSAGE_LIMITS);
  if (tooBig !== null) return { ok: false, reason: tooBig };
  // A well-formed queue batch (the most frequent message between batching processes) is checked by hand;
  // anything else about it is left to the schema, which words a refusal.
  const batch = checkQueueBatchAtAGlance(raw);
  if (batch !== null) return { ok: true, message: batch };
  // So is a pool worker's report of a task's start or value (the most frequent message from a pool's workers).
  const report = checkTaskReportAtAGlance(raw);
  if (report !== null) return { ok: true, message: report };
  const parsed = workerMessageSchema.safeParse(raw);
  return parsed.success ? { ok: true, message: parsed.data } : { ok: false, reason: describeIssues(parsed.error) };
}

function isRingBatch(raw: unknown): boolean {
  return typeof raw === 'object' && raw !== null && (raw as { type?: unknown }).type === 'syncRing' && (raw as { entries?: unknown }).entries instanceof Int32Array;
}

/** A sync request sending on a Pipe, told in constant time from the raw message (which may be anything). */
function isPipeSend(raw: unknown): boolean {
  if (typeof raw !== 'object' || raw === null || (raw as { type?: unknown }).type !== 'sync') return false;
  const request: unknown = (raw as { request?: unknown }).request;
  if (typeof request !== 'object' || request === null) return false;
  const op: unknown = (request as { op?: unknown }).op;
  return op === 'pipe_send' || op === 'pipe_send_bytes';
}

// Compile-time proof that the schema and the wire type agree in both directions (as sent: before defaults).
type Parsed = z.input<typeof workerMessageSchema>;
const _schemaMatchesWire: [Parsed] extends [WorkerMessage] ? ([WorkerMessage] extends [Parsed] ? true : never) : never = true;
void _schemaMatchesWire;
