import { OP_ACQUIRED, OP_RELEASED, OP_SHIFT } from '../../shared/fast-path-ring';
import { COUNT, FREE_SLOW, INDEX_MASK, PARKED, RETIRED, STATE, WAITERS, wakeCellWaiters, type LockAttachment } from '../../shared/lock-cell';
import { PARK_MS, waitOnCell } from './cell-wait';
import { TIMEOUT_OVERFLOW_S } from '../../shared/timeouts';
import { heldLock, type HeldLock } from './held-lock';
import type { HostMessage } from '../../shared/worker-wire';
import type { Requester, Timeout } from './requester';
import { RingWriter } from './ring-writer';
import { syncError } from './sync-error';

/** A Lock's or RLock's cell as this worker uses it. */
export interface AttachedLock {
  readonly cell: Int32Array;
  readonly index: number;
  readonly recursive: boolean;
  /** This thread's fast-path ring (null when recording is off), and the ring words of this lock's ops. */
  readonly ring: RingWriter | null;
  readonly acquired: number;
  readonly released: number;
  /** Step mode's flag (step-gate.ts): while it is non-zero every operation goes to the broker, which holds it. */
  readonly step: Int32Array;
}

/** Step mode off for good: what a thread uses until a host's attach answer gives it the real flag. */
const NEVER_STEPPING = new Int32Array(1);

// Settled promises shared by every fast-path call, so that path allocates nothing.
const TRUE = Promise.resolve(true);
const FALSE = Promise.resolve(false);
const DONE = Promise.resolve();

/**
 * The shared cells of the Locks and RLocks a thread worker uses (the fast path, src/shared/lock-cell.ts),
 * asked for once per name; a process, which cannot share memory, never has one.
 */
export class LockCells {
  /** Per lock name: its cell, null when it stays brokered, or the attach under way. */
  private readonly attached = new Map<string, AttachedLock | null | Promise<AttachedLock | null>>();
  /** The thread's fast-path ring, made from the host's first attach answer that has one. */
  private ring: RingWriter | null = null;
  /** Step mode's flag, shared with the host (from its first attach answer). */
  private step: Int32Array = NEVER_STEPPING;

  constructor(
    private readonly requester: Requester,
    private readonly sharedMemory: boolean,
    /** How long a blocking acquire of a held lock waits on the cell before it asks the broker (cell-wait.ts). */
    readonly parkMs = PARK_MS,
  ) {}

  /** The lock's cell, asked for once per name; null when this worker cannot share memory or it is not a Lock/RLock. */
  attach(name: string): AttachedLock | null | Promise<AttachedLock | null> {
    const known = this.attached.get(name);
    if (known !== undefined) return known;
    if (!this.sharedMemory) {
      this.attached.set(name, null);
      return null;
    }
    const asked = this.askAttach(name).then(({ message, ring, slot }) => {
      const lock: LockAttachment | null = message?.lock ?? null;
      const attached =
        lock === null
          ? null
          : { cell: new Int32Array(lock.cell), index: lock.index, recursive: lock.recursive, ring, acquired: (OP_ACQUIRED << OP_SHIFT) | slot, released: (OP_RELEASED << OP_SHIFT) | slot, step: this.step };
      this.attached.set(name, attached);
      return attached;
    });
    this.attached.set(name, asked);
    return asked;
  }

  /**
   * Asks the host for a primitive's shared state (a lock's cell, a queue's ring: `syncAttach`); the answer,
   * and this thread's fast-path ring with the primitive's slot in it (null when recording is off).
   */
  askAttach(name: string): Promise<{ message: Extract<HostMessage, { type: 'syncAttached' }> | null; ring: RingWriter | null; slot: number }> {
    return this.requester.ask((id) => ({ type: 'syncAttach', id, name })).then((message) => {
      if (message.type !== 'syncAttached') return { message: null, ring: null, slot: 0 };
      if (message.step !== undefined && this.step === NEVER_STEPPING) this.step = new Int32Array(message.step);
      const recording = message.recording;
      if (recording !== null && this.ring === null) {
        const ring = new RingWriter(recording.ring, (from, entries) => this.requester.tell({ type: 'syncRing', from, entries }));
        this.ring = ring;
        this.requester.beforeAsk = () => ring.flush();
      }
      return { message, ring: recording === null ? null : this.ring, slot: recording?.slot ?? 0 };
    });
  }

