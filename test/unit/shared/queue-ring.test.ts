import { describe, expect, it } from 'vitest';
import { COUNT, DATA_BYTES, FLAG_OVERFLOW, FLAG_WAITERS, GETS, HEAD, JOURNAL, LOCK, MAX_FAST_RECORD, MAX_RING_RECORD, QueueRing, TAIL } from '../../../src/shared/queue-ring';
import type { StructuredValue } from '../../../src/shared/structured-value';
import { inside } from '../../support/queue-ring-section';

const drain = (ring: QueueRing): StructuredValue[] => inside(ring, () => Array.from({ length: ring.count }, () => ring.take()));

describe('the shared queue ring', () => {
  it('gives items back in the order they were put, each as it was (-0, lone surrogates, JSON)', () => {
    const ring = QueueRing.create(0);
    const items: StructuredValue[] = [1, -0, 2.5, -1e300, 'text', '', '\ud800 lone', 'é ✓ 😀', null, true, false, [1, 'a', null], { n: 50, ready: true }];
    inside(ring, () => {
      for (const item of items) expect(ring.put(item, true, MAX_RING_RECORD)).toBe(true);
    });
    expect(ring.count).toBe(items.length);
    const out = drain(ring);
    expect(out).toEqual(items);
    expect(Object.is(out[1], -0)).toBe(true);
    expect(ring.count).toBe(0);
    expect(ring.puts).toBe(items.length);
    expect(ring.gets).toBe(items.length);
  });

  it('stores only the basics where JSON is not allowed (a thread), and refuses NaN and the infinities everywhere', () => {
    const ring = QueueRing.create(0);
    inside(ring, () => {
      expect(ring.put([1], false, MAX_FAST_RECORD)).toBe(false);
      expect(ring.put({ a: 1 }, false, MAX_FAST_RECORD)).toBe(false);
      expect(ring.put(Number.NaN, true, MAX_RING_RECORD)).toBe(false);
      expect(ring.put(Number.POSITIVE_INFINITY, true, MAX_RING_RECORD)).toBe(false);
      expect(ring.put('x'.repeat(MAX_FAST_RECORD), false, MAX_FAST_RECORD)).toBe(false);
    });
    expect(ring.count).toBe(0);
    expect(ring.puts).toBe(0);
  });

  it('wraps round its end many times without losing, doubling or reordering an item', () => {
    const ring = QueueRing.create(0);
    let next = 0;
    let expected = 0;
    const text = 'abc'.repeat(37);
    for (let round = 0; round < 2_000; round++) {
      inside(ring, () => {
        for (let index = 0; index < 7; index++) {
          const item = next % 3 === 0 ? `${next}:${text}` : next;
          expect(ring.put(item, true, MAX_RING_RECORD)).toBe(true);
          next += 1;
        }
        for (let index = 0; index < 7; index++) {
          const item = ring.take();
          expect(item).toEqual(expected % 3 === 0 ? `${expected}:${text}` : expected);
          expected += 1;
        }
      });
    }
    expect(ring.count).toBe(0);
    expect(ring.header[HEAD]).toBe(ring.header[TAIL]);
  });

  it('refuses an item when its bytes do not fit, and takes it once room is made', () => {
    const ring = QueueRing.create(0);
    const big = 'y'.repeat((MAX_RING_RECORD - 8) / 2);
    let put = 0;
    inside(ring, () => {
      while (ring.put(big, true, MAX_RING_RECORD)) put += 1;
    });
    expect(put).toBe(Math.floor(DATA_BYTES / MAX_RING_RECORD));
    inside(ring, () => {
      expect(ring.take()).toBe(big);
      expect(ring.put(big, true, MAX_RING_RECORD)).toBe(true);
    });
    expect(ring.count).toBe(put);
  });

  it('is full by maxsize, counts unfinished tasks, and refuses task_done past them', () => {
    const ring = QueueRing.create(2);
    inside(ring, () => {
      expect(ring.full).toBe(false);
      ring.put(1, false, MAX_FAST_RECORD);
      ring.put(2, false, MAX_FAST_RECORD);
      expect(ring.full).toBe(true);
      ring.take();
      expect(ring.full).toBe(false);
      expect(ring.unfinished).toBe(2);
      expect(ring.taskDone()).toBe(true);
      expect(ring.taskDone()).toBe(true);
      expect(ring.taskDone()).toBe(false);
      expect(ring.unfinished).toBe(0);
    });
  });

  it('lets one holder in at a time, and keeps flags as the broker sets them', () => {
    const ring = QueueRing.create(0);
    expect(ring.enter(7, 0)).toBe(true);
    expect(ring.enter(8, 10)).toBe(false);
    expect(ring.holder).toBe(7);
    ring.setFlag(FLAG_WAITERS, true);
    ring.setFlag(FLAG_OVERFLOW, true);
    ring.setFlag(FLAG_WAITERS, false);
    expect(ring.flags).toBe(FLAG_OVERFLOW);
    ring.leave();
    expect(ring.enter(8, 0)).toBe(true);
    ring.leave();
  });

  it('notifies its sleepers once until one goes to sleep again, and every sleeper wakes', async () => {
    const ring = QueueRing.create(100);
    // A getter asleep on the empty ring; a minute's bound: it ends only by a notify (else the test times out).
    const getter = ring.sleepAsync(0, 60_000, true);
    inside(ring, () => expect(ring.put(1, false, MAX_FAST_RECORD, 7)).toBe(true));
    expect(ring.anyAsleep).toBe(true);
    expect(ring.wakeNow()).toBe(true);
    // The getter is still counted asleep until its event loop runs: a second notify would be wasted.
    expect(ring.anyAsleep).toBe(true);
    expect(ring.wakeNow()).toBe(false);
    // A putter goes to sleep after that notify: it is notified in turn.
    const putter = ring.sleepAsync(1, 60_000, false);
    inside(ring, () => expect(ring.put(2, false, MAX_FAST_RECORD, 7)).toBe(true));
    expect(ring.wakeNow()).toBe(true);
    await Promise.all([getter, putter]);
    expect(ring.anyAsleep).toBe(false);
    expect(ring.wakeNow()).toBe(false);
  });

  describe('a holder that died inside the section', () => {
    it('left before its commit: nothing happened, and the section is free again', () => {
      const ring = QueueRing.create(0);
      inside(ring, () => ring.put(1, false, MAX_FAST_RECORD));
      // Worker 5 got in and wrote a record's bytes past the tail, then died.
      expect(ring.enter(5, 0)).toBe(true);
      const tail = ring.header[TAIL]!;
      new Int32Array(ring.buffer, ring.header.byteLength)[tail >> 2] = 0x04000008;
      expect(ring.recover(4)).toBe(false);
      expect(ring.recover(5)).toBe(true);
      expect(ring.header[LOCK]).toBe(0);
      expect(ring.count).toBe(1);
      expect(ring.header[TAIL]).toBe(tail);
      expect(drain(ring)).toEqual([1]);
    });

    it('in the middle of its commit: the journalled operation is completed, whole', () => {
      const ring = QueueRing.create(0);
      inside(ring, () => {
        ring.put('a', false, MAX_FAST_RECORD);
        ring.put('b', false, MAX_FAST_RECORD);
      });
      // A get by worker 5, journalled, then killed after writing only HEAD.
      const before = ring.header.slice();
      expect(ring.enter(5, 0)).toBe(true);
      ring.take();
      const after = ring.header.slice();
      ring.header.set(before.subarray(COUNT, GETS + 1), COUNT);
      Atomics.store(ring.header, JOURNAL, 1);
      expect(ring.header[HEAD]).toBe(after[HEAD]);
      expect(ring.count).toBe(before[COUNT]);
      expect(ring.recover(5)).toBe(true);
      expect(ring.count).toBe(1);
      expect(ring.gets).toBe(1);
      expect(drain(ring)).toEqual(['b']);
    });
  });
});
