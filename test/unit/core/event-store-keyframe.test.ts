import { describe, expect, it } from 'vitest';
import { EventStore } from '../../../src/core/event-store';
import { INITIAL_STATE, type LabState } from '../../../src/shared/lab-state';
import { labEventSchema, type LabEvent } from '../../../src/shared/protocol';
import { reduceBatch } from '../../../src/shared/reducer';
import { createPrimitiveSchema } from '../../../src/shared/sync';
import { flush, lab } from './sync/harness';

/** A page: folds its history, then every live batch after it, as lab-store.ts does (by seq, validated). */
function page(store: EventStore) {
  const history = store.history().map((event) => labEventSchema.parse(event));
  let state: LabState = reduceBatch(INITIAL_STATE, history);
  let lastSeq = history.at(-1)?.seq ?? -1;
  store.subscribe((batch: readonly LabEvent[]) => {
    const fresh = batch.filter((event) => event.seq > lastSeq).map((event) => labEventSchema.parse(event));
    if (fresh.length === 0) return;
    lastSeq = fresh.at(-1)!.seq;
    state = reduceBatch(state, fresh);
  });
  return { state: () => state };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('a page that connects in the middle of a run sees the primitives a page there from the start sees', () => {
  it('history ends with a sync.keyframe of the folded facts; the live facts after it fold onto it', async () => {
    const t = lab(undefined, { onFact: (fact) => store.fact(fact) });
    const store = new EventStore(t.clock);
    const create = (spec: Record<string, unknown>) => {
      const parsed = createPrimitiveSchema.parse(spec);
      t.create(spec);
      store.emit({ type: 'sync.created', primitive: parsed });
    };
    const early = page(store);
    create({ kind: 'Lock', name: 'lockA' });
    create({ kind: 'BoundedSemaphore', name: 'slots', value: 2 });
    create({ kind: 'Queue', name: 'jobs', maxsize: 2 });
    await t.now('w1', { op: 'acquire', name: 'lockA' });
    t.send('w2', { op: 'acquire', name: 'lockA', timeout: 5 });
    await t.now('w3', { op: 'acquire', name: 'slots' });
    await t.now('w1', { op: 'put', name: 'jobs', item: 1 });
    await flush();
    await turn();

    const late = page(store);
    expect(late.state().sync.states).toEqual(early.state().sync.states);
    const lockA = late.state().sync.states['lockA'];
    expect(lockA?.kind === 'Lock' && lockA.holder?.actor).toBe('w1');
    expect(lockA?.kind === 'Lock' && lockA.waiters.map((w) => [w.actor, w.timeoutMs])).toEqual([['w2', 5000]]);

    // Live, after the late page connected: a hand-off, a get, a worker ending with a unit taken.
    await t.now('w1', { op: 'release', name: 'lockA' });
    await t.now('w4', { op: 'get', name: 'jobs' });
    t.broker.workerEnded('w3');
    store.emit({ type: 'worker.exited', workerId: 'w3', code: 0, signal: null, exitCode: 0, detail: null });
    await flush();
    await turn();
    expect(late.state().sync.states).toEqual(early.state().sync.states);
    const after = late.state().sync.states;
    expect(after['lockA']?.kind === 'Lock' && after['lockA'].holder?.actor).toBe('w2');
    expect(after['jobs']?.kind === 'Queue' && [after['jobs'].depth, after['jobs'].puts, after['jobs'].gets]).toEqual([0, 1, 1]);
    expect(after['slots']?.kind === 'BoundedSemaphore' && after['slots'].endedHolders.map((h) => h.actor)).toEqual(['w3']);
  });
});
