import { LAB_ACTOR, type SyncFact } from '../facts';
import { completeSlice, instant, type Micros, type QuotedNames } from './trace-json';
import type { TraceIdentities } from './trace-identities';
import { threadTrack, type TrackClock } from './track-clock';

/** The state a thread is in while it waits, by the op that parked it. */
const WAIT_STATES: Partial<Record<SyncFact['op'], (primitive: string) => string>> = {
  'lock.waiting': (name) => `blocked on ${name}`,
  'semaphore.waiting': (name) => `blocked on ${name}`,
  'event.wait': (name) => `waiting for event ${name}`,
  'condition.wait': (name) => `waiting on condition ${name}`,
  'barrier.arrive': (name) => `waiting at barrier ${name}`,
  'queue.fullWait': (name) => `waiting to put into ${name} (full)`,
  'queue.emptyWait': (name) => `waiting to get from ${name} (empty)`,
  'queue.join': (name) => `waiting in ${name}.join()`,
};

interface OpenState {
  readonly name: string;
  readonly since: Micros;
  /** The primitive it waits on, if it waits. */
  readonly on: string | null;
}

/**
 * Each worker's thread as a run of complete slices, one state after another (starting, running, blocked on
 * lockA, running, ...), derived from its lifecycle events and its own sync facts. A state is written when
 * it ends, so the writer holds one open state per live worker and nothing else; the slices of a thread
 * never overlap (each begins where the one before ended) and are never empty, which is correct nesting at
 * one level as Perfetto sorts them.
 */
export class ThreadStates {
  private readonly open = new Map<string, OpenState>();
  /** Who waits at each barrier: a trip or a break releases them without a fact of their own. */
  private readonly atBarrier = new Map<string, Set<string>>();
  /** Workers that ended: a fact about them afterwards (the broker cleaning up their wait) opens nothing. */
  private readonly gone = new Set<string>();

  constructor(
    private readonly identities: TraceIdentities,
    private readonly quoted: QuotedNames,
    private readonly clock: TrackClock,
    private readonly write: (line: string) => void,
  ) {}

  starting(workerId: string, ts: Micros): void {
    this.enter(workerId, 'starting', ts, null);
  }

  running(workerId: string, ts: Micros): void {
    this.enter(workerId, 'running', ts, null);
  }

  /** It ended (exited, or never started): its last state closes, and an instant says how. */
  ended(workerId: string, ts: Micros, how: string, args?: string): void {
    const at = this.close(workerId, ts);
    this.write(instant(this.identities.threadOf(workerId), at, 't', 'lifecycle', this.quoted.of(how), args));
    for (const waiting of this.atBarrier.values()) waiting.delete(workerId);
    this.gone.add(workerId);
  }

  /** A fact of the actor's own: a wait begins, or its wait (if any) is over. */
  fact(fact: SyncFact, ts: Micros): void {
    const { actor, primitive, op } = fact;
    if (op === 'barrier.trip' || op === 'barrier.broken') this.releaseBarrier(primitive, ts);
    const wait = WAIT_STATES[op];
    // An actor not seen starting (the lab itself; a worker whose start retention dropped) has a state only while it waits.
    if (!this.open.has(actor) && (wait === undefined || actor === LAB_ACTOR || this.gone.has(actor))) return;
    if (wait !== undefined) {
      this.enter(actor, wait(primitive), ts, primitive);
      if (op === 'barrier.arrive') this.waitingAt(primitive).add(actor);
      return;
    }
    const state = this.open.get(actor)!;
    if (state.on !== null) this.enter(actor, 'running', ts, null);
  }

  /** The end of the trace: every state still open closes there. */
  end(ts: Micros): void {
    for (const actor of [...this.open.keys()]) this.close(actor, ts);
  }

  private releaseBarrier(barrier: string, ts: Micros): void {
    const waiting = this.atBarrier.get(barrier);
    if (waiting === undefined) return;
    for (const actor of waiting) if (this.open.get(actor)?.on === barrier) this.enter(actor, 'running', ts, null);
    waiting.clear();
  }

  private waitingAt(barrier: string): Set<string> {
    let waiting = this.atBarrier.get(barrier);
    if (waiting === undefined) this.atBarrier.set(barrier, (waiting = new Set()));
    return waiting;
  }

  private enter(actor: string, name: string, ts: Micros, on: string | null): void {
    const at = this.close(actor, ts);
    this.open.set(actor, { name, since: at, on });
  }

  /** Writes the actor's open state, if any, as a slice ending at `ts`; returns `ts` as its track has it. */
  private close(actor: string, ts: Micros): Micros {
    const at = this.clock.at(threadTrack(actor), ts);
    const state = this.open.get(actor);
    if (state === undefined) return at;
    this.open.delete(actor);
    // A state of no length (it ended at the µs it began, as its track's clock has it) is not drawn: Perfetto sorts a zero-length slice after the next
    // state that starts at the same µs and nests it under that state. Its wait, if any, is on the lock's track.
    if (at === state.since) return at;
    const cat = state.on === null ? 'state' : 'wait';
    const args = state.on === null ? undefined : `"primitive":${this.quoted.of(state.on)}`;
    this.write(completeSlice(this.identities.threadOf(actor), state.since, at - state.since, cat, this.quoted.of(state.name), args));
    return at;
  }
}
