import type { Item, QueueKind } from '../../shared/sync';

/** The storage order of a queue kind: FIFO, LIFO, or lowest priority first. */
export interface ItemStore {
  readonly size: number;
  push(item: Item, priority: number): void;
  /** Only called when size > 0. */
  pop(): Item;
}

/** FIFO with a moving head, so a long queue does not pay Array.shift's copy on every get. */
class FifoStore implements ItemStore {
  private items: Item[] = [];
  private head = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  push(item: Item): void {
    this.items.push(item);
  }

  pop(): Item {
    const item = this.items[this.head] as Item;
    this.head += 1;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
}

class LifoStore implements ItemStore {
  private readonly items: Item[] = [];

  get size(): number {
    return this.items.length;
  }

  push(item: Item): void {
    this.items.push(item);
  }

  pop(): Item {
    return this.items.pop() as Item;
  }
}

interface Entry {
  readonly priority: number;
  /** Arrival number: equal priorities come out in arrival order. */
  readonly seq: number;
  readonly item: Item;
}

const before = (a: Entry, b: Entry): boolean => a.priority < b.priority || (a.priority === b.priority && a.seq < b.seq);

/** A binary min-heap on (priority, arrival), like heapq over (priority, count, item) tuples. */
class PriorityStore implements ItemStore {
  private readonly heap: Entry[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  push(item: Item, priority: number): void {
    const heap = this.heap;
    heap.push({ priority, seq: this.seq++, item });
    let at = heap.length - 1;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!before(heap[at]!, heap[parent]!)) break;
      [heap[at], heap[parent]] = [heap[parent]!, heap[at]!];
      at = parent;
    }
  }

  pop(): Item {
    const heap = this.heap;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let at = 0;
      for (;;) {
        const left = at * 2 + 1;
        const right = left + 1;
        let least = at;
        if (left < heap.length && before(heap[left]!, heap[least]!)) least = left;
        if (right < heap.length && before(heap[right]!, heap[least]!)) least = right;
        if (least === at) break;
        [heap[at], heap[least]] = [heap[least]!, heap[at]!];
        at = least;
      }
    }
    return top.item;
  }
}

export function createItemStore(kind: QueueKind): ItemStore {
  if (kind === 'LifoQueue') return new LifoStore();
  if (kind === 'PriorityQueue') return new PriorityStore();
  return new FifoStore();
}
