import { SYNC_FACTS_PER_EVENT } from '../shared/fact-schema';
import type { SyncFact } from '../shared/facts';
import { INITIAL_STATE, type LabState } from '../shared/lab-state';
import { OUTPUT_TAIL_CHARS, OUTPUT_TOTAL_CHARS } from '../shared/output';
import type { LabEvent, LabEventBody } from '../shared/protocol';
import { reduce } from '../shared/reducer';
import type { Clock } from './clock';

type Listener = (events: readonly LabEvent[]) => void;
type OutputEvent = Extract<LabEvent, { type: 'worker.output' }>;

/** A new page's history holds the same output as the lab's state does. */
export const HISTORY_OUTPUT_CHARS = OUTPUT_TOTAL_CHARS;

/**
 * Stamps events, folds them into the core's own state, keeps what a new renderer needs to rebuild the
 * same state, and hands them to listeners in batches (one batch per turn of the event loop).
 */
export class EventStore {
  private current: LabState = INITIAL_STATE;
  private seq = 0;
  private readonly lifecycle: LabEvent[] = [];
  private readonly latestStdio = new Map<string, LabEvent>();
  private cpu: LabEvent[] = [];
  private latestProcesses: LabEvent | null = null;
  private latestCost: LabEvent | null = null;
  /** Per worker and stream, the output facts that make its tail (OUTPUT_TAIL_CHARS); the most recent last. */
  private readonly output = new Map<string, { events: OutputEvent[]; chars: number }>();
  private outputChars = 0;
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
    this.current = reduce(this.current, event);
    this.retain(event);
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
    return this.current;
  }

  /**
   * The state with every sync fact received so far folded in: the facts of this turn are sent (as a
   * `sync.facts` event) first. What a keyframe holds: the recorder has each fact already when it asks.
   */
  stateWithFacts(): LabState {
    this.emitFacts();
    return this.current;
  }

  /**
   * Lifecycle events, the newest stdio counts, each worker's output tail, recent CPU and lock-table samples
   * and the newest process sample, in order.
   */
  history(): LabEvent[] {
    const events = [...this.lifecycle, ...this.latestStdio.values(), ...this.cpu];
    for (const tail of this.output.values()) events.push(...tail.events);
    if (this.latestProcesses !== null) events.push(this.latestProcesses);
    if (this.latestCost !== null) events.push(this.latestCost);
    events.sort((a, b) => a.seq - b.seq);
    // Last: the primitives as the folded facts have them now (a new page has none of the facts before it).
    const primitives = Object.values(this.current.sync.states);
    events.push({ type: 'sync.keyframe', seq: this.seq, t: this.clock.now(), primitives });
    return events;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private retain(event: LabEvent): void {
    switch (event.type) {
      case 'metrics.cpu':
        this.cpu = this.keepWindow(this.cpu, event);
        return;
      case 'metrics.processes':
        this.latestProcesses = event;
        return;
      case 'metrics.cost':
        this.latestCost = event;
        return;
      case 'worker.stdio':
        this.latestStdio.set(event.workerId, event);
        return;
      case 'worker.output':
        this.keepOutput(event);
        return;
      case 'sync.facts':
      case 'sync.write':
      case 'sync.held':
        // A new page gets the primitives' states as a keyframe (history), not every fact since the start.
        return;
      default:
        this.lifecycle.push(event);
    }
  }

  /** Keeps the facts whose text fills the stream's tail, and the whole within HISTORY_OUTPUT_CHARS. */
  private keepOutput(event: OutputEvent): void {
    const key = `${event.workerId}\u0000${event.stream}`;
    const tail = this.output.get(key) ?? { events: [], chars: 0 };
    // Re-inserted, so the map's order is "printed least recently" first.
    this.output.delete(key);
    this.output.set(key, tail);
    tail.events.push(event);
    tail.chars += event.text.length;
    this.outputChars += event.text.length;
    while (tail.events.length > 1 && tail.chars - tail.events[0]!.text.length >= OUTPUT_TAIL_CHARS) {
      const dropped = tail.events.shift()!;
      tail.chars -= dropped.text.length;
      this.outputChars -= dropped.text.length;
    }
    for (const [oldestKey, oldest] of this.output) {
      if (this.outputChars <= HISTORY_OUTPUT_CHARS || oldestKey === key) break;
      this.output.delete(oldestKey);
      this.outputChars -= oldest.chars;
    }
  }

  /** Appends a sample and drops those older than the history window. */
  private keepWindow(samples: LabEvent[], event: LabEvent): LabEvent[] {
    samples.push(event);
    const oldest = event.t - this.current.config.historySeconds * 1000;
    return samples[0]!.t < oldest ? samples.filter((each) => each.t >= oldest) : samples;
  }

  /** Delivers pending events now (the last ones before the lab stops must not be lost). */
  flush(): void {
    this.emitFacts();
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
