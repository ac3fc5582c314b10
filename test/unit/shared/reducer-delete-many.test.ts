import { describe, expect, it } from 'vitest';
import type { LabState } from '../../../src/shared/lab-state';
import { reduce, reduceAll } from '../../../src/shared/reducer';
import { eventStream, labStarted } from './event-factory';

const LOCKS = 1_000; // the lab's limit of primitives

/**
 * Deleting many primitives one at a time, as a teacher clearing a demo does: each deletion leaves the others
 * as they were (same order, same objects) and copies nothing it does not remove from.
 */
describe('the reducer, deleting many primitives one by one', () => {
  it('keeps the rest in creation order and untouched, and the queue charts as they were while no queue goes', () => {
    const s = eventStream();
    let state: LabState = reduceAll([
      s.event(labStarted()),
      s.event({ type: 'sync.created', primitive: { kind: 'Queue', name: 'q', maxsize: 0 } }),
      ...Array.from({ length: LOCKS }, (_, i) => s.event({ type: 'sync.created', primitive: { kind: 'Lock', name: `lock${i}` } })),
      s.event({ type: 'sync.facts', facts: [{ t: 5, op: 'lock.acquired', actor: 'w1', primitive: 'lock7', count: 1 }] }),
      s.event({ type: 'metrics.cpu', cores: [10], total: 10 }),
    ]);
    const held = state.sync.states['lock7'];
    const charts = state.sync.queueSeries;
    expect(Object.keys(charts)).toEqual(['q']);

    // Every even lock, from the last one down: the order of deletion must not matter to what stays.
    for (let i = LOCKS - 2; i >= 0; i -= 2) {
      if (i === 6) continue;
      state = reduce(state, s.event({ type: 'sync.deleted', name: `lock${i}`, removed: [`lock${i}`] }));
    }
    const odd = Array.from({ length: LOCKS / 2 }, (_, i) => `lock${2 * i + 1}`);
    const kept = ['q', 'lock6', ...odd].sort((a, b) => order(a) - order(b));
    expect(state.sync.created.map((spec) => spec.name)).toEqual(kept);
    expect(Object.keys(state.sync.states)).toEqual(kept);
    expect(state.sync.states['lock7']).toBe(held);
    expect(state.sync.states['lock7']).toMatchObject({ kind: 'Lock', holder: { actor: 'w1', count: 1 } });
    expect(state.sync.queueSeries).toBe(charts);

    // A name deleted already (or never made) changes nothing; a queue's deletion takes its chart.
    const before = state.sync.states;
    state = reduce(state, s.event({ type: 'sync.deleted', name: 'lock0', removed: ['lock0'] }));
    expect(state.sync.states).toBe(before);
    state = reduce(state, s.event({ type: 'sync.deleted', name: 'q', removed: ['q'] }));
    expect(state.sync.queueSeries).toEqual({});
    expect(state.sync.states['q']).toBeUndefined();
    expect(Object.keys(state.sync.states)).toHaveLength(LOCKS / 2 + 1);

    // The names can come back, last in order.
    state = reduce(state, s.event({ type: 'sync.created', primitive: { kind: 'Lock', name: 'lock0' } }));
    expect(Object.keys(state.sync.states).at(-1)).toBe('lock0');
    expect(state.sync.states['lock0']).toMatchObject({ kind: 'Lock', holder: null });
  });
});

/** Creation order: the queue first, then lockN by N. */
const order = (name: string): number => (name === 'q' ? -1 : Number(name.slice('lock'.length)));
