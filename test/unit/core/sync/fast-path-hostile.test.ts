import { describe, expect, it } from 'vitest';
import { batchOfOps, coalesceBatch } from '../../../../src/core/sync/fast-path-batch';
import { FastPathRings, RingReader } from '../../../../src/core/sync/ring-reader';
import { OP_ACQUIRED, OP_MARK, OP_SHIFT, type FastPathOp } from '../../../../src/shared/fast-path-ring';
import { foldFact, initialState } from '../../../../src/shared/primitive-fold';
import type { SyncFact } from '../../../../src/shared/facts';
import { ACTORS_REMEMBERED, rememberActor, rememberInList } from '../../../../src/shared/remember';

/** A batch with one time marker at `time` and then one acquire of `slot`. */
function markedAcquire(slot: number, time: number): Int32Array {
  const entries = new Int32Array(6);
  entries[0] = OP_MARK << OP_SHIFT;
  new Float64Array(entries.buffer, 8, 1)[0] = time;
  entries[4] = (OP_ACQUIRED << OP_SHIFT) | slot;
  entries[5] = 1;
  return entries;
}

describe("a thread's ring is input: what a hostile or careless thread cannot do to the host", () => {
  it('a time marker far ahead of the host clock is refused (it would carry the recording past its retention)', () => {
    const now = 1_800_000_000_000;
    const reader = new RingReader('w1', now - 10, () => now);
    const slot = reader.slot('L');
    const batch = reader.take(0, markedAcquire(slot, 1e300));
    expect(reader.skipped).toBe(1);
    expect(Math.max(...batch.times)).toBeLessThanOrEqual(now + 1_000);
    const fine = reader.take(3, markedAcquire(slot, now - 5));
    expect(fine.size).toBe(1);
    expect(fine.times[0]).toBeCloseTo(now - 5, 3);
  });

  it('attaching the same lock again and again takes one slot; past the cap no more are given', () => {
    const rings = new FastPathRings(() => Date.now());
    const first = rings.attach('w1', 'L');
    for (let i = 0; i < 10_000; i++) expect(rings.attach('w1', 'L')?.slot).toBe(first?.slot);
    let refused = 0;
    for (let i = 0; i < 5_000; i++) if (rings.attach('w1', `lock${i}`) === null) refused += 1;
    expect(refused).toBeGreaterThan(0);
    expect(refused).toBeLessThan(5_000);
  });

  it("ops left in a ring for a deleted lock are skipped, not put on what takes its name next", () => {
    const now = Date.now();
    const reader = new RingReader('w1', now, () => now + 10);
    const old = reader.slot('x');
    reader.retire('x');
    expect(reader.take(0, markedAcquire(old, now)).size).toBe(0);
    const fresh = reader.slot('x');
    expect(fresh).not.toBe(old);
    expect(reader.take(3, markedAcquire(fresh, now)).size).toBe(1);
  });
});

describe('what the pages get of a batch folds as the whole batch does', () => {
  const op = (t: number, kind: 'acquired' | 'released', count: number): FastPathOp => ({ t, workerId: 'w1', name: 'R', op: kind, count });

  it('an RLock left held after acquire, acquire, release: held at count 1, since the first acquire', () => {
    const batch = batchOfOps('w1', [op(10, 'acquired', 1), op(11, 'acquired', 2), op(12, 'released', 1)]);
    const { lasts, summaries } = coalesceBatch(batch);
    expect(lasts).toEqual([{ t: 10, actor: 'w1', primitive: 'R', op: 'lock.acquired', count: 1 }]);
    expect(summaries).toEqual([{ t: 12, actor: 'w1', primitive: 'R', op: 'lock.fastPath', acquisitions: 2 }]);
    // Folding the page's two facts leaves the RLock as folding every op does.
    const everyOp = initialState({ kind: 'RLock', name: 'R' });
    const ops: SyncFact[] = [
      { t: 10, actor: 'w1', primitive: 'R', op: 'lock.acquired', count: 1 },
      { t: 11, actor: 'w1', primitive: 'R', op: 'lock.acquired', count: 2 },
      { t: 12, actor: 'w1', primitive: 'R', op: 'lock.released', count: 1 },
      summaries[0]!,
    ];
    for (const fact of ops) foldFact(everyOp, fact);
    const coalesced = initialState({ kind: 'RLock', name: 'R' });
    for (const fact of [...lasts, ...summaries]) foldFact(coalesced, fact);
    expect(coalesced).toEqual(everyOp);
    expect(coalesced).toMatchObject({ holder: { actor: 'w1', count: 1, since: 10 } });
  });

  it('a lock the batch leaves free is released at count 0', () => {
    const { lasts } = coalesceBatch(batchOfOps('w1', [op(10, 'acquired', 1), op(11, 'released', 0), op(12, 'acquired', 1), op(13, 'released', 0)]));
    expect(lasts).toEqual([{ t: 13, actor: 'w1', primitive: 'R', op: 'lock.released', count: 0 }]);
  });
});

describe('producers and consumers are the most recent few hundred, alike in the broker and the fold', () => {
  it('keeps ACTORS_REMEMBERED, letting the oldest go, in the same order for a set and a list', () => {
    const set = new Set<string>();
    const list: string[] = [];
    for (let i = 0; i < ACTORS_REMEMBERED + 50; i++) {
      rememberActor(set, `w${i % (ACTORS_REMEMBERED + 40)}`);
      rememberInList(list, `w${i % (ACTORS_REMEMBERED + 40)}`);
    }
    expect(set.size).toBe(ACTORS_REMEMBERED);
    expect([...set]).toEqual(list);
    expect(list[0]).toBe('w50');
  });
});
