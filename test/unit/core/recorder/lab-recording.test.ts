import { describe, expect, it } from 'vitest';
import { EventStore } from '../../../../src/core/event-store';
import { LabRecording } from '../../../../src/core/recorder/lab-recording';
import { SyncHub } from '../../../../src/core/sync-hub';
import { STATE } from '../../../../src/shared/lock-cell';
import { createPrimitiveSchema } from '../../../../src/shared/sync';
import { ManualClock } from '../sync/harness';

/** The hub, the event store and the recording wired as lab.ts wires them, on a manual clock. */
function wired() {
  const clock = new ManualClock();
  const store = new EventStore(clock);
  const recording = new LabRecording(clock, () => store.stateWithFacts());
  store.tapEvents((event) => recording.labEvent(event));
  const hub = new SyncHub({ clock, emit: (event) => store.emit(event), samplePeriodMs: () => 1000, syncSampleMs: 0, onFact: (fact) => recording.syncFact(fact), onFastPathBatch: (batch) => recording.fastPathBatch(batch) });
  return { clock, hub, recording };
}

describe("a thread's fast-path lock operations", () => {
  it('are recorded as lock facts in their order (each batch summed up per lock) and fold into who holds the lock', () => {
    const { clock, hub, recording } = wired();
    hub.create(createPrimitiveSchema.parse({ kind: 'RLock', name: 'R' }));
    const t = clock.now();
    hub.fastPathOps('w1', [
      { t, workerId: 'w1', name: 'R', op: 'acquired', count: 1 },
      { t: t + 1, workerId: 'w1', name: 'R', op: 'acquired', count: 2 },
    ]);
    expect(recording.primitives().get('R')).toEqual({ family: 'lock', holder: 'w1', count: 2, waiters: [] });
    hub.fastPathOps('w1', [
      { t: t + 2, workerId: 'w1', name: 'R', op: 'released', count: 1 },
      // Another worker's op in w1's batch is not w1's to report.
      { t: t + 3, workerId: 'w2', name: 'R', op: 'acquired', count: 1 },
    ]);
    expect(recording.primitives().get('R')).toEqual({ family: 'lock', holder: 'w1', count: 1, waiters: [] });
    hub.fastPathOps('w1', [{ t: t + 4, workerId: 'w1', name: 'R', op: 'released', count: 0 }]);
    expect(recording.primitives().get('R')).toMatchObject({ holder: null });
    const tail = recording.recorder.keyframeAndTail().tail;
    expect(tail.map((each) => (each.kind === 'cold' ? each.event.type : `${each.fact.actor} ${each.fact.op}`))).toEqual([
      'sync.created',
      // Every op, and after each batch a summary per lock (what the pages get, with the lock's last op).
      'w1 lock.acquired',
      'w1 lock.acquired',
      'w1 lock.fastPath',
      'w1 lock.released',
      'w1 lock.fastPath',
      'w1 lock.released',
      'w1 lock.fastPath',
    ]);
  });

  it('come before the same thread\'s slow-path release in the fold (drained first), so the hand-off folds right', async () => {
    const { clock, hub, recording } = wired();
    hub.create(createPrimitiveSchema.parse({ kind: 'Lock', name: 'L' }));
    // w1 took L on the fast path: the cell says so; the ring tells the recorder.
    const attached = hub.attach('w1', 'L')!.lock!;
    const cell = new Int32Array(attached.cell);
    Atomics.store(cell, STATE, attached.index);
    hub.fastPathOps('w1', [{ t: clock.now(), workerId: 'w1', name: 'L', op: 'acquired', count: 1 }]);
    const replies: unknown[] = [];
    hub.request('w2', { op: 'acquire', name: 'L', blocking: true, timeout: null }, (reply) => replies.push(reply));
    hub.request('w1', { op: 'release', name: 'L', n: 1 }, (reply) => replies.push(reply));
    await new Promise((resolve) => setImmediate(resolve));
    expect(replies).toHaveLength(2);
    expect(recording.primitives().get('L')).toEqual({ family: 'lock', holder: 'w2', count: 1, waiters: [] });
  });
});
