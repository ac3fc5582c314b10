import { describe, expect, it } from 'vitest';
import { opsOfBatch } from '../../../../src/core/sync/fast-path-batch';
import { RingReader } from '../../../../src/core/sync/ring-reader';
import { CAPACITY, HEADER_INTS, KEEP_BURST_OPS, KEEP_OPS_PER_SECOND, MARK_EVERY, MAX_UNACKED, OP_ACQUIRED, OP_MARK, OP_RELEASED, OP_SHIFT, POST_EVERY, type FastPathOp } from '../../../../src/shared/fast-path-ring';
import { RingWriter } from '../../../../src/worker/sync/ring-writer';

/**
 * The ring's two ends in one thread: the writer as a thread's lock handle drives it, the reader as the
 * host, fed the batches the writer posts (as the thread's channel would, in order).
 */
function pair() {
  const reader = new RingReader('w1', Date.now());
  const slot = reader.slot('hot');
  const ops: FastPathOp[] = [];
  const writer = new RingWriter(reader.buffer, (from, entries) => ops.push(...opsOfBatch(reader.take(from, entries))));
  return { reader, writer, ops, acquired: (OP_ACQUIRED << OP_SHIFT) | slot, released: (OP_RELEASED << OP_SHIFT) | slot };
}

const UNLIMITED = { perSecond: Infinity, burst: Infinity };

/** The ops in a posted batch (its entries less its time markers, two entries each). */
function opsIn(entries: Int32Array): number {
  let ops = 0;
  for (let index = 0; index < entries.length / 2; index++) {
    if (entries[index << 1]! >>> OP_SHIFT === OP_MARK) index += 1;
    else ops += 1;
  }
  return ops;
}

function expectPairs(ops: readonly FastPathOp[], pairs: number): void {
  expect(ops).toHaveLength(2 * pairs);
  // One look per op, the first one out of place reported (an expect per op would take seconds).
  const misplaced = ops.findIndex((op, index) => {
    const acquire = index % 2 === 0;
    return op.op !== (acquire ? 'acquired' : 'released') || op.count !== (acquire ? 1 : 0) || (index > 0 && op.t < ops[index - 1]!.t);
  });
  expect(misplaced === -1 ? null : { at: misplaced, op: ops[misplaced], before: ops[misplaced - 1] }).toBeNull();
}

describe('the fast-path ring', () => {
  it('100,000 pairs: the thread posts half a ring at a time and 200,000 ops come out in order', () => {
    const { writer, ops, acquired, released } = pair();
    for (let n = 0; n < 100_000; n++) {
      for (const [word, count] of [[acquired, 1], [released, 0]] as const) writer.put(word, count);
    }
    writer.flush();
    expectPairs(ops, 100_000);
    // Batches of about half a ring (markers included), and not one per op.
    expect(writer.batches).toBeGreaterThanOrEqual(Math.floor(200_000 / POST_EVERY));
    expect(writer.batches).toBeLessThanOrEqual(Math.ceil((200_000 * (1 + 2 / MARK_EVERY)) / POST_EVERY) + 1);
    expect(ops[0]!.workerId).toBe('w1');
    expect(ops[0]!.name).toBe('hot');
  });

  it('what was written but never posted is read once the thread has ended, and nothing twice', () => {
    const { reader, writer, ops, acquired, released } = pair();
    // Over a lap and a half, so that stale entries of the older lap lie after the last one written.
    const pairs = Math.floor(CAPACITY * 0.75);
    for (let n = 0; n < pairs; n++) {
      writer.put(acquired, 1);
      writer.put(released, 0);
    }
    writer.flush();
    const posted = ops.length;
    // Three more pairs, never posted, then the thread "ends".
    for (let n = 0; n < 3; n++) {
      writer.put(acquired, 1);
      writer.put(released, 0);
    }
    expect(ops).toHaveLength(posted);
    ops.push(...opsOfBatch(reader.ended()));
    expectPairs(ops, pairs + 3);
  });

  it('a batch that makes no sense (a slot never given, an unknown op, a marker with no time, out of turn) is skipped and counted', () => {
    const { reader } = pair();
    const garbage = new Int32Array([(OP_ACQUIRED << OP_SHIFT) | 99, 1, 0, 7, (OP_MARK << OP_SHIFT) | 0, -1, -1, -1, (OP_MARK << OP_SHIFT) | 0]);
    const batch = reader.take(12_345, garbage.subarray(0, 8));
    expect(batch.size).toBe(0);
    expect(reader.skipped).toBeGreaterThanOrEqual(3);
  });

  it('random batches never throw, never yield more ops than entries, and keep times finite and rising', () => {
    const { reader } = pair();
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) & 0x7fff_ffff);
    let from = 0;
    let last = -Infinity;
    for (let round = 0; round < 200; round++) {
      const entries = new Int32Array(2 * (random() % 500));
      for (let index = 0; index < entries.length; index++) entries[index] = random() % 4 === 0 ? (random() % 4) << OP_SHIFT : random() - 2 ** 30;
      const batch = reader.take(from, entries);
      from += entries.length / 2;
      expect(batch.size).toBeLessThanOrEqual(entries.length / 2);
      for (const t of batch.times) {
        expect(Number.isFinite(t)).toBe(true);
        expect(t).toBeGreaterThanOrEqual(last);
        last = t;
      }
    }
  });
});

