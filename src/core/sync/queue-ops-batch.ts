import { QUEUE_GET, QUEUE_PUT } from '../../shared/fast-path-ring';
import type { SyncFact } from '../../shared/facts';
import type { FastPathBatch } from './fast-path-batch';

/**
 * One thread's fast-path queue operations from one batch of its ring (src/shared/queue-ring.ts), in order,
 * as typed arrays: put and get with the depth after, task_done with the unfinished tasks left.
 */
export interface QueueOpsBatch {
  readonly workerId: string;
  readonly size: number;
  readonly times: Float64Array;
  /** QUEUE_PUT, QUEUE_GET or QUEUE_TASK_DONE. */
  readonly ops: Uint8Array;
  readonly slots: Int32Array;
  /** The depth after a put or get; the unfinished tasks after a task_done. */
  readonly args: Int32Array;
  readonly names: readonly string[];
}

/** A decoded batch whose ops are lock and queue ops (queueOps[i] !== 0): the lock batch, carrying the queue ops beside it. */
export function splitQueueOps(batch: FastPathBatch, queueOps: Uint8Array, queueSize: number): FastPathBatch {
  const lockSize = batch.size - queueSize;
  const locks = { times: new Float64Array(lockSize), acquired: new Uint8Array(lockSize), slots: new Int32Array(lockSize), counts: new Int32Array(lockSize) };
  const queues = { times: new Float64Array(queueSize), ops: new Uint8Array(queueSize), slots: new Int32Array(queueSize), args: new Int32Array(queueSize) };
  let lock = 0;
  let queue = 0;
  for (let index = 0; index < batch.size; index++) {
    if (queueOps[index] === 0) {
      locks.times[lock] = batch.times[index]!;
      locks.acquired[lock] = batch.acquired[index]!;
      locks.slots[lock] = batch.slots[index]!;
      locks.counts[lock] = batch.counts[index]!;
      lock += 1;
    } else {
      queues.times[queue] = batch.times[index]!;
      queues.ops[queue] = queueOps[index]!;
      queues.slots[queue] = batch.slots[index]!;
      queues.args[queue] = batch.counts[index]!;
      queue += 1;
    }
  }
  const queueOpsBatch: QueueOpsBatch = { workerId: batch.workerId, size: queueSize, ...queues, names: batch.names };
  return { workerId: batch.workerId, size: lockSize, ...locks, names: batch.names, queueOps: queueOpsBatch };
}

/** The op at `index` as a queue fact. */
export function queueFactAt(batch: QueueOpsBatch, index: number): SyncFact {
  const base = { t: batch.times[index]!, actor: batch.workerId, primitive: batch.names[batch.slots[index]!]! };
  const arg = batch.args[index]!;
  const op = batch.ops[index];
  if (op === QUEUE_PUT) return { ...base, op: 'queue.put', depth: arg };
  if (op === QUEUE_GET) return { ...base, op: 'queue.get', depth: arg };
  return { ...base, op: 'queue.taskDone', unfinished: arg };
}

/** Per queue of a batch, in order of its last op: that op, the state the batch leaves (what the pages get instead of every op). */
export function lastPerQueue(batch: QueueOpsBatch): SyncFact[] {
  const last = new Map<number, number>();
  for (let index = 0; index < batch.size; index++) last.set(batch.slots[index]!, index);
  return [...last.values()].sort((a, b) => a - b).map((index) => queueFactAt(batch, index));
}
