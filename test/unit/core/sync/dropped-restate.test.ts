import { describe, expect, it } from 'vitest';
import { coalesceBatch, type FastPathBatch } from '../../../../src/core/sync/fast-path-batch';
import { SyncHub } from '../../../../src/core/sync-hub';
import { CHECK_EVERY, OP_ACQUIRED, OP_RELEASED, OP_SHIFT } from '../../../../src/shared/fast-path-ring';
import type { SyncFact } from '../../../../src/shared/facts';
import { COUNT, STATE } from '../../../../src/shared/lock-cell';
import { PrimitiveFold } from '../../../../src/shared/primitive-fold';
import type { LabEventBody } from '../../../../src/shared/protocol';
import { RingWriter } from '../../../../src/worker/sync/ring-writer';
import { flush, ManualClock } from './harness';

/**
 * A thread that outruns the host drops batches (backpressure, fast-path-ring.ts). If the dropped batch held
 * its last ops, no later batch says who holds the lock: the hub restates each of that thread's locks from
 * the shared cell at its next tick, as a fact, so the pages' fold (which takes nothing from snapshots) is
 * right again within a sampling period.
 */
/** The host's clock a little ahead of the thread's (within the 1 s a marker may differ by): ManualClock's timers, near real time. */
class AheadClock extends ManualClock {
  override now(): number {
    return Date.now() + 500;
  }
}

function hubWithThread(rate?: { perSecond: number; burst: number }, clock: ManualClock = new ManualClock()) {
  const facts: SyncFact[] = [];
  const events: LabEventBody[] = [];
  const batches: FastPathBatch[] = [];
  const fold = new PrimitiveFold();
  const hub = new SyncHub({
    clock,
    emit: (event) => events.push(event),
    samplePeriodMs: () => 200,
    onFact: (fact) => {
      facts.push(fact);
      fold.apply(fact);
    },
    // What the pages get of a batch: each lock's last op (the summaries only count).
    onFastPathBatch: (batch) => {
      batches.push(batch);
      for (const fact of coalesceBatch(batch).lasts) fold.apply(fact);
    },
  });
  hub.create({ kind: 'Lock', name: 'hot' });
  fold.created({ kind: 'Lock', name: 'hot' });
  const attached = hub.attach('w1', 'hot')!;
  const cell = new Int32Array(attached.lock!.cell);
  const { ring, slot } = attached.recording!;
  // A host that has not got round to the thread's batches: they wait, unacknowledged, and the thread drops.
  const held: { from: number; entries: Int32Array }[] = [];
  const writer = new RingWriter(ring, (from, entries) => held.push({ from, entries }), rate);
  const op = (acquire: boolean) => {
    if (acquire) {
      Atomics.store(cell, STATE, attached.lock!.index);
      Atomics.store(cell, COUNT, 1);
    } else Atomics.store(cell, STATE, 0);
    writer.put(((acquire ? OP_ACQUIRED : OP_RELEASED) << OP_SHIFT) | slot, acquire ? 1 : 0);
  };
  return { clock, hub, facts, events, batches, fold, writer, held, op };
}

describe('a lock whose fast-path batch was dropped', () => {
  it('is restated from its cell at the next tick: held by the thread, as the cell says, though no batch said so', async () => {
    const t = hubWithThread();
    for (let n = 0; n < 400_000; n++) {
      t.op(true);
      t.op(false);
    }
    // The last op, an acquire, goes out in a batch that is dropped too: the host is still behind.
    t.op(true);
    t.writer.flush();
    // The host catches up on what was posted; those batches end with a release.
    for (const batch of t.held.splice(0)) t.hub.ringBatch('w1', batch.from, batch.entries);
    expect(t.fold.states.get('hot')).toMatchObject({ holder: null });
    const before = t.facts.length;
    t.clock.advance(200);
    await flush();
    expect(t.facts.slice(before)).toEqual([expect.objectContaining({ op: 'lock.restated', actor: 'w1', primitive: 'hot', count: 1 })]);
    expect(t.fold.states.get('hot')).toMatchObject({ holder: { actor: 'w1', count: 1 } });
    expect(t.hub.snapshot().find((p) => p.name === 'hot')?.holders.map((h) => h.workerId)).toEqual(['w1']);
    // Nothing more was dropped: the next ticks restate nothing.
    t.clock.advance(400);
    await flush();
    expect(t.facts.length).toBe(before + 1);
    expect(t.events.some((event) => (event.type as string) === 'metrics.sync')).toBe(false);
    t.hub.stop();
  });

  it('a thread that never dropped is never restated', async () => {
    const t = hubWithThread();
    t.op(true);
    t.writer.flush();
    for (const batch of t.held.splice(0)) t.hub.ringBatch('w1', batch.from, batch.entries);
    t.clock.advance(600);
    await flush();
    expect(t.facts).toEqual([]);
    expect(t.fold.states.get('hot')).toMatchObject({ holder: { actor: 'w1', count: 1 } });
    t.hub.stop();
  });

  it('a thread that ends with its last ops counted, not kept, has its locks restated before its end: not shown held by the dead', () => {
    // One op kept, then none: the acquire is posted, the release after it counted over the rate. (The
    // thread decides CHECK_EVERY entries at a time: a burst of one run of them, of which it writes one.)
    const t = hubWithThread({ perSecond: 0, burst: CHECK_EVERY });
    t.op(true);
    t.writer.flush();
    for (const batch of t.held.splice(0)) t.hub.ringBatch('w1', batch.from, batch.entries);
    expect(t.fold.states.get('hot')).toMatchObject({ holder: { actor: 'w1', count: 1 } });
    t.op(false);
    t.writer.flush();
    expect(t.held).toEqual([]);
    // It ends before the hub's next tick: the free cell is stated with its end, so no owner-died is due either.
    t.hub.workerEnded('w1');
    expect(t.facts).toEqual([expect.objectContaining({ op: 'lock.restated', actor: 'w1', primitive: 'hot', count: 0 })]);
    expect(t.fold.states.get('hot')).toMatchObject({ holder: null });
    t.hub.stop();
  });

  it("dates the thread's later ops no earlier than the restatement, so the record stays in time order", async () => {
    // No recording rate on the thread: only the backpressure (a thread over its rate would count the op after).
    const t = hubWithThread({ perSecond: Infinity, burst: Infinity }, new AheadClock());
    for (let n = 0; n < 400_000; n++) {
      t.op(true);
      t.op(false);
    }
    t.op(true);
    t.writer.flush();
    for (const batch of t.held.splice(0)) t.hub.ringBatch('w1', batch.from, batch.entries);
    t.clock.advance(200);
    await flush();
    const restated = t.facts.find((fact) => fact.op === 'lock.restated')!;
    expect(restated).toBeDefined();
    // The thread's next op, written after the restatement by its own clock (half a second behind the host's).
    t.batches.length = 0;
    t.op(false);
    t.writer.flush();
    for (const batch of t.held.splice(0)) t.hub.ringBatch('w1', batch.from, batch.entries);
    const after = t.batches.at(-1)!;
    expect(after.size).toBeGreaterThan(0);
    expect(after.times[after.size - 1]).toBeGreaterThanOrEqual(restated.t);
    t.hub.stop();
  });
});
