import type { Item } from './sync';

/**
 * Queue batching between processes (docs/sync.md, "Queues between processes: batching"). Free of zod: a
 * process worker loads it at start-up. A forked worker's puts and gets on a Queue or JoinableQueue that
 * need no answer now are kept in the worker and sent to the host in one `queueBatch` message:
 * - a put uses a credit (a free slot the host set aside for this worker, its sole producer);
 * - a get takes an item of a lease (items the host sent ahead to its sole consumer, still counted in the
 *   queue's depth until the batch reports the get);
 * - a task_done for an item this worker got and has not yet marked done.
 * Every batch gives back the credits and lease it did not use; the host grants new ones in the reply of
 * the worker's next brokered put or get.
 */

/**
 * One operation done in the worker, at `at` (epoch ms with sub-ms digits: performance.timeOrigin + now()).
 * A put's item is `unknown` as sent, as a sync request's is: the host's schema makes it an Item.
 */
export type QueueBatchOp =
  | { readonly op: 'put'; readonly item: unknown; readonly at: number }
  | { readonly op: 'get'; readonly at: number }
  | { readonly op: 'task_done'; readonly at: number };

/** What a brokered put or get answers a worker that batches, beside its value. */
export interface QueueGrant {
  /** Puts this worker may make without asking. */
  readonly credits: number;
  /** The next items of the queue, in order, for this worker's next gets. */
  readonly lease: readonly Item[];
}

/** The most operations in one batch (a batch of puts, gets and task_dones of one worker's event-loop turn). */
export const MAX_QUEUE_BATCH_OPS = 512;
/** The most credits, and the most leased items, a worker holds at once. */
export const MAX_QUEUE_GRANT = 128;
/** A batch is sent once this old, at the worker's next op, even if its event loop has not turned. */
export const QUEUE_BATCH_MAX_AGE_MS = 5;
/** The most characters of text a batch carries (the message limits allow 1,000,000). */
export const QUEUE_BATCH_MAX_TEXT = 200_000;
/** Items batched are scalars (a string up to this long) or flat lists of up to 16 of them; others are brokered. */
export const BATCHED_TEXT_MAX = 256;
const BATCHED_LIST_MAX = 16;

const isScalar = (value: unknown): boolean =>
  value === null || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && value.length <= BATCHED_TEXT_MAX);

/**
 * The characters of text an item adds to a batch, or null when it is not batched: only items whose cost
 * the worker can bound at a glance travel in a batch, so a batch never crosses the message limits (which
 * would refuse it whole) and the host's memory budget is not in question for long.
 */
export function batchedText(item: Item): number | null {
  if (isScalar(item)) return typeof item === 'string' ? item.length : 0;
  if (!Array.isArray(item) || item.length > BATCHED_LIST_MAX) return null;
  let text = 0;
  for (const each of item) {
    if (!isScalar(each)) return null;
    if (typeof each === 'string') text += each.length;
  }
  return text;
}
