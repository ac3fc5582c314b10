import { SYNC_FACTS_PER_EVENT } from '../shared/fact-schema';
import type { SyncFact } from '../shared/facts';
import { INITIAL_STATE, type LabState } from '../shared/lab-state';
import type { LabEvent, LabEventBody } from '../shared/protocol';
import { reduceBatch } from '../shared/reducer';
import type { Clock } from './clock';

type Listener = (events: readonly LabEvent[]) => void;

/**
 * Stamps events, folds them into the core's own state and hands them to listeners in batches (one batch per
 * turn of the event loop). It keeps no history: a new page starts from the recorder's latest keyframe and
 * the facts after it (recorder/page-history.ts), so what the store holds is its state and this turn's
 * events, however long the lab runs.
 */
export class EventStore {
  private current: LabState = INITIAL_STATE;
  /**
   * Events stamped and not yet folded into `current`: folded together when the state is next read, or at the
   * turn's flush (reduceBatch: the same state as one at a time, at O(batch) rather than O(state) per event;
   * a Python program's 8,000 primitives made in one turn copy the states once, not 8,000 times).
   */
  private unfolded: LabEvent[] = [];
  private seq = 0;
  private readonly listeners = new Set<Listener>();
  private pending: LabEvent[] = [];
  /** Sync facts not yet in a `sync.facts` event: batched, and sent before any later event so the order holds. */
  private pendingFacts: SyncFact[] = [];
  private flushScheduled = false;
  /** Sees each event as it is stamped, before any listener (the recorder keeps facts in their true order). */
  private tap: ((event: LabEvent) => void) | null = null;

  constructor(private readonly clock: Clock) {}

  /** The one synchronous observer of every event (the lab's recording). */
  tapEvents(tap: (event: LabEvent) => void): void {
    this.tap = tap;
  }

  /** A sync fact for the pages: sent in a `sync.facts` event with the others of this turn, in order. */
  fact(fact: SyncFact): void {
    this.pendingFacts.push(fact);
    if (this.pendingFacts.length >= SYNC_FACTS_PER_EVENT) this.emitFacts();
    else this.scheduleFlush();
  }

  emit(body: LabEventBody): LabEvent {
    if (body.type !== 'sync.facts') this.emitFacts();
    const event = { ...body, seq: ++this.seq, t: this.clock.now() } as LabEvent;
    // Before the fold: a keyframe the tap takes now is the state just before this event.
    this.tap?.(event);
    this.unfolded.push(event);
    this.pending.push(event);
    this.scheduleFlush();
    return event;
  }

  private emitFacts(): void {
    if (this.pendingFacts.length === 0) return;
    const facts = this.pendingFacts;
    this.pendingFacts = [];
    this.emit({ type: 'sync.facts', facts });
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  state(): LabState {
    if (this.unfolded.length > 0) {
      this.current = reduceBatch(this.current, this.unfolded);
      this.unfolded = [];
    }
    return this.current;
  }

  /**
   * The state with every sync fact received so far folded in: the facts of this turn are sent (as a
   * `sync.facts` event) first. What a keyframe holds: the recorder has each fact already when it asks.
   */
  stateWithFacts(): LabState {
    this.emitFacts();
    return this.state();
  }

  /** The seq of the newest event (0 before any). */
  get lastSeq(): number {
    return this.seq;
  }

  /** Events stamped and not yet handed to the listeners: all the store holds besides its state. */
  get keptEvents(): number {
    return this.pending.length + this.pendingFacts.length;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Delivers pending events now (the last ones before the lab stops must not be lost). */
  flush(): void {
    this.emitFacts();
    this.state();
    this.flushScheduled = false;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    for (const listener of this.listeners) {
      try {
        listener(batch);
      } catch (error) {
        // One broken connection must not stop the others from hearing the lab.
        console.error('lab: an event listener failed:', error);
      }
    }
  }
}
