import type { SyncFact } from '../facts';
import { asyncEvent, handOffMarker, type Micros, type QuotedNames, type TraceThread } from './trace-json';
import type { TraceIdentities } from './trace-identities';
import { threadTrack, type TrackClock } from './track-clock';

interface LockTrack {
  /** The quoted id of its holds' track, and the holder now (null: free). */
  readonly id: string;
  holder: string | null;
  /** Waiting actors, each with its own wait track (waits overlap one another, so one track each). */
  readonly waiting: Set<string>;
  /** A release while someone waited, until the acquire it unblocked. */
  handingOff: Release | null;
}

/** Where and when a lock was let go: the releaser's thread and its time there, and how it let go. */
interface Release {
  readonly thread: TraceThread;
  readonly ts: Micros;
  /** Let go by its holder, or freed because its holder ended holding it. */
  readonly how: 'released' | 'ownerDied';
}

/**
 * Every Lock and RLock (a Condition's own lock too) as async tracks in the host's process, where the broker
 * keeps them: one track of holds ("lockA: worker-1", from its first acquire to its last release) and, per
 * waiter, one of waits ("worker-2 waits for lockA"). A release that hands the lock to a waiter is a flow
 * arrow from a marker on the releaser's thread at the release ("hands over lockA") to one on the acquirer's
 * at the acquire ("takes lockA"). Holds one entry per lock and per waiting actor.
 */
export class LockTracks {
  private readonly locks = new Map<string, LockTrack>();
  private flows = 0;

  constructor(
    private readonly identities: TraceIdentities,
    private readonly quoted: QuotedNames,
    private readonly clock: TrackClock,
    private readonly write: (line: string) => void,
  ) {}

  /** A lock was created: its hold track is named after it (Perfetto names a track after its first event). */
  created(name: string, kind: string, ts: Micros): void {
    const lock = this.lock(name);
    this.write(asyncEvent('n', this.identities.hostProcess().pid, this.clock.at(`hold:${name}`, ts), 'lock', lock.id, this.quoted.of(`${kind} ${name}`)));
  }

  fact(fact: SyncFact, ts: Micros): void {
    switch (fact.op) {
      case 'lock.waiting': {
        const lock = this.lock(fact.primitive);
        if (lock.waiting.has(fact.actor)) return;
        lock.waiting.add(fact.actor);
        this.writeWait('b', fact.primitive, fact.actor, ts);
        return;
      }
      case 'lock.acquired': {
        const lock = this.lock(fact.primitive);
        const waited = this.endWait(lock, fact.primitive, fact.actor, ts);
        if (fact.count !== 1 || lock.holder !== null) return;
        lock.holder = fact.actor;
        const at = this.clock.at(`hold:${fact.primitive}`, ts);
        this.write(asyncEvent('b', this.identities.hostProcess().pid, at, 'lock', lock.id, this.quoted.of(`${fact.primitive}: ${this.identities.nameOf(fact.actor)}`)));
        if (waited && lock.handingOff !== null) this.handOff(lock.handingOff, fact.actor, fact.primitive, ts);
        lock.handingOff = null;
        return;
      }
      case 'lock.released':
        if (fact.count === 0) this.freed(fact, ts, 'released');
        return;
      case 'lock.ownerDied':
        this.freed(fact, ts, 'ownerDied');
        return;
      case 'lock.restated': {
        // The host restating a lock after a thread dropped ops: the hold slice follows, with no flow.
        const lock = this.lock(fact.primitive);
        if (lock.holder === (fact.count === 0 ? null : fact.actor)) return;
        this.freed(fact, ts, 'released');
        if (fact.count === 0) return;
        lock.holder = fact.actor;
        lock.handingOff = null;
        const at = this.clock.at(`hold:${fact.primitive}`, ts);
        this.write(asyncEvent('b', this.identities.hostProcess().pid, at, 'lock', lock.id, this.quoted.of(`${fact.primitive}: ${this.identities.nameOf(fact.actor)}`)));
        return;
      }
      case 'lock.timedOut':
      case 'wait.ended': {
        const lock = this.locks.get(fact.primitive);
        if (lock !== undefined) this.endWait(lock, fact.primitive, fact.actor, ts);
        return;
      }
      default:
        return;
    }
  }

  /** The end of the trace: holds and waits still open end there, so every acquire has its whole slice. */
  end(ts: Micros): void {
    for (const [name, lock] of this.locks) {
      for (const actor of lock.waiting) this.writeWait('e', name, actor, ts);
      lock.waiting.clear();
      if (lock.holder !== null) this.write(asyncEvent('e', this.identities.hostProcess().pid, this.clock.at(`hold:${name}`, ts), 'lock', lock.id, this.quoted.of(`${name}: ${this.identities.nameOf(lock.holder)}`)));
      lock.holder = null;
    }
  }

  private freed(fact: SyncFact, ts: Micros, how: Release['how']): void {
    const lock = this.lock(fact.primitive);
    if (lock.holder === null) return;
    const at = this.clock.at(`hold:${fact.primitive}`, ts);
    this.write(asyncEvent('e', this.identities.hostProcess().pid, at, 'lock', lock.id, this.quoted.of(`${fact.primitive}: ${this.identities.nameOf(lock.holder)}`)));
    lock.holder = null;
    // The release's time on the releaser's own track, taken now: its marker is written only if a waiter takes the lock.
    lock.handingOff = lock.waiting.size > 0 ? { thread: this.identities.threadOf(fact.actor), ts: this.clock.at(threadTrack(fact.actor), ts), how } : null;
  }

  /** The two markers of a hand-off, bound by one flow: the release's end, then the acquire's (never earlier). */
  private handOff(release: Release, to: string, lock: string, ts: Micros): void {
    const id = ++this.flows;
    const name = release.how === 'released' ? `hands over ${lock}` : `${lock} freed: owner died`;
    this.write(handOffMarker(release.thread, release.ts, this.quoted.of(name), id, 'out'));
    const thread = this.identities.threadOf(to);
    this.write(handOffMarker(thread, this.clock.at(threadTrack(to), Math.max(ts, release.ts)), this.quoted.of(`takes ${lock}`), id, 'in'));
  }

  /** Ends the actor's wait, if it waited; true if it did. */
  private endWait(lock: LockTrack, name: string, actor: string, ts: Micros): boolean {
    if (!lock.waiting.delete(actor)) return false;
    this.writeWait('e', name, actor, ts);
    return true;
  }

  private writeWait(phase: 'b' | 'e', lock: string, actor: string, ts: Micros): void {
    const track = `wait:${lock}:${actor}`;
    this.write(asyncEvent(phase, this.identities.hostProcess().pid, this.clock.at(track, ts), 'lock.wait', this.quoted.of(track), this.quoted.of(`${this.identities.nameOf(actor)} waits for ${lock}`)));
  }

  private lock(name: string): LockTrack {
    let lock = this.locks.get(name);
    if (lock === undefined) this.locks.set(name, (lock = { id: this.quoted.of(`hold:${name}`), holder: null, waiting: new Set(), handingOff: null }));
    return lock;
  }
}
