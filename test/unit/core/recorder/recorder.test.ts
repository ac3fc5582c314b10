import { describe, expect, it } from 'vitest';
import { CHUNK_FACTS, type RecordedFact } from '../../../../src/core/recorder/chunk';
import { Recorder } from '../../../../src/core/recorder/recorder';
import type { SyncFact } from '../../../../src/shared/facts';
import type { LabEvent } from '../../../../src/shared/protocol';
import { SyncFold } from '../../../../src/shared/sync-fold';
import { ManualClock } from '../sync/harness';

const T0 = new ManualClock().now();

/** Lock L taken and given back by w1..w4 in turn, `n` facts, 1 ms apart from `from`. */
function lockFacts(n: number, from = T0): SyncFact[] {
  return Array.from({ length: n }, (_, i): SyncFact => {
    const actor = `w${(Math.floor(i / 2) % 4) + 1}`;
    return i % 2 === 0 ? { t: from + i, actor, primitive: 'L', op: 'lock.acquired', count: 1 } : { t: from + i, actor, primitive: 'L', op: 'lock.released', count: 0 };
  });
}

/** A cold fact: a lab event as the event store stamps it. */
const ownerDied = (t: number, workerId: string): LabEvent => ({ type: 'sync.ownerDied', t, seq: 0, primitive: 'L', workerId });

/** A recorder whose keyframes are a SyncFold's primitives, folded as the owner would: record, then fold. */
function folding(options: ConstructorParameters<typeof Recorder>[2]) {
  const fold = new SyncFold();
  fold.created({ kind: 'Lock', name: 'L' });
  const recorder = new Recorder(new ManualClock(), () => JSON.stringify([...fold.primitives]), options);
  return {
    fold,
    recorder,
    record(fact: SyncFact) {
      recorder.sync(fact);
      fold.apply(fact);
    },
  };
}

const syncOf = (facts: RecordedFact[]) => facts.flatMap((each) => (each.kind === 'sync' ? [each.fact] : []));

