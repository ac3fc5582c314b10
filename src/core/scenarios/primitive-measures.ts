import type { PrimitiveFold } from '../../shared/primitive-fold';
import type { PrimitiveState } from '../../shared/primitive-state';
import type { LabEvent } from '../../shared/protocol';
import type { PrimitiveMeasure } from '../../shared/scenario';

/**
 * One primitive of a run, folded from its recorded facts as the Locks and Queues views fold them (its
 * creation, each fact, each write), with what a `primitive` or `value` check measures over its whole life:
 * the most holders and waiters it had at once, its deepest depth, its acquisitions.
 */
export class PrimitiveMeasures {
  private seen = false;
  private mostHolders = 0;
  private mostWaiters = 0;
  private mostDepth = 0;
  private acquisitions = 0;

  constructor(
    readonly name: string,
    private readonly fold: PrimitiveFold,
  ) {}

  observe(event: LabEvent): void {
    switch (event.type) {
      case 'sync.created':
        if (event.primitive.name !== this.name) return;
        this.fold.created(event.primitive, event.origin ?? 'lab');
        this.seen = true;
        this.reset();
        this.measured();
        return;
      case 'sync.deleted':
        if (event.removed.includes(this.name)) this.fold.deleted([this.name]);
        return;
      case 'sync.write':
        if (event.primitive === this.name) this.fold.written(this.name, event.contents);
        return;
      case 'sync.facts':
        for (const fact of event.facts) {
          if (fact.primitive !== this.name || !this.fold.states.has(this.name)) continue;
          this.fold.apply(fact);
          if (fact.op === 'lock.acquired' || fact.op === 'semaphore.acquired') this.acquisitions++;
          else if (fact.op === 'lock.fastPath') this.acquisitions += fact.acquisitions;
          this.measured();
        }
        return;
      default:
        return;
    }
  }

  /** The measure now, or null before the primitive was created. */
  measure(measure: PrimitiveMeasure): number | null {
    const state = this.state();
    if (!this.seen || state === undefined) return null;
    switch (measure) {
      case 'most-holders':
        return this.mostHolders;
      case 'most-waiters':
        return this.mostWaiters;
      case 'most-depth':
        return this.mostDepth;
      case 'depth':
        return 'depth' in state ? state.depth : null;
      case 'puts':
        return 'puts' in state ? state.puts : null;
      case 'gets':
        return 'gets' in state ? state.gets : null;
      case 'acquisitions':
        return this.acquisitions;
    }
  }

  /**
   * A Value's number, or a dict's entry `key`, read from its contents (Python's repr, as recorded): the first
   * number in it, or the number after `'key': `. Null when there is none.
   */
  number(key: string | undefined): number | null {
    const state = this.state();
    if (state === undefined || !('contents' in state)) return null;
    const found = key === undefined ? /-?\d+(?:\.\d+)?/.exec(state.contents) : new RegExp(`['"]${escape(key)}['"]:\\s*(-?\\d+(?:\\.\\d+)?)`).exec(state.contents);
    return found === null ? null : Number(found[1] ?? found[0]);
  }

  /** Waiters of it now whose actor `ours` accepts. */
  waitersAmong(ours: (actor: string) => boolean): number {
    const state = this.state();
    return state === undefined || !('waiters' in state) ? 0 : state.waiters.filter((waiter) => ours(waiter.actor)).length;
  }

  /** What its contents are, for a verdict that found no number in them: null before it was created. */
  contents(): string | null {
    const state = this.state();
    return state === undefined ? null : 'contents' in state ? state.contents : `a ${state.kind}`;
  }

  private state(): PrimitiveState | undefined {
    return this.fold.states.get(this.name);
  }

  private reset(): void {
    this.mostHolders = 0;
    this.mostWaiters = 0;
    this.mostDepth = 0;
    this.acquisitions = 0;
  }

  private measured(): void {
    const state = this.state();
    if (state === undefined) return;
    const holders = 'holder' in state ? (state.holder === null ? 0 : 1) : 'holders' in state ? state.holders.reduce((sum, holder) => sum + holder.count, 0) : 0;
    this.mostHolders = Math.max(this.mostHolders, holders);
    if ('waiters' in state) this.mostWaiters = Math.max(this.mostWaiters, state.waiters.length);
    if ('depth' in state) this.mostDepth = Math.max(this.mostDepth, state.depth);
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
