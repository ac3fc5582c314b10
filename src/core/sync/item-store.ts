import type { Item, QueueKind } from '../../shared/sync';

/** A PriorityQueue's sort key: numbers compare as numbers, text as text; Python refuses to mix them. */
export type PriorityKey = number | string | null | { readonly unorderable: 'list' | 'dict' };

/** The storage order of a queue kind: FIFO, LIFO, or lowest priority first. */
export interface ItemStore {
  readonly size: number;
  push(item: Item, priority: PriorityKey): void;
  /** Why this key cannot be ordered among the stored ones (Python's TypeError), or null. */
  refuses(key: PriorityKey): string | null;
  /** Only called when size > 0. */
  pop(): Item;
  /**
   * FIFO only: the first `count` items (count <= size), left in place: what a lease sends ahead
   * (queue-grants.ts). A LIFO or priority order depends on puts still to come, so those kinds have none.
   */
  readonly front?: (count: number) => Item[];
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

  refuses(): null {
    return null;
  }

  front(count: number): Item[] {
    return this.items.slice(this.head, this.head + count);
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

  refuses(): null {
    return null;
  }

  pop(): Item {
    return this.items.pop() as Item;
  }
}

interface Entry {
  readonly priority: PriorityKey;
  /** Arrival number: equal priorities come out in arrival order. */
  readonly seq: number;
  readonly item: Item;
}

/** Keys of one type only (see `refuses`), so `<` is numeric or lexicographic as in Python. */
const before = (a: Entry, b: Entry): boolean => (a.priority as number) < (b.priority as number) || (a.priority === b.priority && a.seq < b.seq);

const typeName = (key: PriorityKey): string => (key === null ? 'NoneType' : typeof key === 'number' ? 'int' : typeof key === 'string' ? 'str' : key.unorderable);

/** A binary min-heap on (priority, arrival), like heapq over (priority, count, item) tuples. */
class PriorityStore implements ItemStore {
  private readonly heap: Entry[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  refuses(key: PriorityKey): string | null {
    // Like heapq: the first item is never compared, every later one is.
    const other = this.heap[0]?.priority;
    if (other === undefined) return null;
    if (key === null || other === null || typeof key === 'object' || typeof other === 'object' || typeof key !== typeof other) {
      return `'<' not supported between instances of '${typeName(key)}' and '${typeName(other)}'`;
    }
    return null;
  }

  push(item: Item, priority: PriorityKey): void {
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
