import { isPlainObject } from './message-limits';
import { MAX_QUEUE_BATCH_OPS } from './queue-batch';
import { primitiveNameSchema } from './sync';
import type { CheckedWorkerMessage } from './worker-messages';

/** A `queueBatch` message once checked. */
export type CheckedQueueBatch = Extract<CheckedWorkerMessage, { type: 'queueBatch' }>;

/**
 * The common case of a forked worker's `queueBatch` (queue-batch.ts), checked by hand at a glance: zod's
 * parse of a batch op by op cost about 3 µs per op on the host (profiled: the host's largest cost per item
 * between two batching processes, more than applying the op and its fact). Accepts only what the batch
 * schema (worker-messages.ts) accepts and gives what it gives: a strict object of `type`, `name` (a
 * primitive name) and at most 512 ops, each `{op: 'put', item, at}`, `{op: 'get', at}` or
 * `{op: 'task_done', at}` with nothing else, `at` a number from 0 to 2^53 - 1, a put's item a scalar (None,
 * a bool, a finite number, text) or a flat list of them: what a worker batches (queue-batch.ts's
 * batchedText). Null for anything else, which the schema then decides and, if it refuses, words: a hostile
 * batch gets the same answer as before, only a well-formed one is quicker. The message limits have bounded
 * the message before this runs (worker-messages.ts), so every loop here is bounded.
 */
export function checkQueueBatchAtAGlance(raw: unknown): CheckedQueueBatch | null {
  if (!isPlainRecord(raw) || !hasOnly(raw, BATCH_KEYS) || raw.type !== 'queueBatch') return null;
  const { name, ops } = raw;
  if (!Array.isArray(ops) || ops.length > MAX_QUEUE_BATCH_OPS || !primitiveNameSchema.safeParse(name).success) return null;
  for (const op of ops as unknown[]) if (!isCommonOp(op)) return null;
  return raw as unknown as CheckedQueueBatch;
}

function isCommonOp(op: unknown): boolean {
  if (!isPlainRecord(op) || !isAt(op.at)) return false;
  switch (op.op) {
    case 'put':
      return hasOnly(op, PUT_KEYS) && isFlatItem(op.item);
    case 'get':
    case 'task_done':
      return hasOnly(op, OP_KEYS);
    default:
      return false;
  }
}

/** As the schema's `at`: z.number() (finite) .nonnegative() .max(Number.MAX_SAFE_INTEGER). */
const isAt = (at: unknown): boolean => typeof at === 'number' && at >= 0 && at <= Number.MAX_SAFE_INTEGER;

/** As itemSchema for the items a worker batches: scalars (z.number() refuses NaN and ±Infinity) and flat lists of them. */
function isFlatItem(item: unknown): boolean {
  if (!Array.isArray(item)) return isScalar(item);
  for (const each of item as unknown[]) if (!isScalar(each)) return false;
  return true;
}

const isScalar = (value: unknown): boolean => value === null || typeof value === 'boolean' || typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));

/** An object as JSON makes one (zod's strictObject also takes other prototypes: those go to the schema). */
const isPlainRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value) && isPlainObject(value);

const BATCH_KEYS = ['type', 'name', 'ops'] as const;
const PUT_KEYS = ['op', 'item', 'at'] as const;
const OP_KEYS = ['op', 'at'] as const;

/** These own keys and no other: a strict object's "nothing else". */
const hasOnly = (record: Record<string, unknown>, keys: readonly string[]): boolean => Object.keys(record).length === keys.length && keys.every((key) => Object.hasOwn(record, key));