describe('the recorder', () => {
  it('gives back every fact after a seq, hot and cold in the order they came', () => {
    const recorder = new Recorder(new ManualClock(), () => '{}');
    const facts = lockFacts(10);
    const seqs: number[] = [];
    facts.forEach((fact, i) => {
      seqs.push(recorder.sync(fact));
      if (i === 3 || i === 4) seqs.push(recorder.cold(ownerDied(fact.t, `w${i}`)));
    });
    expect(seqs).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    const all = recorder.since(0)!;
    expect(all.map((each) => each.seq)).toEqual(seqs);
    expect(all.map((each) => each.kind)).toEqual(['sync', 'sync', 'sync', 'sync', 'cold', 'sync', 'cold', 'sync', 'sync', 'sync', 'sync', 'sync']);
    expect(syncOf(all)).toEqual(facts);
    expect(recorder.since(6)!.map((each) => each.seq)).toEqual([7, 8, 9, 10, 11, 12]);
    expect(recorder.since(12)).toEqual([]);
  });

  it('crosses chunks of 4096 hot facts without losing or reordering one', () => {
    const recorder = new Recorder(new ManualClock(), () => '{}');
    const facts = lockFacts(CHUNK_FACTS * 2 + 5);
    for (const fact of facts) recorder.sync(fact);
    expect(syncOf(recorder.since(0)!)).toEqual(facts);
    expect(syncOf(recorder.since(CHUNK_FACTS - 1)!)).toEqual(facts.slice(CHUNK_FACTS - 1));
  });

  it('takes a keyframe every N facts or every so long; keyframe + tail folds to the live state', () => {
    const t = folding({ keyframeEveryFacts: 100, keyframeEveryMs: 60_000 });
    for (const fact of lockFacts(351)) t.record(fact);
    // A lull past the time limit starts a new keyframe at the next fact.
    t.record({ t: T0 + 200_000, actor: 'w9', primitive: 'L', op: 'lock.waiting', timeoutMs: -1 });
    expect(t.recorder.stats().segments).toBe(5);
    const { keyframe, tail } = t.recorder.keyframeAndTail();
    expect(keyframe.seq).toBe(351);
    const client = new SyncFold();
    for (const [name, state] of JSON.parse(keyframe.state) as [string, never][]) client.primitives.set(name, state);
    for (const fact of syncOf(tail)) client.apply(fact);
    expect([...client.primitives]).toEqual([...t.fold.primitives]);
    expect(t.fold.primitives.get('L')).toEqual({ family: 'lock', holder: 'w4', count: 1, waiters: ['w9'] });
  });

  it('drops whole segments past the byte budget, and tells a client that fell behind to start again', () => {
    const t = folding({ keyframeEveryFacts: CHUNK_FACTS, retentionBytes: 5 * CHUNK_FACTS * 16 });
    for (const fact of lockFacts(CHUNK_FACTS * 20)) t.record(fact);
    const stats = t.recorder.stats();
    expect(stats.recorded.hot).toBe(CHUNK_FACTS * 20);
    expect(stats.bytes).toBeLessThanOrEqual(6 * CHUNK_FACTS * 16 + 10_000);
    expect(stats.segments).toBeLessThanOrEqual(6);
    expect(t.recorder.since(0)).toBeNull();
    const kept = t.recorder.since(stats.oldestSeq)!;
    expect(kept[0]!.seq).toBe(stats.oldestSeq + 1);
    expect(kept.at(-1)!.seq).toBe(CHUNK_FACTS * 20);
  });

  it('drops segments older than the retention time', () => {
    const t = folding({ keyframeEveryMs: 1_000, retentionMs: 10_000 });
    // One fact every 100 ms for a minute.
    for (let i = 0; i < 600; i += 1) t.record({ t: T0 + i * 100, actor: 'w1', primitive: 'L', op: i % 2 === 0 ? 'lock.acquired' : 'lock.released', count: i % 2 === 0 ? 1 : 0 } as SyncFact);
    const oldest = t.recorder.since(t.recorder.stats().oldestSeq)![0]!;
    expect(oldest.kind === 'sync' && oldest.fact.t).toBeGreaterThanOrEqual(T0 + 60_000 - 12_000);
    expect(t.recorder.keyframeAt(T0).seq).toBe(t.recorder.stats().oldestSeq);
  });

  it('keeps a hot fact in 16 bytes (typed arrays only, measured)', () => {
    const facts = lockFacts(CHUNK_FACTS * 40);
    const before = process.memoryUsage().arrayBuffers;
    const recorder = new Recorder(new ManualClock(), () => '{}', { keyframeEveryFacts: 1e9, keyframeEveryMs: 1e9 });
    for (const fact of facts) recorder.sync(fact);
    const grown = process.memoryUsage().arrayBuffers - before;
    const stats = recorder.stats();
    expect(stats.bytesPerHotFact).toBe(16);
    // Other code may allocate buffers meanwhile; what the recorder adds is within a chunk of 16 bytes a fact.
    expect(grown / facts.length).toBeLessThanOrEqual(16 + (CHUNK_FACTS * 16) / facts.length);
    expect(syncOf(recorder.since(facts.length - 1)!)).toEqual([facts.at(-1)]);
  });

  it("counts the open chunk's room apart: a fact costs 16 bytes, the room is one chunk's at most", () => {
    const facts = lockFacts(CHUNK_FACTS * 3 + 1);
    const recorder = new Recorder(new ManualClock(), () => '{}', { keyframeEveryFacts: 1e9, keyframeEveryMs: 1e9 });
    for (const fact of facts) recorder.sync(fact);
    const stats = recorder.stats();
    expect(stats.bytesPerHotFact).toBe(16);
    expect(stats.unusedHotBytes).toBe((CHUNK_FACTS - 1) * 16);
    expect(stats.hotBytes).toBe(facts.length * 16 + stats.unusedHotBytes);
  });
});
