import type { Item, SyncReply } from '../../shared/sync';
import { fail } from './primitive';

/**
 * The most the broker holds for workers, for every queue, dict, list and pipe together, counted by costOf:
 * the JSON that crossed the wire plus a fixed cost per value. JSON alone undercounts V8's heap badly for
 * small values (measured with process.memoryUsage() around JSON.parse of 200,000 items, Node 20: an empty
 * list takes 40 B of heap for 2 B of JSON, 20x; an empty dict 64 B, 32x; [1, 2, 3] 79 B for 7; a dict entry
 * 'key123': 4 takes 65 B for 16 B of JSON), so 64 MiB of cost keeps the heap within a few hundred MiB
 * whatever the shape, well inside Node's default heap (2 GiB and up on 64-bit) beside the lab itself.
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

/** The bytes of an item's JSON, as UTF-8: its size on the wire. */
export function sizeOf(item: Item): number {
  return Buffer.byteLength(JSON.stringify(item), 'utf8');
}

/**
 * What the heap spends on a value beyond its JSON, charged once per stored value and once more per list or
 * dict inside it (measured above: 38-72 B over the JSON for an empty list, an empty dict, [1, 2, 3] or a
 * dict entry; a small number 6 B, so it is charged more than it costs, on the safe side).
 */
export const VALUE_OVERHEAD_BYTES = 48;

/** An item's cost against the budget: its JSON bytes, plus VALUE_OVERHEAD_BYTES per value that is a list or dict (at least one). */
export function costOf(item: Item): number {
  return sizeOf(item) + VALUE_OVERHEAD_BYTES * Math.max(1, containersIn(item));
}

/** Lists and dicts in a value, itself included; iterative (a stored value is bounded by the message limits). */
function containersIn(item: Item): number {
  const pending: Item[] = [item];
  let count = 0;
  while (pending.length > 0) {
    const value = pending.pop()!;
    if (value === null || typeof value !== 'object') continue;
    count += 1;
    for (const inner of Array.isArray(value) ? value : Object.values(value)) if (inner !== null && typeof inner === 'object') pending.push(inner);
  }
  return count;
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
  /** Owners whose share changed since the last takeChanges(): a `sync.held` fact states them. */
  private changed = new Set<string>();

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
    if (this.held.has(owner)) this.changed.add(owner);
    this.total -= this.heldBy(owner);
    this.held.delete(owner);
  }

  /** Each owner whose share changed since the last call, with what it holds now (0: nothing). */
  takeChanges(): Array<{ primitive: string; bytes: number }> {
    if (this.changed.size === 0) return [];
    const changes = [...this.changed].map((primitive) => ({ primitive, bytes: this.heldBy(primitive) }));
    this.changed = new Set();
    return changes;
  }

  private add(owner: string, bytes: number): void {
    const next = Math.max(0, this.heldBy(owner) + bytes);
    if (next !== this.heldBy(owner)) this.changed.add(owner);
    this.total += next - this.heldBy(owner);
    if (next === 0) this.held.delete(owner);
    else this.held.set(owner, next);
  }
}
