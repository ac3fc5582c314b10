import type { Clock } from '../clock';
import type { LostTask, Settled } from './async-result';
import { chunkValues } from './map-result';
import { TimeoutError, type PythonError } from './python-errors';

type Item = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: PythonError } | { readonly ok: 'end' };

interface Waiter {
  readonly resolve: (result: IteratorResult<unknown>) => void;
  readonly reject: (error: PythonError) => void;
  cancelTimer: () => void;
}

const DONE: IteratorResult<unknown> = { done: true, value: undefined };

/**
 * Python's IMapIterator (ordered) and IMapUnorderedIterator: the values of imap as they are delivered by
 * the result handler, in item order or in the order their tasks ended. With chunksize 1 each item is a task
 * and an item's exception is raised by its next() while later items still come, as Python's iterator does.
 * With bigger chunks Python hands out a generator over the chunks' lists, which ends at the first
 * exception it raises: so does this one.
 */
export class IMapIterator implements AsyncIterableIterator<unknown> {
  /** Delivered slots are emptied, so values handed out are not kept. */
  private readonly items: (Item | undefined)[] = [];
  private head = 0;
  private readonly unsorted = new Map<number, { readonly end: Settled<unknown>; readonly calls: number }>();
  /** Tasks taken in so far (ordered: the next task index due). */
  private taken = 0;
  private ended = false;
  private readonly waiters: Waiter[] = [];
  private readonly lostTasks: LostTask[] = [];
  private readonly tasks: number[] = [];

  constructor(
    private readonly clock: Clock,
    /** Per pool from 1, shared with map's ids. */
    readonly mapId: number,
    private readonly ordered: boolean,
    private readonly taskCount: number,
    private readonly chunked: boolean,
  ) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** Tasks that will never end: an ordered iterator waits at the first of them for ever, as Python's. */
  get lost(): readonly LostTask[] {
    return this.lostTasks;
  }

  /** Python's next(timeout): the next value, or TimeoutError when none came within `timeoutMs`. */
  next(timeoutMs?: number): Promise<IteratorResult<unknown>> {
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, cancelTimer: () => undefined };
      this.waiters.push(waiter);
      this.pump();
      if (!this.waiters.includes(waiter) || timeoutMs === undefined) return;
      const expire = (): void => {
        const at = this.waiters.indexOf(waiter);
        if (at === -1) return;
        this.waiters.splice(at, 1);
        reject(new TimeoutError());
      };
      if (timeoutMs <= 0) expire();
      else waiter.cancelTimer = this.clock.setTimeout(expire, timeoutMs);
    });
  }

  /** Leaving a for-await loop: the tasks run on (Python's iterator does not cancel them either). */
  return(): Promise<IteratorResult<unknown>> {
    this.ended = true;
    this.pump();
    return Promise.resolve(DONE);
  }

  /** The runner's ids of its tasks, in item order. */
  get taskIds(): readonly number[] {
    return this.tasks;
  }

  /** @internal The pool submitted one of its tasks. */
  addTask(taskId: number): void {
    this.tasks.push(taskId);
  }

  /** @internal A task was lost: its values never come. */
  markLost(task: LostTask): void {
    this.lostTasks.push(task);
  }

  /** @internal Task `task` (of `calls` items) ended; called in the result handler, as IMapIterator._set. */
  set(task: number, end: Settled<unknown>, calls: number): void {
    if (!this.ordered) {
      this.take(end, calls, task);
    } else if (task !== this.taken) {
      this.unsorted.set(task, { end, calls });
    } else {
      this.take(end, calls, task);
      for (let next = this.unsorted.get(this.taken); next !== undefined; next = this.unsorted.get(this.taken)) {
        this.unsorted.delete(this.taken);
        this.take(next.end, next.calls, this.taken);
      }
    }
    this.pump();
  }

  private take(end: Settled<unknown>, calls: number, task: number): void {
    this.taken += 1;
    if (!this.chunked) {
      this.items.push(end.success ? { ok: true, value: end.value } : { ok: false, error: end.error });
      return;
    }
    const values = end.success ? chunkValues(end.value, calls, task) : end;
    if (values.success) for (const value of values.value) this.items.push({ ok: true, value });
    else this.items.push({ ok: false, error: values.error }, { ok: 'end' });
  }

  private pump(): void {
    while (this.waiters.length > 0) {
      const item = this.ended ? undefined : this.items[this.head];
      const finished = this.ended || (item === undefined && this.taken === this.taskCount);
      if (item === undefined && !finished) return;
      const waiter = this.waiters.shift()!;
      waiter.cancelTimer();
      if (item === undefined || item.ok === 'end') {
        this.ended = true;
        waiter.resolve(DONE);
        continue;
      }
      this.items[this.head] = undefined;
      this.head += 1;
      if (item.ok) waiter.resolve({ done: false, value: item.value });
      else waiter.reject(item.error);
    }
  }
}