  /** Whether this worker can share memory with the host (a thread). */
  get shared(): boolean {
    return this.sharedMemory;
  }

  /** Step mode's flag as the host shares it (all zeros until an attach answer gave it). */
  get stepFlag(): Int32Array {
    return this.step;
  }

  /** Forgets a cell found RETIRED (its lock was deleted), unless a newer attach already replaced it. */
  forget(name: string, attached: AttachedLock): void {
    if (this.attached.get(name) === attached) this.attached.delete(name);
  }
}

/** fastAcquire's answer when another thread holds the lock, nobody is queued, and the call may wait: wait on the cell. */
const HELD = 'held';

/**
 * acquire() on the cell: a settled promise; HELD (another thread holds it, nobody queued: wait on the
 * cell); or null when the broker must decide (waiters are queued there, its owner died, a
 * plain Lock acquired again by its holder, or the arguments are ones the broker refuses, in its words).
 */
function fastAcquire(requester: Requester, lock: AttachedLock, blocking: boolean, timeout: Timeout): Promise<boolean> | typeof HELD | null {
  if (blocking !== true && blocking !== false) return null;
  // Step mode: the broker holds every acquire until the person lets it through.
  if (Atomics.load(lock.step, 0) !== 0) return null;
  if (timeout !== undefined && timeout !== null && (!blocking || !(timeout >= 0 && timeout < TIMEOUT_OVERFLOW_S))) return null;
  const { cell, index, ring } = lock;
  const state = Atomics.compareExchange(cell, STATE, 0, index);
  if (state === 0) return took(requester, lock);
  const holder = state & INDEX_MASK;
  if (holder === index) {
    if (!lock.recursive) return blocking && timeout !== 0 ? null : refused(requester);
    const count = Atomics.add(cell, COUNT, 1) + 1;
    ring?.put(lock.acquired, count);
    requester.ownerDied = null;
    return TRUE;
  }
  if (state === FREE_SLOW || state === RETIRED) return null;
  if (!blocking || timeout === 0) return refused(requester);
  // Held by another. Once WAITERS is set the broker serves the queue in order: join it. Otherwise wait on
  // the cell, without spinning first: a waiter that spun and took the lock the moment it was let go made two
  // contending threads trade it op by op (up to 100,557 times in a bench round of 2,000,000 pairs each;
  // waiting on the cell, at most 4,799), each trade a cache-line transfer and an await.
  return (state & WAITERS) === 0 ? HELD : null;
}

/** What is left of a timeout (seconds, null: for ever) begun at `started` (ms): whole ms rounded up, never early, as the broker shows a waiter's timeout. */
function timeLeft(timeout: number | null, started: number): number | null {
  return timeout === null ? null : Math.ceil(Math.max(0, timeout * 1000 - (performance.now() - started))) / 1000;
}

function took(requester: Requester, lock: AttachedLock): Promise<boolean> {
  if (lock.recursive) Atomics.store(lock.cell, COUNT, 1);
  lock.ring?.put(lock.acquired, 1);
  requester.ownerDied = null;
  return TRUE;
}

function refused(requester: Requester): Promise<boolean> {
  requester.ownerDied = null;
  return FALSE;
}

