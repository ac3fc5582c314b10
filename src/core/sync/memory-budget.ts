import type { Item, SyncReply } from '../../shared/sync';
import { fail } from './primitive';

/**
 * The most the broker holds for workers, in bytes of JSON, for every queue, dict and list together (a
 * Pipe's messages in flight are charged too). JSON is what crossed the wire; V8 spends a few times that
 * on the same values (about 4x for a list of small numbers, up to about 10x for many small dicts), so 64 MiB
 * keeps even the worst case well inside Node's default heap (2 GiB and up on 64-bit) beside the lab itself.
 */
export const MEMORY_BUDGET_BYTES = 64 * 1024 * 1024;

/** Who hit the budget, for the log: the primitive, the worker, how much it tried to add. */
export interface MemoryRefusal {
  readonly primitive: string;
  readonly workerId: string;
  readonly bytes: number;
  /** What that primitive holds, and all of them together, when it was refused. */
  readonly held: number;
  readonly used: number;
  readonly limit: number;
}

/** An item's cost against the budget: the bytes of its JSON, as UTF-8. */
export function sizeOf(item: Item): number {
  return Buffer.byteLength(JSON.stringify(item), 'utf8');
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/**
 * One budget shared by every primitive that stores workers' values. A charge that fits is taken; one that
 * does not is refused whole (nothing stored, nothing charged) with Python's MemoryError and words that say
 * what to do, and `onRefused` tells the log which worker hit it. The host stays up: that is the point.
 */
export class MemoryBudget {
  private total = 0;
  private readonly held = new Map<string, number>();

  constructor(
    readonly limit: number = MEMORY_BUDGET_BYTES,
    private readonly onRefused?: (refusal: MemoryRefusal) => void,
  ) {}

  /** All bytes held now. */
  get used(): number {
    return this.total;
  }

  /** What one primitive holds now. */
  heldBy(owner: string): number {
    return this.held.get(owner) ?? 0;
  }

  /**
   * Charges `bytes` (negative: gives some back, as when a value is replaced by a smaller one) to `owner`
   * for `workerId`'s operation. Null when done; else the MemoryError to answer, and nothing was charged.
   */
  charge(owner: string, workerId: string, bytes: number): SyncReply | null {
    if (bytes > 0 && this.total + bytes > this.limit) {
      const refusal = { primitive: owner, workerId, bytes, held: this.heldBy(owner), used: this.total, limit: this.limit };
      this.onRefused?.(refusal);
      return fail(
        'MemoryError',
        `the lab's memory budget is full: adding ${bytes} bytes to ${owner} would pass ${mib(this.limit)} for all queues, dicts, lists and pipes ` +
          `(${owner} holds ${mib(refusal.held)}, all of them ${mib(this.total)}); get items out, clear or delete some first`,
      );
    }
    this.add(owner, bytes);
    return null;
  }

  /** Gives back bytes charged earlier (an item got, a key deleted). */
  refund(owner: string, bytes: number): void {
    this.add(owner, -bytes);
  }

  /** Everything an owner holds, given back (cleared, or the primitive deleted). */
  releaseAll(owner: string): void {
    this.total -= this.heldBy(owner);
    this.held.delete(owner);
  }

  private add(owner: string, bytes: number): void {
    const next = Math.max(0, this.heldBy(owner) + bytes);
    this.total += next - this.heldBy(owner);
    if (next === 0) this.held.delete(owner);
    else this.held.set(owner, next);
  }
}