describe('the fast-path ring under backpressure', () => {
  it('a thread that outruns the host drops batches (counted) instead of piling them up, and posts again once acknowledged', () => {
    const reader = new RingReader('w1', Date.now());
    const slot = reader.slot('hot');
    const held: { from: number; entries: Int32Array }[] = [];
    // A host that does not get round to the batches: they wait, unacknowledged. No recording rate here
    // (its own tests are below): only the backpressure.
    const writer = new RingWriter(reader.buffer, (from, entries) => held.push({ from, entries }), UNLIMITED);
    const acquired = (OP_ACQUIRED << OP_SHIFT) | slot;
    const released = (OP_RELEASED << OP_SHIFT) | slot;
    const pairs = (n: number) => {
      for (let i = 0; i < n; i++) {
        writer.put(acquired, 1);
        writer.put(released, 0);
      }
    };
    pairs(400_000);
    writer.flush();
    const inFlight = held.reduce((sum, batch) => sum + batch.entries.length / 2, 0);
    expect(inFlight).toBeLessThanOrEqual(MAX_UNACKED + POST_EVERY);
    expect(writer.dropped).toBeGreaterThan(0);
    // What was dropped is counted in the ring's header, where the host reads it: its entries, and its ops.
    expect(reader.dropped).toBeGreaterThanOrEqual(2 * 400_000 - inFlight);
    const keptInFlight = held.reduce((sum, batch) => sum + opsIn(batch.entries), 0);
    expect(reader.counted).toBe(2 * 400_000 - keptInFlight);
    // The host catches up: every held batch taken in order, and the thread posts again.
    const ops: FastPathOp[] = [];
    for (const batch of held.splice(0)) ops.push(...opsOfBatch(reader.take(batch.from, batch.entries)));
    expect(reader.skipped).toBe(0);
    expect(ops.length % 2).toBe(0);
    pairs(1_000);
    writer.flush();
    expect(held.length).toBeGreaterThan(0);
    const after = held.flatMap((batch) => opsOfBatch(reader.take(batch.from, batch.entries)));
    expect(after).toHaveLength(2_000);
    expect(reader.skipped).toBe(0);
  });
});

