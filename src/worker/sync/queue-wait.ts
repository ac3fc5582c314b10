import { logTime } from '../../shared/queue-log';
import type { QueueRing } from '../../shared/queue-ring';

/**
 * How a blocking put on a full ring (a get on an empty one) waits on the ring before it asks the broker to
 * park it (docs/sync.md, "The fast path for threads' Queues"): another thread usually makes room (or an
 * item) soon, and a parked wait costs message round trips and closes the fast path for everyone while it
 * lasts. First a few looks (WAIT_SPINS, about 10 µs: a peer on another core answers within it); then, only
 * while a thread of the other side is on the ring (`QueueRing.peerActive`), a BLOCKING wait of at most
 * BLOCK_MS in all (Atomics.wait: the peer's notify wakes this thread in the kernel, where a wake through its
 * event loop costs a cross-CPU wake-up and a turn of that loop); then sleeps of SLEEP_MS that keep the
 * event loop running (Atomics.waitAsync), WAIT_SLEEPS of them at most, so a wait the peer never ends is
 * parked at the broker, and shown, within about 20 ms.
 */
const WAIT_SPINS = 2_000;
/**
 * At most this long a waiter blocks its thread per wait (its timers and messages wait meanwhile: docs/sync.md,
 * "A short blocking wait"). Measured: each side's idle time per 100,000 items of a Queue(100) pair fell from
 * 334-368 ms (medians) sleeping with the loop running to 168-226 ms.
 */
export const BLOCK_MS = 1;
const SLEEP_MS = 2;
const WAIT_SLEEPS = 10;
/**
 * Blocking waits one after another (a peer that keeps the queue full or empty, each wait ended well inside
 * BLOCK_MS) would never turn the thread's event loop, where the lab's polite stop, timers and messages are
 * heard: a thread whose loop has not turned inside a wait for this long turns it once (a setImmediate) first.
 */
const TURN_EVERY_MS = 10;
/** performance.now() when this thread's loop last turned inside a wait (module state: one per thread). */
let turnedAt = 0;

const turnLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Waits (outside the section) while COUNT stays `count`: true to look again, false when the wait is over
 * (its bound, or a flag: the broker has waiters, so the call goes there). Before it sleeps it wakes its
 * peers: what it made for them so far is theirs now (no batch is coming from a thread that waits).
 */
export async function waitWhile(ring: QueueRing, count: number, getter: boolean): Promise<boolean> {
  for (let spin = 0; spin < WAIT_SPINS; spin++) {
    if (ring.flags !== 0) return false;
    if (ring.count !== count) return true;
  }
  ring.wakeNow();
  if (performance.now() - turnedAt >= TURN_EVERY_MS) {
    await turnLoop();
    turnedAt = performance.now();
    if (ring.flags !== 0) return false;
    if (ring.count !== count) return true;
  }
  const blocked = blockWhile(ring, count, getter);
  if (blocked !== undefined) return blocked;
  for (let sleeps = 0; sleeps < WAIT_SLEEPS; sleeps++) {
    await ring.sleepAsync(count, SLEEP_MS, getter);
    turnedAt = performance.now();
    if (ring.flags !== 0) return false;
    if (ring.count !== count) return true;
  }
  return false;
}

/**
 * The blocking part of a wait: while the peer is on the ring and BLOCK_MS has not passed, blocks in
 * Atomics.wait until COUNT moves. As `waitWhile` (true, false) once the wait is over; undefined when it
 * is not (the peer is off the ring, or the bound passed): then the thread sleeps with its loop running.
 */
function blockWhile(ring: QueueRing, count: number, getter: boolean): boolean | undefined {
  const until = performance.now() + BLOCK_MS;
  for (;;) {
    const left = until - performance.now();
    if (left <= 0) return undefined;
    const now = logTime();
    if (!ring.peerActive(getter, now)) return undefined;
    ring.sleepSync(count, left, getter, now);
    if (ring.flags !== 0) return false;
    if (ring.count !== count) return true;
  }
}
