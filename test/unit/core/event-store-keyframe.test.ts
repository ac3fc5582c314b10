import { describe, expect, it } from 'vitest';
import { recordedStore, type RecordedStore } from '../../../src/core/recorder/recorded-store';
import type { LabState } from '../../../src/shared/lab-state';
import { pageHistorySchema } from '../../../src/shared/page-history';
import { labEventSchema, type LabEvent } from '../../../src/shared/protocol';
import { reduceBatch } from '../../../src/shared/reducer';
import { createPrimitiveSchema } from '../../../src/shared/sync';
import { descriptor } from '../shared/event-factory';
import { flush, lab } from './sync/harness';

/** A page: folds its history onto its keyframe, then every live batch after it, as lab-store.ts does (by seq, validated). */
function page(recorded: RecordedStore) {
  const history = pageHistorySchema.parse(recorded.history());
  let state: LabState = reduceBatch(history.keyframe.state, history.events);
  let lastSeq = history.events.at(-1)?.seq ?? history.keyframe.seq;
  recorded.store.subscribe((batch: readonly LabEvent[]) => {
    const fresh = batch.filter((event) => event.seq > lastSeq).map((event) => labEventSchema.parse(event));
    if (fresh.length === 0) return;
    lastSeq = fresh.at(-1)!.seq;
    state = reduceBatch(state, fresh);
  });
  return { state: () => state, history };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('a page that connects in the middle of a run folds to the state of a page there from the start', () => {
  it('gets the latest keyframe and the tail after it; the live events after fold onto it (the whole LabState)', async () => {
    const t = lab(undefined, { onFact: (fact) => recorded.fact(fact) });
    // A keyframe every 3 facts, and retention that keeps one segment: the run's start is gone before the late page comes.
    const recorded = recordedStore(t.clock, { keyframeEveryFacts: 3, retentionBytes: 1 });
    const { store } = recorded;
    const create = (spec: Record<string, unknown>) => {
      const parsed = createPrimitiveSchema.parse(spec);
      t.create(spec);
      store.emit({ type: 'sync.created', primitive: parsed });
    };
    const early = page(recorded);
    for (const id of ['w1', 'w2', 'w3', 'w4']) store.emit({ type: 'worker.starting', worker: descriptor(id) });
    create({ kind: 'Lock', name: 'lockA' });
    create({ kind: 'BoundedSemaphore', name: 'slots', value: 2 });
    create({ kind: 'Queue', name: 'jobs', maxsize: 2 });
    await t.now('w1', { op: 'acquire', name: 'lockA' });
    t.send('w2', { op: 'acquire', name: 'lockA', timeout: 5 });
    await t.now('w3', { op: 'acquire', name: 'slots' });
    await t.now('w1', { op: 'put', name: 'jobs', item: 1 });
    store.emit({ type: 'worker.output', workerId: 'w1', stream: 'stdout', from: 0, to: 6, text: 'hello\n' });
    await flush();
    await turn();

    expect(recorded.recording.recorder.stats().oldestSeq).toBeGreaterThan(0);
    const late = page(recorded);
    expect(late.history.events.length).toBeLessThan(10);
    expect(late.state()).toEqual(early.state());
    const lockA = late.state().sync.states['lockA'];
    expect(lockA?.kind === 'Lock' && lockA.holder?.actor).toBe('w1');
    expect(lockA?.kind === 'Lock' && lockA.waiters.map((w) => [w.actor, w.timeoutMs])).toEqual([['w2', 5000]]);
    expect(late.state().output.byWorker['w1']?.pieces.map((piece) => piece.text)).toEqual(['hello\n']);

    // Live, after the late page connected: a hand-off, a get, a worker ending with a unit taken.
    await t.now('w1', { op: 'release', name: 'lockA' });
    await t.now('w4', { op: 'get', name: 'jobs' });
    t.broker.workerEnded('w3');
    store.emit({ type: 'worker.exited', workerId: 'w3', code: 0, signal: null, exitCode: 0, detail: null });
    await flush();
    await turn();
    expect(late.state()).toEqual(early.state());
    expect(late.state()).toEqual(store.state());
    const after = late.state().sync.states;
    expect(after['lockA']?.kind === 'Lock' && after['lockA'].holder?.actor).toBe('w2');
    expect(after['jobs']?.kind === 'Queue' && [after['jobs'].depth, after['jobs'].puts, after['jobs'].gets]).toEqual([0, 1, 1]);
    expect(after['slots']?.kind === 'BoundedSemaphore' && after['slots'].endedHolders.map((h) => h.actor)).toEqual(['w3']);
  });

  it('sees facts of this turn not yet sent once, in the history, and not again live', async () => {
    const t = lab(undefined, { onFact: (fact) => recorded.fact(fact) });
    const recorded = recordedStore(t.clock);
    const early = page(recorded);
    t.create({ kind: 'Queue', name: 'jobs' });
    recorded.store.emit({ type: 'sync.created', primitive: createPrimitiveSchema.parse({ kind: 'Queue', name: 'jobs' }) });
    t.send('w1', { op: 'put', name: 'jobs', item: 1 });
    // The put's fact waits for the end of the turn: a page connecting now must get it once.
    expect(recorded.store.keptEvents).toBeGreaterThan(0);
    const late = page(recorded);
    await turn();
    expect(late.state()).toEqual(early.state());
    expect(late.state().sync.states['jobs']).toMatchObject({ depth: 1, puts: 1 });
  });
});