/** release() on the cell: settled (or rejected with Python's error), or null when the broker must hand the lock on. */
function fastRelease(requester: Requester, lock: AttachedLock): Promise<void> | null {
  if (Atomics.load(lock.step, 0) !== 0) return null;
  const { cell, index, ring } = lock;
  const state = Atomics.load(cell, STATE);
  const holder = state & INDEX_MASK;
  if (holder !== index) {
    if (state === RETIRED) return null;
    if (holder === 0) return Promise.reject(syncError('RuntimeError', lock.recursive ? 'cannot release un-acquired lock' : 'release unlocked lock'));
    // Python lets any thread release a Lock (the broker does it); an RLock only by its owner.
    return lock.recursive ? Promise.reject(syncError('RuntimeError', 'cannot release un-acquired lock')) : null;
  }
  if (lock.recursive && Atomics.load(cell, COUNT) > 1) {
    const left = Atomics.sub(cell, COUNT, 1) - 1;
    ring?.put(lock.released, left);
  } else if ((state & WAITERS) !== 0 || Atomics.compareExchange(cell, STATE, state, 0) !== state) {
    return null;
  } else {
    if ((state & PARKED) !== 0) wakeCellWaiters(cell);
    ring?.put(lock.released, 0);
  }
  requester.ownerDied = null;
  return DONE;
}

