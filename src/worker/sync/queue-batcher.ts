import { batchedText, MAX_QUEUE_BATCH_OPS, QUEUE_BATCH_MAX_AGE_MS, QUEUE_BATCH_MAX_TEXT, type QueueBatchOp } from '../../shared/queue-batch';
import { logTime } from '../../shared/queue-log';
import type { Item, SyncReply } from '../../shared/sync';
import type { Requester } from './requester';

/**
 * A forked worker's end of queue batching (queue-batch.ts) for one Queue: puts on credits, gets from a
 * lease and task_dones for items it got, done here and sent to the host in one `queueBatch` message at the
 * latest when the worker's event loop turns (setImmediate), before any other request it makes, when the
 * batch is QUEUE_BATCH_MAX_AGE_MS old or full, and before it ends (`settle`). Sending a batch gives back
 * what it did not use: credits and a lease last one turn of the loop, so others wait for them no longer.
 */
export class QueueBatcher {
  private credits = 0;
  private lease: Item[] = [];
  private ops: QueueBatchOp[] = [];
  private text = 0;
  private firstAt = 0;
  private scheduled = false;
  /** Items this worker got and has not marked done: a task_done for one of them cannot be too many here. */
  private undone = 0;
  /**
   * A put (or a get) asking the host, for a grant, is on its way: the next puts (gets) wait for its answer,
   * so that two answers never grant one lease twice. A put and a get may be on their way at once.
   */
  private readonly asking: { put: Promise<unknown> | null; get: Promise<unknown> | null } = { put: null, get: null };
  /** After close(): nothing more is batched (the host refuses this worker's puts and gets). */
  private closed = false;

  constructor(
    private readonly requester: Requester,
    private readonly name: string,
    /** How old a batch may grow before its next op sends it (tests give more, so a busy machine does not decide what they see). */
    private readonly maxAgeMs = QUEUE_BATCH_MAX_AGE_MS,
  ) {}

  /** A put: done here on a credit when the item is one a batch carries, else asked of the host (and a grant taken). */
  put(item: Item, block: boolean, timeout: number | null): Promise<void> {
    if (this.asking.put !== null) return this.asking.put.then(() => this.put(item, block, timeout));
    const text = this.credits > 0 ? batchedText(item) : null;
    if (text !== null) {
      this.credits -= 1;
      this.add({ op: 'put', item, at: logTime() }, text);
      return Promise.resolve();
    }
    return this.ask('put', this.requester.reply({ op: 'put', name: this.name, item, block, timeout, batch: true })).then(() => undefined);
  }

  /** A get: the next leased item when there is one, else asked of the host (and a lease taken). */
  get(block: boolean, timeout: number | null): Promise<Item> {
    if (this.asking.get !== null) return this.asking.get.then(() => this.get(block, timeout));
    if (this.lease.length > 0) {
      const item = this.lease.shift() as Item;
      this.undone += 1;
      this.add({ op: 'get', at: logTime() }, 0);
      return Promise.resolve(item);
    }
    return this.ask('get', this.requester.reply({ op: 'get', name: this.name, block, timeout, batch: true })).then((reply) => {
      this.undone += 1;
      return reply.value;
    });
  }

  /** task_done for an item this worker got: batched (it cannot raise); else asked, so that it can. */
  taskDone(): Promise<void> {
    if (this.undone > 0 && !this.closed) {
      this.undone -= 1;
      this.add({ op: 'task_done', at: logTime() }, 0);
      return Promise.resolve();
    }
    return this.requester.call({ op: 'task_done', name: this.name }).then(() => undefined);
  }

  /** close() is on its way: what is batched goes first (the request flushes), nothing after. */
  close(): void {
    this.closed = true;
  }

  /** Sends what is batched, giving back unused credits and the lease; false when there was nothing to send. */
  flush(): boolean {
    if (this.ops.length === 0 && this.credits === 0 && this.lease.length === 0) return false;
    const ops = this.ops;
    this.ops = [];
    this.text = 0;
    this.credits = 0;
    this.lease = [];
    this.requester.tell({ type: 'queueBatch', name: this.name, ops });
    return true;
  }

  private ask(op: 'put' | 'get', reply: Promise<Extract<SyncReply, { ok: true }>>): Promise<Extract<SyncReply, { ok: true }>> {
    const asked = reply.then(
      (answer) => {
        this.asking[op] = null;
        if (answer.grant !== undefined && !this.closed) {
          // A put's answer grants credits only, a get's a lease only (the host's grants are per holder).
          if (op === 'put') this.credits = answer.grant.credits;
          else this.lease = [...answer.grant.lease];
          // Unused, they go back when the loop turns, as a batch's would: held by no worker that is idle.
          this.schedule();
        }
        return answer;
      },
      (error: unknown) => {
        this.asking[op] = null;
        throw error;
      },
    );
    this.asking[op] = asked.catch(() => undefined);
    return asked;
  }

  private add(op: QueueBatchOp, text: number): void {
    if (this.ops.length === 0) this.firstAt = performance.now();
    this.ops.push(op);
    this.text += text;
    if (this.ops.length >= MAX_QUEUE_BATCH_OPS || this.text >= QUEUE_BATCH_MAX_TEXT || performance.now() - this.firstAt >= this.maxAgeMs) {
      this.flush();
      return;
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }
}
