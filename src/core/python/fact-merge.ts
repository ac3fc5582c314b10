import type { PythonFact, PythonHello } from '../../shared/python-wire';
import type { Cancel, Clock } from '../clock';
import type { PythonConnectionHandler } from './python-listener';

/**
 * How long a fact may wait for the facts of the other Python processes that might come before it (host
 * monotonic ms from its receipt). A fact waits only while another connection is quiet and has said nothing
 * as late as it: with every connection talking it goes at once. Long enough for a host busy on two cores
 * to read the other streams' batches already written; a view of several processes lags by at most this.
 */
export const PY_MERGE_HOLD_MS = 250;
/** Facts held at once over every connection; past it the earliest go at once, in merge order, waiting or not. */
export const PY_MERGE_HELD_MAX = 65_536;
/**
 * How long a process's stream may wait for the fact of another that must come before its next one (a Lock
 * acquired in one process while a thread of another still holds it: that release is on its way). Past it
 * the fact is folded anyway, showing two holders for a moment, as before the merge.
 */
export const PY_MERGE_WAIT_MS = 3_000;
/**
 * Work of one settle (a stream looked at, a fact given: one step each) before the rest continues on a timer
 * at once, the host's other work going in between. Each fact given looks at every stream with facts held:
 * with a thousand connections and PY_MERGE_HELD_MAX facts held, one settle was some 1e8 steps, the host
 * stalled for seconds. A few milliseconds of work.
 */
export const PY_MERGE_STEPS_MAX = 131_072;

export interface FactMergeOptions {
  readonly clock: Clock;
  /** Closes a connection whose fact the session refused after its batch was taken (the listener's). */
  readonly refuse: (connection: number, reason: string) => void;
  readonly holdMs?: number;
  readonly heldMax?: number;
  readonly waitMs?: number;
  readonly stepsMax?: number;
}

/** What is left of a settle's steps (PY_MERGE_STEPS_MAX), shared by the releases it makes. */
interface Budget {
  left: number;
}

interface Held {
  readonly fact: PythonFact;
  /** Host monotonic ms when it was read. */
  readonly at: number;
}

interface Stream {
  readonly id: number;
  held: Held[];
  /** Index of the first fact not yet given on. */
  head: number;
  /** The latest time this connection has told (its hello's, its facts'): it is not expected to tell an earlier one. */
  last: number;
  /** Why the session refused one of its facts: the rest are dropped, the connection is being closed. */
  refused: string | null;
  /** Since when its next fact waits for another process's (a Lock's release), else null. */
  waitingSince: number | null;
  /**
   * The head that gave up waiting (PY_MERGE_WAIT_MS, or too many held): it goes without being asked again.
   * Asked again, the session would still say not ready, and a new wait of PY_MERGE_WAIT_MS would begin.
   */
  forced: PythonFact | null;
  /** The program closed it: told to the session once its last held fact has gone. */
  ended: { readonly hello: PythonHello | null } | null;
}

/** The session behind the merge: it may say that a fact cannot be folded yet. */
export interface MergedSession extends PythonConnectionHandler {
  /** A fact the session may not be ready for (by its name: cheap); only those are asked `ready`. */
  mayWait?(fact: PythonFact): boolean;
  /** Whether the session can fold this fact now, the facts before it being folded. */
  ready?(connection: number, fact: PythonFact): boolean;
}

/**
 * Gives the facts of every Python connection to the session in the order they happened, not the order the
 * host read them (docs/python-wire.md, "Time order across processes"). Each process's stream is in its own
 * order; streams are merged by their facts' times (`time.time()` of one machine, the same clock in every
 * process). A multiprocessing Lock released in one process and acquired in another, a JoinableQueue's put
 * and the task_done of its item, a Pool worker's `task.run` and its owner's `done`, each come from two
 * sockets that the host reads in no set order; folded as read, a Lock showed two holders and a queue one
 * unfinished task after its join.
 *
 * A fact is given on when no connection can still tell an earlier one: every other connection has either
 * a held fact at least as late or has told a time at least as late (a connection's own facts come in time
 * order); or when it has waited PY_MERGE_HOLD_MS (a quiet process: blocked in a join, computing); or when
 * PY_MERGE_HELD_MAX facts are held. A stream whose next fact the session cannot fold yet (`ready`: a Lock
 * acquired while another process's thread holds it) waits up to PY_MERGE_WAIT_MS, the others going on. A
 * connection the program closed tells its end once its last fact has gone; one the host closes gives its
 * facts at once. A fact read more than its hold after a later fact of another process is folded late, as
 * before this merge: the bound on what is exact. Work per fact: a scan of the connections when the stream
 * to take from changes (every fact while a stream waits); a settle does at most PY_MERGE_STEPS_MAX of it,
 * the rest going on from a timer at once.
 */
export class FactMerge implements PythonConnectionHandler {
  private readonly streams = new Map<number, Stream>();
  private held = 0;
  private timer: Cancel | null = null;
  /** When the last release looked: a deadline not after it has been seen (the fact went, or waits on another's). */
  private releasedAt = -Infinity;
  /** Connections refused while giving facts on, to be closed once the merge is out of its loop. */
  private readonly refusals = new Map<number, string>();
  /** The lab stopped: the merge holds nothing more and never wakes up again; what still comes goes straight on. */
  private stopped = false;

