import { arrayHandle, valueHandle } from './sync/ctypes-handles';
import { dictHandle, listHandle } from './sync/manager-handles';
import { barrierHandle, conditionHandle, eventHandle, timerHandle } from './sync/handles';
import { pipeHandle } from './sync/pipe-handle';
import { lockHandle, LockCells } from './sync/lock-handle';
import { queueHandle, QueueRings } from './sync/queue-handle';
import { LabPools } from './pool-client';
import { Requester, type SyncChannel } from './sync/requester';
import { workerHandle } from './sync/worker-handle';
import { QueueBatcher } from './sync/queue-batcher';
import type { CreatePrimitiveInput, Item, SyncRequest } from '../shared/sync';

export { SyncError, syncError } from './sync/sync-error';
export type { SyncChannel, Timeout } from './sync/requester';
export type { BufferTooShort } from './sync/pipe-handle';
export type { CellValue } from './sync/ctypes-handles';

export interface LabSyncOptions {
  /** A thread worker shares memory with the host: Locks and RLocks take the fast path (lock-cell.ts). */
  readonly sharedMemory?: boolean;
  /** How long a blocking acquire of a held lock waits on its cell before it queues in the broker (tests: cell-wait.ts's PARK_MS otherwise). */
  readonly parkMs?: number;
  /** A forked process batches its queue puts and gets (queue-batch.ts); a thread does not. */
  readonly batchQueues?: boolean;
  /** How old a queue batch may grow before it is sent (tests; QUEUE_BATCH_MAX_AGE_MS otherwise). */
  readonly batchMaxAgeMs?: number;
}

/**
 * A worker's handle on the lab's primitives: every call is a request to the host's broker, answered over
 * the worker's own channel (parentPort for a thread, IPC for a forked process). The API follows Python's
 * names, made async: `await lock.acquire()`. In a thread, Locks and RLocks first try their shared cell:
 * an uncontended acquire or release is one atomic operation, and only waiting (or waking a waiter) goes
 * to the broker. The pieces: sync/requester.ts (the wire), sync/lock-handle.ts (locks and their fast
 * path), sync/queue-handle.ts (queues and theirs), sync/handles.ts (every other kind).
 */
export class LabSync {
  private readonly requester: Requester;
  private readonly cells: LockCells;
  /** Per queue, its batching (a forked process only); null when this worker does not batch. */
  private readonly batchers: Map<string, QueueBatcher> | null;
  private readonly queues: QueueRings;
  private readonly batchMaxAgeMs: number | undefined;
  /** The lab's pools, over the same channel (pool-client.ts): a script gets it as `pools`. */
  readonly pools: LabPools;

  constructor(channel: SyncChannel, options: LabSyncOptions = {}) {
    this.requester = new Requester(channel);
    this.pools = new LabPools(this.requester);
    this.cells = new LockCells(this.requester, options.sharedMemory === true, options.parkMs);
    this.queues = new QueueRings(this.requester, this.cells);
    this.batchMaxAgeMs = options.batchMaxAgeMs;
    this.batchers = options.batchQueues === true && options.sharedMemory !== true ? new Map() : null;
    // Every request goes after what is batched, so this worker's order holds across primitives.
    if (this.batchers !== null) this.requester.beforeAsk = () => this.flushBatches();
  }

  private flushBatches(): boolean {
    let sent = false;
    for (const batcher of this.batchers?.values() ?? []) if (batcher.flush()) sent = true;
    return sent;
  }

  /**
   * Before the worker ends: what is batched is sent, and answered once the host has it (a request after
   * it on the same channel), as CPython joins a process's queue feeder threads at exit.
   */
  async settle(): Promise<void> {
    const last = [...(this.batchers?.keys() ?? [])].at(-1);
    if (last === undefined || !this.flushBatches()) return;
    await this.requester.call({ op: 'qsize', name: last }).catch(() => undefined);
  }

  /** Set when the last acquire got a lock whose owner died holding it (robust-mutex policy). */
  get ownerDied(): string | null {
    return this.requester.ownerDied;
  }

  /**
   * Creates a primitive, as "New primitive" does: `await sync.create({ kind: 'List', name: 'l', items: [0, 1,
   * 2, 3, 4] })` is Python's `l = manager.list(range(5))`. A name already taken raises ValueError.
   */
  create(primitive: CreatePrimitiveInput): Promise<void> {
    return this.requester.create(primitive);
  }

  /** One request; resolves with its value, or throws the SyncError Python would raise. */
  call(request: SyncRequest): Promise<Item> {
    return this.requester.call(request);
  }

  /** Lock, RLock, Semaphore, BoundedSemaphore. */
  lock(name: string) {
    return lockHandle(this.requester, this.cells, name, true);
  }

  event(name: string) {
    return eventHandle(this.requester, name);
  }

  condition(name: string) {
    return conditionHandle(this.requester, this.cells, name);
  }

  barrier(name: string) {
    return barrierHandle(this.requester, name);
  }

  queue(name: string) {
    if (this.batchers === null) return queueHandle(this.requester, this.queues, name);
    let batcher = this.batchers.get(name);
    if (batcher === undefined) this.batchers.set(name, (batcher = new QueueBatcher(this.requester, name, this.batchMaxAgeMs)));
    return queueHandle(this.requester, this.queues, name, batcher);
  }

  array(name: string) {
    return arrayHandle(this.requester, this.cells, name);
  }

  /** A Manager().dict(): a DictProxy's methods (getItem is `d[key]`, KeyError when missing). */
  dict(name: string) {
    return dictHandle(this.requester, name);
  }

  /** A Manager().list(): a ListProxy's methods (get(i) is `l[i]`, IndexError out of range). */
  list(name: string) {
    return listHandle(this.requester, name);
  }

  /** `conn0, conn1 = Pipe()`: one connection object per end. */
  pipe(name: string) {
    return pipeHandle(this.requester, name);
  }

  timer(name: string) {
    return timerHandle(this.requester, name);
  }

  value(name: string) {
    return valueHandle(this.requester, this.cells, name);
  }

  /** Another worker, by id ("w3") or name, as a Python parent holds a Process: isAlive(), exitcode(), join(timeout)... */
  worker(key: string) {
    return workerHandle(this.requester, key);
  }
}
