import type { FastPathOp, SyncFact } from '../../shared/facts';

/**
 * One thread's fast-path lock operations from one batch of its ring, in order, as typed arrays (no object
 * per op): what the recorder keeps op by op, and what the page gets coalesced (coalesceBatch).
 */
export interface FastPathBatch {
  readonly workerId: string;
  readonly size: number;
  /** Wall-clock ms of each op (interpolated between the thread's time markers; never going back). */
  readonly times: Float64Array;
  /** 1: acquired, 0: released. */
  readonly acquired: Uint8Array;
  /** The lock of each op, as a slot of `names`. */
  readonly slots: Int32Array;
  /** The recursion count after each op (0: the lock was freed). */
  readonly counts: Int32Array;
  /** Each slot's lock name (the host gave the thread these slots at attach). */
  readonly names: readonly string[];
}

/** Per lock of a batch (by slot): how many acquisitions, and the index of its last op (the state it leaves). */
export function perLock(batch: FastPathBatch): Map<number, { acquisitions: number; last: number }> {
  // Arrays by slot, not a map lookup per op: the host reads millions of ops a second from a hot thread.
  const acquisitions = new Int32Array(batch.names.length);
  const last = new Int32Array(batch.names.length).fill(-1);
  for (let index = 0; index < batch.size; index++) {
    const slot = batch.slots[index]!;
    acquisitions[slot]! += batch.acquired[index]!;
    last[slot] = index;
  }
  const locks = new Map<number, { acquisitions: number; last: number }>();
  for (let slot = 0; slot < last.length; slot++) if (last[slot]! >= 0) locks.set(slot, { acquisitions: acquisitions[slot]!, last: last[slot]! });
  return locks;
}

/** The op at `index` as a lock fact. */
export function factAt(batch: FastPathBatch, index: number): SyncFact {
  const base = { t: batch.times[index]!, actor: batch.workerId, primitive: batch.names[batch.slots[index]!]!, count: batch.counts[index]! };
  return batch.acquired[index] === 1 ? { ...base, op: 'lock.acquired' } : { ...base, op: 'lock.released' };
}

/**
 * What stands for a batch where every op is not wanted (the pages, the recorder's summary): per lock, in
 * order of its last op, the state the batch leaves it in and then a `lock.fastPath` fact (how many
 * acquisitions the batch held), so that a fold of these two leaves the lock exactly as the whole batch does.
 * The state is a `lock.released` (count 0) when the batch leaves it free, else a `lock.acquired` with the
 * count left, dated when that hold began (a fold keeps a holder's `since` only from its first acquire): an
 * RLock left held after `acquire, acquire, release` is held, at count 1, since the first acquire.
 */
export function coalesceBatch(batch: FastPathBatch): { summaries: SyncFact[]; lasts: SyncFact[] } {
  const summaries: SyncFact[] = [];
  const lasts: SyncFact[] = [];
  // Where each lock's current hold began in this batch (-1: free, or held from before the batch).
  const holdStart = new Int32Array(batch.names.length).fill(-1);
  for (let index = 0; index < batch.size; index++) {
    const slot = batch.slots[index]!;
    if (batch.counts[index] === 0) holdStart[slot] = -1;
    else if (batch.acquired[index] === 1 && batch.counts[index] === 1) holdStart[slot] = index;
  }
  const locks = [...perLock(batch).entries()].sort((a, b) => a[1].last - b[1].last);
  for (const [slot, { acquisitions, last }] of locks) {
    const primitive = batch.names[slot]!;
    const count = batch.counts[last]!;
    const since = holdStart[slot]! >= 0 ? holdStart[slot]! : last;
    lasts.push(count === 0 ? { t: batch.times[last]!, actor: batch.workerId, primitive, op: 'lock.released', count: 0 } : { t: batch.times[since]!, actor: batch.workerId, primitive, op: 'lock.acquired', count });
    summaries.push({ t: batch.times[last]!, actor: batch.workerId, primitive, op: 'lock.fastPath', acquisitions });
  }
  return { summaries, lasts };
}

/** A batch from ops stated as objects (a test's, or Lab.fastPathOps): the ops naming another worker are dropped. */
export function batchOfOps(workerId: string, ops: readonly FastPathOp[]): FastPathBatch {
  const mine = ops.filter((op) => op.workerId === workerId);
  const names = [...new Set(mine.map((op) => op.name))];
  const slot = new Map(names.map((name, index) => [name, index]));
  return {
    workerId,
    size: mine.length,
    times: Float64Array.from(mine, (op) => op.t),
    acquired: Uint8Array.from(mine, (op) => (op.op === 'acquired' ? 1 : 0)),
    slots: Int32Array.from(mine, (op) => slot.get(op.name)!),
    counts: Int32Array.from(mine, (op) => op.count),
    names,
  };
}

/** The batch's ops as objects (tests read them so; the lab itself never does). */
export function opsOfBatch(batch: FastPathBatch): FastPathOp[] {
  return Array.from({ length: batch.size }, (_, index) => {
    const fact = factAt(batch, index);
    return { t: fact.t, workerId: batch.workerId, name: fact.primitive, op: batch.acquired[index] === 1 ? 'acquired' : 'released', count: batch.counts[index]! };
  });
}
