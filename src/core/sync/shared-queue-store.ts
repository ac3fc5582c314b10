import { FLAG_OVERFLOW, MAX_RING_RECORD, QueueRing } from '../../shared/queue-ring';
import type { Item, SyncReply } from '../../shared/sync';

/**
 * A FIFO queue's items once a thread has attached it (the fast path, docs/sync.md): first those in the shared
 * ring (src/shared/queue-ring.ts), which threads put into and take from themselves, then those the ring could
 * not take (too big, or no room), kept here in order. While any are kept here the ring's FLAG_OVERFLOW is
 * set, so every put comes here (behind them) and FIFO holds; gets take the ring's first, which are older.
 * Only the broker calls these, inside the ring's section.
 */
export class SharedQueueStore {
  private overflow: Item[] = [];
  private overflowHead = 0;
  /** Puts the broker made into the ring (the rest of the ring's PUTS are threads' fast puts). */
  private brokerRingPuts = 0;
  private brokerRingGets = 0;

  constructor(
    readonly ring: QueueRing,
    /** What the queue held before it was shared: kept here, in order, before anything put later. */
    earlier: readonly Item[],
  ) {
    this.overflow = [...earlier];
    this.syncFlag();
  }

  get size(): number {
    return this.ring.count + this.overflowSize;
  }

  /** Items put and taken by threads on the ring, without the broker. */
  get fastPuts(): number {
    return this.ring.puts - this.brokerRingPuts;
  }

  get fastGets(): number {
    return this.ring.gets - this.brokerRingGets;
  }

  private get overflowSize(): number {
    return this.overflow.length - this.overflowHead;
  }

  /**
   * Stores the item, one more unfinished task: in the ring (paid for whole when it was made), or else here,
   * once `charge` (the memory budget) allows it. Null when stored, or the refusal (nothing stored).
   */
  push(item: Item, charge: () => SyncReply | null): SyncReply | null {
    if (this.overflowSize === 0 && this.ring.put(item, true, MAX_RING_RECORD)) {
      this.brokerRingPuts += 1;
      return null;
    }
    const refused = charge();
    if (refused !== null) return refused;
    this.overflow.push(item);
    this.ring.setUnfinished(this.ring.unfinished + 1);
    this.syncFlag();
    return null;
  }

  /** Only when size > 0: the first item, and whether it came from the ring (nothing to refund) or from here. */
  pop(): { item: Item; fromRing: boolean } {
    if (this.ring.count > 0) {
      this.brokerRingGets += 1;
      return { item: this.ring.take(), fromRing: true };
    }
    const item = this.overflow[this.overflowHead] as Item;
    this.overflowHead += 1;
    if (this.overflowHead > 1024 && this.overflowHead * 2 > this.overflow.length) {
      this.overflow = this.overflow.slice(this.overflowHead);
      this.overflowHead = 0;
    }
    this.syncFlag();
    return { item, fromRing: false };
  }

  private syncFlag(): void {
    this.ring.setFlag(FLAG_OVERFLOW, this.overflowSize > 0);
  }
}
