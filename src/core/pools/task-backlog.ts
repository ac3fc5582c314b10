/**
 * A pool's tasks in the host not sent to a worker yet: first in, first out; one can be taken out by id
 * (cancel), and tasks a dead worker never started go back in front, in their order (Python's Pool puts them
 * back on its task queue). Taking from the front is O(1): the consumed prefix is dropped in blocks.
 */
export class TaskBacklog<T extends { readonly id: number }> {
  private items: (T | null)[] = [];
  private head = 0;
  private count = 0;
  /** Where each waiting task is in `items`, so cancel is O(1) and a cancelled one leaves a hole. */
  private readonly index = new Map<number, number>();

  get size(): number {
    return this.count;
  }

  has(id: number): boolean {
    return this.index.has(id);
  }

  push(task: T): void {
    this.index.set(task.id, this.items.length);
    this.items.push(task);
    this.count += 1;
  }

  /** The oldest waiting task, taken out; undefined when none waits. */
  shift(): T | undefined {
    while (this.head < this.items.length) {
      const task = this.items[this.head];
      this.head += 1;
      if (task === null || task === undefined) continue;
      this.index.delete(task.id);
      this.count -= 1;
      this.compact();
      return task;
    }
    this.compact();
    return undefined;
  }

  /** Takes a waiting task out (cancel): false when it is not waiting here. */
  remove(id: number): T | undefined {
    const at = this.index.get(id);
    if (at === undefined) return undefined;
    const task = this.items[at] ?? undefined;
    this.items[at] = null;
    this.index.delete(id);
    this.count -= 1;
    return task ?? undefined;
  }

  /** Puts tasks back in front of every waiting one, `tasks[0]` first. */
  unshiftAll(tasks: readonly T[]): void {
    if (tasks.length === 0) return;
    const rest = this.items.slice(this.head);
    this.items = [...tasks, ...rest];
    this.head = 0;
    this.index.clear();
    this.items.forEach((task, at) => {
      if (task !== null) this.index.set(task.id, at);
    });
    this.count += tasks.length;
  }

  /** Every waiting task, oldest first, taken out (the pool ends, or breaks). */
  drain(): T[] {
    const tasks = this.items.slice(this.head).filter((task): task is T => task !== null);
    this.items = [];
    this.head = 0;
    this.count = 0;
    this.index.clear();
    return tasks;
  }

  private compact(): void {
    if (this.head < 1024 || this.head * 2 < this.items.length) return;
    this.items = this.items.slice(this.head);
    this.head = 0;
    this.index.clear();
    this.items.forEach((task, at) => {
      if (task !== null) this.index.set(task.id, at);
    });
  }
}