describe('the recording rate', () => {
  /** A writer and a host that keeps up; `pairs(n)` runs n pairs as a tight loop would. */
  function rated(rate: { perSecond: number; burst: number }) {
    const reader = new RingReader('w1', Date.now());
    const slot = reader.slot('hot');
    const ops: FastPathOp[] = [];
    const writer = new RingWriter(reader.buffer, (from, entries) => ops.push(...opsOfBatch(reader.take(from, entries))), rate);
    const acquired = (OP_ACQUIRED << OP_SHIFT) | slot;
    const released = (OP_RELEASED << OP_SHIFT) | slot;
    const pairs = (n: number) => {
      for (let i = 0; i < n; i++) {
        writer.put(acquired, 1);
        writer.put(released, 0);
      }
    };
    return { reader, writer, ops, pairs };
  }

  it('the default keeps a burst of 100,000 pairs whole: nothing counted', () => {
    const { reader, writer, ops, pairs } = rated({ perSecond: KEEP_OPS_PER_SECOND, burst: KEEP_BURST_OPS });
    pairs(100_000);
    writer.flush();
    expectPairs(ops, 100_000);
    expect(writer.counted).toBe(0);
    expect(reader.counted).toBe(0);
  });

  it('past its burst a thread posts nothing more: every op is kept or counted, none twice, and the kept ones stay in order', () => {
    // No refill: a burst of 20,000 ops, then every batch over it is counted.
    const { reader, writer, ops, pairs } = rated({ perSecond: 0, burst: 20_000 });
    pairs(300_000);
    writer.flush();
    expect(ops.length).toBeLessThanOrEqual(20_000);
    expect(ops.length).toBeGreaterThan(20_000 - POST_EVERY);
    expectPairs(ops, ops.length / 2);
    expect(writer.counted).toBeGreaterThan(0);
    expect(ops.length + reader.counted).toBe(600_000);
    expect(reader.skipped).toBe(0);
    // Over the rate nothing is written, only counted, at once where the host reads it: a thread that
    // ends (or is killed) while counting leaves no entry to read and no op uncounted.
    pairs(5);
    expect(opsOfBatch(reader.ended())).toHaveLength(0);
    expect(ops.length + reader.counted).toBe(600_010);
    expect(reader.skipped).toBe(0);
  });

  it('over its rate a thread writes nothing to its ring, and keeps a run of ops again once the rate refills', () => {
    let now = 0;
    const clock = performance.now.bind(performance);
    // The writer reads performance.now: a thread's clock, moved here by hand.
    performance.now = () => now;
    try {
      const { reader, writer, ops, pairs } = rated({ perSecond: 1_000, burst: 2_000 });
      pairs(10_000);
      writer.flush();
      const kept = ops.length;
      expect(kept).toBeLessThanOrEqual(2_000);
      expect(kept).toBeGreaterThan(2_000 - 64);
      const entries = new Int32Array(reader.buffer, HEADER_INTS * Int32Array.BYTES_PER_ELEMENT, 2 * CAPACITY);
      const before = entries.slice();
      pairs(10_000);
      writer.flush();
      // Counted ops are not entries: the ring is as it was, nothing was posted.
      expect(entries).toEqual(before);
      expect(ops).toHaveLength(kept);
      expect(ops.length + reader.counted).toBe(40_000);
      // A second later the bucket has 1,000 ops again: the flush looks at the clock and the thread keeps
      // a run of them, in order after what it kept before.
      now = 1_000;
      writer.flush();
      pairs(10_000);
      writer.flush();
      expect(ops.length - kept).toBeGreaterThan(1_000 - 64);
      expect(ops.length - kept).toBeLessThanOrEqual(1_000);
      expectPairs(ops.slice(kept), (ops.length - kept) / 2);
      expect(ops.length + reader.counted).toBe(60_000);
      // And a counting thread looks at the clock by itself every few thousand ops, with no flush.
      now = 2_000;
      const keptBefore = ops.length;
      pairs(10_000);
      writer.flush();
      expect(ops.length - keptBefore).toBeGreaterThan(1_000 - 64);
      expect(ops.length + reader.counted).toBe(80_000);
      expect(reader.skipped).toBe(0);
    } finally {
      performance.now = clock;
    }
  });

  it('a thread that ignores the rate is counted by the host: it keeps at most its own burst, decodes nothing more', () => {
    const { reader, writer, ops, pairs } = rated(UNLIMITED);
    pairs(1_000_000);
    writer.flush();
    expect(writer.counted).toBe(0);
    // The host's bucket: a ring more than the thread's burst, in entries (markers included).
    expect(ops.length).toBeLessThanOrEqual(KEEP_BURST_OPS + 2 * CAPACITY);
    expect(ops.length).toBeGreaterThanOrEqual(KEEP_BURST_OPS);
    expectPairs(ops, ops.length / 2);
    expect(ops.length + reader.counted).toBe(2_000_000);
  });
});