/** `fast`: may try the shared cell (asked for at first use); a Condition's own handle never does. */
export function lockHandle(requester: Requester, cells: LockCells, name: string, fast: boolean) {
  const slowAcquire = (blocking: boolean, timeout: Timeout) => requester.callThen({ op: 'acquire', name, blocking, timeout: timeout ?? null }, (value) => value === true);
  const slowRelease = (n: number) => requester.callThen({ op: 'release', name, n }, () => undefined);
  let lock: AttachedLock | null | undefined = fast ? undefined : null;
  /** The lock was deleted (and its name maybe given to a new one): forget its cell and ask again. */
  const forgetIfRetired = (attached: AttachedLock): boolean => {
    if (Atomics.load(attached.cell, STATE) !== RETIRED) return false;
    cells.forget(name, attached);
    lock = undefined;
    return true;
  };
  const acquire = (blocking = true, timeout?: Timeout): Promise<boolean> => {
    if (lock === undefined) {
      const found = cells.attach(name);
      if (found instanceof Promise) return found.then(() => acquire(blocking, timeout));
      lock = found;
    }
    if (lock === null) return slowAcquire(blocking, timeout);
    const done = fastAcquire(requester, lock, blocking, timeout);
    if (done === HELD) return waitThenAcquire(lock, timeout ?? null, performance.now());
    if (done !== null) return done;
    return forgetIfRetired(lock) ? acquire(blocking, timeout) : slowAcquire(blocking, timeout);
  };
  /**
   * A blocking acquire of a lock another thread holds: waits on the cell (woken by the holder's release)
   * and takes it there, for up to PARK_MS (cells.parkMs) in all; then, or at once if waiters queue in the broker
   * meanwhile, asks the broker with what is left of the timeout, so a timed acquire times out when
   * Python's would and a longer wait is seen in the broker (wait-for graph, deadlock detection).
   */
  const waitThenAcquire = (attached: AttachedLock, timeout: number | null, started: number): Promise<boolean> => {
    const waitedMs = performance.now() - started;
    const forMs = Math.min(cells.parkMs - waitedMs, timeout === null ? Infinity : timeout * 1000 - waitedMs);
    if (forMs <= 0) return slowAcquire(true, timeLeft(timeout, started));
    attached.ring?.paused();
    return requester.whileWaiting(waitOnCell(attached.cell, forMs)).then(() => {
      const still = timeLeft(timeout, started);
      // Time is up: the broker's last try answers, and its facts say the acquire timed out.
      if (still === 0) return slowAcquire(true, 0);
      const done = fastAcquire(requester, attached, true, still);
      if (done === HELD) return waitThenAcquire(attached, timeout, started);
      if (done !== null) return done;
      return forgetIfRetired(attached) ? acquire(true, still) : slowAcquire(true, still);
    });
  };
  const release = (n = 1): Promise<void> => {
    if (lock === undefined) {
      const found = cells.attach(name);
      if (found instanceof Promise) return found.then(() => release(n));
      lock = found;
    }
    if (lock === null || n !== 1) return slowRelease(n);
    const done = fastRelease(requester, lock);
    if (done !== null) return done;
    return forgetIfRetired(lock) ? release(n) : slowRelease(n);
  };
  /**
   * acquire(blocking=False) answered synchronously when the shared cell can tell: true (taken), false
   * (another worker holds it). null when only the host can tell (not attached yet: the first acquire or
   * release attaches; not a thread; the owner died): then `await acquire(false)`. No `await` at all on
   * the fast path, which is what a hot loop needs.
   */
  const acquireNow = (): boolean | null => {
    if (lock === undefined || lock === null || Atomics.load(lock.step, 0) !== 0) return null;
    const { cell, index, ring } = lock;
    const state = Atomics.compareExchange(cell, STATE, 0, index);
    if (state === 0) {
      if (lock.recursive) Atomics.store(cell, COUNT, 1);
      ring?.put(lock.acquired, 1);
      requester.ownerDied = null;
      return true;
    }
    if (state === FREE_SLOW || state === RETIRED) return null;
    if ((state & INDEX_MASK) === index && lock.recursive) {
      // Not inside `ring?.put(...)`: without a ring its arguments would not be evaluated at all.
      const count = Atomics.add(cell, COUNT, 1) + 1;
      ring?.put(lock.acquired, count);
      return true;
    }
    // Held by another, or a plain Lock this worker holds already: acquire(False) is False.
    return false;
  };
  /** release() done synchronously on the cell (true); false when it must go through `await release()`. */
  const releaseNow = (): boolean => {
    if (lock === undefined || lock === null || Atomics.load(lock.step, 0) !== 0) return false;
    const { cell, index, ring } = lock;
    const state = Atomics.load(cell, STATE);
    // Held by me, maybe with threads waiting on the cell (PARKED); not with waiters queued in the broker.
    if ((state & ~PARKED) !== index) return false;
    if (lock.recursive && Atomics.load(cell, COUNT) > 1) {
      const left = Atomics.sub(cell, COUNT, 1) - 1;
      ring?.put(lock.released, left);
      return true;
    }
    if (Atomics.compareExchange(cell, STATE, state, 0) !== state) return false;
    if (state !== index) wakeCellWaiters(cell);
    ring?.put(lock.released, 0);
    return true;
  };
  /** The cell, when this thread has it and it is live: a look at it answers as the broker would. */
  const liveCell = (): AttachedLock | null => (lock !== undefined && lock !== null && Atomics.load(lock.cell, STATE) !== RETIRED ? lock : null);
  /** Lock.locked() (RLock's is Python 3.14's): held by anyone. */
  const locked = (): Promise<boolean> => {
    const cell = liveCell();
    if (cell !== null) return (Atomics.load(cell.cell, STATE) & INDEX_MASK) !== 0 ? TRUE : FALSE;
    return requester.callThen({ op: 'locked', name }, (value) => value === true);
  };
  /** RLock._is_owned(): held by this worker. */
  const isOwned = (): Promise<boolean> => {
    const cell = liveCell();
    if (cell !== null && cell.recursive) return (Atomics.load(cell.cell, STATE) & INDEX_MASK) === cell.index ? TRUE : FALSE;
    return requester.callThen({ op: 'is_owned', name }, (value) => value === true);
  };
  /** A semaphore's value (threading's `_value`, multiprocessing's `get_value()`). */
  const getValue = (): Promise<number> => requester.callThen({ op: 'get_value', name }, Number);
  /** `with lock:` — `await using held = await lock.hold()`: acquired for ever (no timeout), released on dispose. */
  const hold = (): Promise<HeldLock> => {
    const handle = { release, releaseNow };
    // A thread's uncontended lock: taken on the cell, no message and no extra await.
    if (acquireNow() === true) return Promise.resolve(heldLock(handle));
    return acquire().then(() => heldLock(handle));
  };
  return { acquire, release, acquireNow, releaseNow, locked, isOwned, getValue, hold };
}

export type LockHandle = ReturnType<typeof lockHandle>;
