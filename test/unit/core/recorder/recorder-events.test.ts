import { describe, expect, it } from 'vitest';
import { CHUNK_FACTS } from '../../../../src/core/recorder/chunk';
import { Recorder, SYNC_BATCH_SPAN_MS } from '../../../../src/core/recorder/recorder';
import { SYNC_FACTS_PER_EVENT } from '../../../../src/shared/fact-schema';
import type { SyncFact } from '../../../../src/shared/facts';
import { labEventSchema, type LabEvent } from '../../../../src/shared/protocol';
import { ManualClock } from '../sync/harness';

const T0 = new ManualClock().now();
const acquired = (i: number): SyncFact => ({ t: T0 + i, actor: `w${i % 3}`, primitive: 'L', op: 'lock.acquired', count: 1 });
const cleared = (t: number): LabEvent => ({ type: 'deadlock.cleared', t, seq: 77 });

describe("the recorder's events: what a recording or an export streams", () => {
  it('gives every fact back in order, facts batched between lab events, seqs rising one by one', () => {
    const recorder = new Recorder(new ManualClock(), () => '[]', { keyframeEveryFacts: 3_000 });
    const n = CHUNK_FACTS + SYNC_FACTS_PER_EVENT + 10;
    for (let i = 0; i < n; i++) {
      recorder.sync(acquired(i));
      if (i === 5 || i === n - 2) recorder.cold(cleared(T0 + i));
    }
    const events = [...recorder.events()];
    for (const event of events) expect(labEventSchema.safeParse(event).success).toBe(true);
    const facts = events.flatMap((event) => (event.type === 'sync.facts' ? event.facts : []));
    expect(facts).toEqual(Array.from({ length: n }, (_, i) => acquired(i)));
    expect(events.filter((event) => event.type === 'deadlock.cleared').length).toBe(2);
    expect(events[1]!.type).toBe('deadlock.cleared');
    const seqs = events.map((event) => event.seq);
    for (let i = 1; i < seqs.length; i++) expect(seqs[i]!).toBeGreaterThan(seqs[i - 1]!);
    expect(seqs.at(-1)).toBe(recorder.lastSeq);
    // A millisecond apart: a batch spans at most SYNC_BATCH_SPAN_MS (a page folds a batch whole, at its end).
    const batches = events.filter((event) => event.type === 'sync.facts');
    for (const batch of batches) expect(batch.facts.at(-1)!.t - batch.facts[0]!.t).toBeLessThanOrEqual(SYNC_BATCH_SPAN_MS);
    expect(Math.max(...batches.map((batch) => batch.facts.length))).toBe(SYNC_BATCH_SPAN_MS + 1);
  });

  it('batches a burst of facts at one moment SYNC_FACTS_PER_EVENT at a time, and counts them so', () => {
    const recorder = new Recorder(new ManualClock(), () => '[]', { keyframeEveryFacts: 100_000 });
    for (let i = 0; i < 2 * SYNC_FACTS_PER_EVENT + 500; i++) recorder.sync({ ...acquired(0), actor: `w${i % 3}` });
    const events = [...recorder.events()];
    expect(events.map((event) => (event.type === 'sync.facts' ? event.facts.length : -1))).toEqual([SYNC_FACTS_PER_EVENT, SYNC_FACTS_PER_EVENT, 500]);
    expect(recorder.entryCount().events).toBe(3);
  });

  it('counts what entries() gives without decoding (a save header says it first), keyframes included', () => {
    const recorder = new Recorder(new ManualClock(), () => 'state', { keyframeEveryFacts: 1_500 });
    for (let i = 0; i < 5_000; i++) {
      recorder.sync(acquired(i));
      if (i % 700 === 0) recorder.cold(cleared(T0 + i));
    }
    for (const until of [recorder.lastSeq, 2_222, 1_500, 1]) {
      const entries = [...recorder.entries(until)];
      const count = recorder.entryCount(until);
      expect(count.events).toBe(entries.filter((entry) => entry.kind === 'event').length);
      expect(count.keyframes).toBe(entries.filter((entry) => entry.kind === 'keyframe').length);
      const events = entries.flatMap((entry) => (entry.kind === 'event' ? [entry.event] : []));
      expect(events.at(-1)!.seq).toBe(until);
      // A keyframe's seq is that of the event just before it: no batch of facts straddles one.
      entries.forEach((entry, i) => {
        const before = entries.slice(0, i).findLast((each) => each.kind === 'event');
        if (entry.kind === 'keyframe' && before?.kind === 'event') expect(entry.keyframe.seq).toBe(before.event.seq);
      });
    }
  });
});

describe('keyframes come only where the state may be taken', () => {
  it('a fact recorded with keyframeAllowed false never starts a keyframe, even when one is due by time or count', () => {
    const recorder = new Recorder(new ManualClock(), () => '[]', { keyframeEveryMs: 1, keyframeEveryFacts: 1 });
    recorder.sync(acquired(0));
    recorder.sync(acquired(10), false);
    recorder.sync(acquired(20), false);
    expect(recorder.stats().segments).toBe(1);
    recorder.sync(acquired(30));
    expect(recorder.stats().segments).toBe(2);
  });
});