  constructor(
    private readonly session: MergedSession,
    private readonly options: FactMergeOptions,
  ) {}

  /** Facts held now (tests). */
  get holding(): number {
    return this.held;
  }

  hello(connection: number, hello: PythonHello): void {
    if (this.stopped) return this.session.hello(connection, hello);
    this.streams.set(connection, { id: connection, held: [], head: 0, last: hello.t, refused: null, waitingSince: null, forced: null, ended: null });
    this.session.hello(connection, hello);
  }

  facts(connection: number, facts: readonly PythonFact[]): string | null {
    const stream = this.streams.get(connection);
    // No hello: the session says so, and the listener closes it. Stopped: nothing is held any more.
    if (stream === undefined || this.stopped) return this.session.facts(connection, facts);
    if (stream.refused !== null) return stream.refused;
    const at = this.options.clock.monotonic();
    for (const fact of facts) {
      stream.held.push({ fact, at });
      if (fact[1] > stream.last) stream.last = fact[1];
    }
    this.held += facts.length;
    this.settle(connection);
    // This batch's own refusal is returned (the listener closes it now); the others' are closed by settle.
    const own = this.refusals.get(connection) ?? null;
    this.refusals.delete(connection);
    return own;
  }

  closed(connection: number, reason: string | null, hello: PythonHello | null): void {
    const stream = this.streams.get(connection);
    if (stream !== undefined && reason === null && stream.head < stream.held.length) {
      // The program ended it: what it said still goes in time order (and waits as it would), then its end.
      stream.ended = { hello };
      this.settle();
      return;
    }
    if (stream !== undefined) {
      // The host closes it (a bad line, the lab stopping): what it said goes now, with the others' earlier facts.
      this.release(stream, this.budget());
      this.streams.delete(connection);
      this.refusals.delete(connection);
    }
    this.session.closed(connection, reason ?? stream?.refused ?? null, hello);
    // It no longer holds the others back.
    this.settle();
  }

