import { describe, expect, it } from 'vitest';
import { RingReader } from '../../../../src/core/sync/ring-reader';
import { CAPACITY, OP_ACQUIRED, OP_RELEASED, OP_SHIFT, type FastPathOp } from '../../../../src/shared/fast-path-ring';
import { RingWriter } from '../../../../src/worker/sync/ring-writer';

/** The ring's two ends in one thread: the writer as a thread's lock handle drives it, the reader as the host. */
function pair() {
  const reader = new RingReader('w1', Date.now());
  const slot = reader.slot('hot');
  const writer = new RingWriter(reader.buffer);
  return { reader, writer, acquired: (OP_ACQUIRED << OP_SHIFT) | slot, released: (OP_RELEASED << OP_SHIFT) | slot };
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
  it('100,000 pairs, drained whenever the ring is full (a stall), come out as 200,000 ops in order', () => {
    const { reader, writer, acquired, released } = pair();
    const ops: FastPathOp[] = [];
    for (let n = 0; n < 100_000; n++) {
      for (const [word, count] of [[acquired, 1], [released, 0]] as const) {
        // A stall: the thread would send a request, and the host drains before answering it.
        if (!writer.ready()) {
          ops.push(...reader.drain(false));
          expect(writer.ready()).toBe(true);
        }
        writer.put(word, count);
      }
    }
    writer.flush();
    ops.push(...reader.drain(false));
    expectPairs(ops, 100_000);
    expect(writer.stalls).toBeGreaterThanOrEqual(Math.floor(200_000 / CAPACITY));
    expect(ops[0]!.workerId).toBe('w1');
    expect(ops[0]!.name).toBe('hot');
  });

  it('what was written but never published is read once the thread has ended, and nothing twice', () => {
    const { reader, writer, acquired, released } = pair();
    // Over a lap and a half, so that stale entries of the older lap lie after the last one written.
    let pairs = 0;
    const ops: FastPathOp[] = [];
    const record = (word: number, count: number) => {
      while (!writer.ready()) ops.push(...reader.drain(false));
      writer.put(word, count);
    };
    while (pairs < CAPACITY * 0.75) {
      record(acquired, 1);
      record(released, 0);
      pairs += 1;
    }
    ops.push(...reader.drain(false));
    // Three more pairs, unpublished (fewer than a publish period), then the thread "ends".
    for (let n = 0; n < 3; n++) {
      record(acquired, 1);
      record(released, 0);
    }
    const before = ops.length;
    ops.push(...reader.drain(true));
    expect(ops.length - before).toBeGreaterThanOrEqual(6);
    expectPairs(ops, pairs + 3);
  });

  it('a ring that makes no sense (a slot never given, a write position far ahead) is read within bounds', () => {
    const { reader } = pair();
    const header = new Int32Array(reader.buffer, 0, 4);
    const entries = new Int32Array(reader.buffer, 16, 2 * CAPACITY);
    entries[0] = (OP_ACQUIRED << OP_SHIFT) | 99;
    Atomics.store(header, 0, 0x7fffffff);
    const ops = reader.drain(false);
    expect(ops).toEqual([]);
    expect(reader.skipped).toBeGreaterThan(0);
  });
});
