import { describe, expect, it } from 'vitest';
import { logTime } from '../../../src/shared/queue-log';
import { ACTIVE_WINDOW_US, activeStamp, GETTER_ACTIVE, MAX_FAST_RECORD, PUTTER_ACTIVE, QueueRing } from '../../../src/shared/queue-ring';
import { inside } from '../../support/queue-ring-section';

/**
 * Whether a queue's other side is on its ring right now (QueueRing.peerActive): what lets a waiting thread
 * block for a moment (src/worker/sync/queue-wait.ts) and keeps a get on a queue nobody feeds from doing so.
 */

const THREAD = 3;

describe("a queue ring's activity words", () => {
  it('a new ring has no active side: a getter or putter on it would not block', () => {
    const ring = QueueRing.create(10);
    const now = logTime();
    expect(ring.peerActive(true, now)).toBe(false);
    expect(ring.peerActive(false, now)).toBe(false);
  });

  it("a thread's put makes the putters active for a getter, for ACTIVE_WINDOW_US; the getters stay as they were", () => {
    const ring = QueueRing.create(10);
    inside(ring, () => expect(ring.put(1, false, MAX_FAST_RECORD, THREAD)).toBe(true));
    const putAt = ring.header[PUTTER_ACTIVE]!;
    expect(putAt).not.toBe(0);
    const now = logTime();
    expect(ring.peerActive(true, now)).toBe(true);
    expect(ring.peerActive(false, now)).toBe(false);
    // Aged out: a producer that ended (or went to do something else) no longer makes a getter block.
    expect(ring.peerActive(true, now + (ACTIVE_WINDOW_US + 1_000) / 1000)).toBe(false);
  });

  it("a thread's get and task_done make the getters active for a putter", () => {
    const ring = QueueRing.create(10);
    inside(ring, () => ring.put(1, false, MAX_FAST_RECORD));
    // The broker's own ops (by 0) are no thread's: they stamp nothing.
    expect(ring.peerActive(true, logTime())).toBe(false);
    inside(ring, () => ring.take(THREAD));
    expect(ring.peerActive(false, logTime())).toBe(true);
    ring.header[GETTER_ACTIVE] = 0;
    inside(ring, () => expect(ring.taskDone(THREAD)).toBe(true));
    expect(ring.peerActive(false, logTime())).toBe(true);
  });

  it('a stamp from the future (another thread’s clock a little ahead) or across the int32 wrap is judged by its age', () => {
    const ring = QueueRing.create(10);
    // The µs clock wraps as an int32 about every 71 minutes: a stamp just before the wrap is still fresh just after it.
    const beforeWrap = (2 ** 31 - 100) / 1000;
    ring.header[PUTTER_ACTIVE] = activeStamp(beforeWrap);
    expect(activeStamp(beforeWrap + 0.2)).toBeLessThan(0);
    expect(ring.peerActive(true, beforeWrap + 0.2)).toBe(true);
    expect(ring.peerActive(true, beforeWrap + 5)).toBe(false);
    // A stamp ahead of the reader's clock is not "active for ever".
    expect(ring.peerActive(true, beforeWrap - 0.5)).toBe(false);
  });

  it('a blocking sleep on a ring whose count already moved returns at once, and counts itself asleep only while it sleeps', () => {
    const ring = QueueRing.create(10);
    inside(ring, () => ring.put(1, false, MAX_FAST_RECORD));
    // It waits while COUNT stays 0; COUNT is 1: no wait at all (a wait of 60 s here would time the test out).
    ring.sleepSync(0, 60_000, true, logTime());
    expect(ring.anyAsleep).toBe(false);
    // It stamps its own side: a getter sleeping a moment on the ring is on it.
    expect(ring.peerActive(false, logTime())).toBe(true);
  });

  it('a side that goes to sleep with its event loop running is off the ring: its peer no longer blocks for it', async () => {
    const ring = QueueRing.create(10);
    inside(ring, () => ring.put(1, false, MAX_FAST_RECORD));
    inside(ring, () => ring.take(THREAD));
    expect(ring.peerActive(false, logTime())).toBe(true);
    // COUNT is 0, not 1: it returns at once, having said it left the ring.
    await ring.sleepAsync(1, 1, true);
    expect(ring.peerActive(false, logTime())).toBe(false);
  });
});