  /**
   * The lab stops (after the listener closed its connections): every fact still held goes on now, in merge
   * order, and every stream the program had closed tells its end. Those are no longer the listener's
   * connections, so its close never reaches them; left here, the wake-up would fold them into a store
   * already flushed, and keep the host's event loop alive for up to PY_MERGE_WAIT_MS.
   */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.timer?.();
    this.timer = null;
    // One budget for all: past it, each stream gives the rest of its facts whole (release's drain).
    const budget = this.budget();
    for (const stream of [...this.streams.values()]) this.release(stream, budget);
    for (const stream of this.streams.values()) {
      if (stream.ended !== null) this.session.closed(stream.id, stream.refused, stream.ended.hello);
    }
    this.streams.clear();
    this.refusals.clear();
    this.held = 0;
  }

  /** Gives on what is due, tells the ends of the streams that have given all, closes the refused, wakes up later for the rest. */
  private settle(caller: number | null = null): void {
    const budget = this.budget();
    let cut = false;
    for (;;) {
      cut = !this.release(null, budget);
      budget.left -= this.streams.size;
      const done = [...this.streams.values()].filter((stream) => stream.ended !== null && stream.head >= stream.held.length);
      for (const stream of done) {
        this.streams.delete(stream.id);
        this.refusals.delete(stream.id);
        this.session.closed(stream.id, stream.refused, stream.ended!.hello);
      }
      if (done.length === 0 || cut) break;
      // Their ends may let the others go on: later, if the steps are spent.
      if (budget.left <= 0) {
        cut = true;
        break;
      }
    }
    for (const [connection, reason] of [...this.refusals]) {
      if (connection === caller) continue;
      this.refusals.delete(connection);
      this.options.refuse(connection, reason);
    }
    // Cut only after a turn gave facts on: each wake-up at once makes progress.
    this.schedule(cut);
  }

  private budget(): Budget {
    return { left: this.options.stepsMax ?? PY_MERGE_STEPS_MAX };
  }

  /**
   * Gives on, in time order, every fact that is due; with `drain`, every fact until that stream holds none
   * (whether due or not), then what is due. A stream whose next fact the session cannot fold yet (`ready`)
   * waits, and the others go on without it. False when the budget ran out first (then a stream being
   * drained gives the rest of its facts whole, the others' earlier ones after them: bounded, not exact).
   */
  private release(drain: Stream | null, budget: Budget): boolean {
    const now = this.options.clock.monotonic();
    this.releasedAt = now;
    const hold = this.options.holdMs ?? PY_MERGE_HOLD_MS;
    let draining = drain;
    for (;;) {
      if (draining !== null && draining.head >= draining.held.length) draining = null;
      if (budget.left <= 0) {
        if (draining !== null) this.giveRest(draining);
        return false;
      }
      // Each turn looks at every stream twice.
      budget.left -= 2 * this.streams.size;
      let first: Stream | null = null;
      let waiting = 0;
      for (const stream of this.streams.values()) {
        if (stream.head >= stream.held.length) continue;
        if (this.waiting(stream, now, draining)) waiting += 1;
        else if (first === null || stream.held[stream.head]!.fact[1] < first.held[first.head]!.fact[1]) first = stream;
      }
      if (first === null) return true;
      // The earliest of the others' held facts, and the earliest time a quiet one may still tell.
      let nextOther = Infinity;
      let quietSince = Infinity;
      for (const stream of this.streams.values()) {
        // A refused stream is being closed: it says no more; a waiting one holds no one back.
        if (stream === first || stream.refused !== null || stream.waitingSince !== null) continue;
        if (stream.head < stream.held.length) nextOther = Math.min(nextOther, stream.held[stream.head]!.fact[1]);
        else if (stream.ended === null) quietSince = Math.min(quietSince, stream.last);
      }
      const run: PythonFact[] = [];
      while (first.head < first.held.length) {
        const { fact, at } = first.held[first.head]!;
        if (fact[1] > nextOther) break;
        const due = draining !== null || this.held > this.most || now - at >= hold || fact[1] <= quietSince;
        if (!due) break;
        // While a stream waits, one fact at a time: each may be what it waits for (and it then goes first). A
        // fact that may wait is asked about as a head, once the facts before it are folded (they may be what it needs).
        if (run.length > 0 && (waiting > 0 || this.session.mayWait?.(fact) === true)) break;
        run.push(fact);
        if (fact === first.forced) first.forced = null;
        first.head += 1;
        this.held -= 1;
        budget.left -= 1;
      }
      // The earliest fact is not due: none is (the others' come after it).
      if (run.length === 0) return true;
      this.compact(first);
      this.give(first, run);
    }
  }

  /** A stream whose next fact must wait for another process's (its `waitingSince` set), unless forced now. */
  private waiting(stream: Stream, now: number, draining: Stream | null): boolean {
    return !this.readyOrForced(stream, stream.held[stream.head]!.fact, now, draining);
  }

  private readyOrForced(stream: Stream, fact: PythonFact, now: number, draining: Stream | null): boolean {
    if (fact === stream.forced) return true;
    if (this.session.mayWait?.(fact) !== true || this.session.ready?.(stream.id, fact) !== false) {
      stream.waitingSince = null;
      return true;
    }
    stream.waitingSince ??= now;
    // A stream that ends is given whole; a wait too long or too many facts held give up waiting (as before the merge).
    if (stream === draining || this.held > this.most || now - stream.waitingSince >= (this.options.waitMs ?? PY_MERGE_WAIT_MS)) {
      stream.waitingSince = null;
      stream.forced = fact;
      return true;
    }
    return false;
  }

  private get most(): number {
    return this.options.heldMax ?? PY_MERGE_HELD_MAX;
  }

  private give(stream: Stream, run: PythonFact[]): void {
    const refused = this.session.facts(stream.id, run);
    if (refused === null) return;
    stream.refused = refused;
    this.held -= stream.held.length - stream.head;
    stream.held = [];
    stream.head = 0;
    stream.forced = null;
    this.refusals.set(stream.id, refused);
  }

  /** What a stream being drained still holds, given at once, waiting or not. */
  private giveRest(stream: Stream): void {
    const run = stream.held.slice(stream.head).map((held) => held.fact);
    this.held -= run.length;
    stream.held = [];
    stream.head = 0;
    stream.forced = null;
    stream.waitingSince = null;
    this.give(stream, run);
  }

  /** Drops the facts given on from the front once they are most of the array (amortised O(1) a fact). */
  private compact(stream: Stream): void {
    if (stream.head === stream.held.length) {
      stream.held = [];
      stream.head = 0;
    } else if (stream.head > 1024 && stream.head * 2 > stream.held.length) {
      stream.held = stream.held.slice(stream.head);
      stream.head = 0;
    }
  }

  /** A wake-up for when a held fact has waited its time, or a stream's wait for another's has (the rest follow from there). */
  /** `more`: the last settle ran out of steps, the rest goes on a timer at once. */
  private schedule(more = false): void {
    this.timer?.();
    this.timer = null;
    if (this.stopped) return;
    let wake = more ? this.releasedAt : Infinity;
    for (const stream of this.streams.values()) {
      const head = stream.held[stream.head];
      if (head === undefined) continue;
      const deadline = stream.waitingSince === null ? head.at + (this.options.holdMs ?? PY_MERGE_HOLD_MS) : stream.waitingSince + (this.options.waitMs ?? PY_MERGE_WAIT_MS);
      // Past already at the last release and still held: it waits on an earlier fact of another stream,
      // whose own deadline is later (a wake-up at once would find the same, again and again).
      if (deadline > this.releasedAt) wake = Math.min(wake, deadline);
    }
    if (wake === Infinity) return;
    this.timer = this.options.clock.setTimeout(() => {
      this.timer = null;
      this.settle();
    }, Math.max(0, wake - this.options.clock.monotonic()));
  }
}
