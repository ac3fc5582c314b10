import { INDEX_MASK } from '../../shared/lock-cell';

/**
 * Small integer names for workers (and the lab), as lock cells store them. Indexes start at 1 (0 is "free")
 * and are never reused, so a stale index in a cell can never name a newer worker.
 */
export class WorkerIndex {
  private readonly byId = new Map<string, number>();
  private readonly byIndex: string[] = [''];

  indexOf(workerId: string): number {
    let index = this.byId.get(workerId);
    if (index === undefined) {
      index = this.byIndex.length;
      if (index > INDEX_MASK) throw new Error('too many workers for the lock cells');
      this.byId.set(workerId, index);
      this.byIndex.push(workerId);
    }
    return index;
  }

  /** The worker an index names; null for 0 or an index never given. */
  idOf(index: number): string | null {
    return index > 0 ? (this.byIndex[index] ?? null) : null;
  }
}
