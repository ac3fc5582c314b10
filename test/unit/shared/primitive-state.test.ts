import { describe, expect, it } from 'vitest';
import { timeoutArg, type SyncFact, type SyncFactBody } from '../../../src/shared/facts';
import { PrimitiveFold } from '../../../src/shared/primitive-fold';
import { PEOPLE_MAX, primitiveStateSchema, primitiveStatesSchema } from '../../../src/shared/primitive-state';
import { createPrimitiveSchema } from '../../../src/shared/sync';

const fact = (body: SyncFactBody & { t?: number }): SyncFact => ({ t: 1, ...body }) as SyncFact;

describe('PrimitiveState: one shape per kind, folded from facts', () => {
  it('an observed RLock (another runtime: no broker) folds from its facts alone: holder, count, waiters with timeouts', () => {
    const fold = new PrimitiveFold();
    fold.created(createPrimitiveSchema.parse({ kind: 'RLock', name: 'py_lock' }), 'observed');
    fold.apply(fact({ op: 'lock.acquired', actor: 'py:1:7', primitive: 'py_lock', count: 1, t: 10 }));
    fold.apply(fact({ op: 'lock.acquired', actor: 'py:1:7', primitive: 'py_lock', count: 2, t: 11 }));
    fold.apply(fact({ op: 'lock.waiting', actor: 'py:1:8', primitive: 'py_lock', timeoutMs: timeoutArg(2500), t: 12 }));
    fold.apply(fact({ op: 'lock.waiting', actor: 'py:1:9', primitive: 'py_lock', timeoutMs: timeoutArg(null), t: 13 }));
    expect(fold.states.get('py_lock')).toEqual({
      kind: 'RLock',
      name: 'py_lock',
      origin: 'observed',
      holder: { actor: 'py:1:7', since: 10, count: 2 },
      waiters: [
        { actor: 'py:1:8', op: 'acquire', since: 12, timeoutMs: 2500 },
        { actor: 'py:1:9', op: 'acquire', since: 13, timeoutMs: null },
      ],
      ownerDied: null,
      fastAcquisitions: 0,
    });
    fold.apply(fact({ op: 'lock.released', actor: 'py:1:7', primitive: 'py_lock', count: 1 }));
    fold.apply(fact({ op: 'lock.released', actor: 'py:1:7', primitive: 'py_lock', count: 0 }));
    fold.apply(fact({ op: 'lock.acquired', actor: 'py:1:8', primitive: 'py_lock', count: 1, t: 20 }));
    const state = fold.states.get('py_lock');
    expect(state?.kind === 'RLock' && state.holder).toEqual({ actor: 'py:1:8', since: 20, count: 1 });
    expect(state?.kind === 'RLock' && state.waiters.map((w) => w.actor)).toEqual(['py:1:9']);
  });

  it('a fact of another kind is a bug in its emitter: thrown, not guessed at', () => {
    const fold = new PrimitiveFold();
    fold.created(createPrimitiveSchema.parse({ kind: 'Event', name: 'go' }));
    expect(() => fold.apply(fact({ op: 'queue.put', actor: 'w1', primitive: 'go', depth: 1 }))).toThrow('queue.put on go, a Event');
    fold.apply(fact({ op: 'event.set', actor: 'w1', primitive: 'nobody', woken: 0 }));
    expect(fold.unknown).toBe(1);
  });

  it('a Condition made without a lock brings its RLock first, as the broker makes them', () => {
    const fold = new PrimitiveFold();
    fold.created(createPrimitiveSchema.parse({ kind: 'Condition', name: 'c' }));
    expect([...fold.states.values()].map((s) => `${s.kind} ${s.name}`)).toEqual(['RLock c.lock', 'Condition c']);
    expect(primitiveStatesSchema.parse(fold.list())).toHaveLength(2);
  });

  it('the schema is strict per kind and bounded: no field of another kind, no list past PEOPLE_MAX', () => {
    const event = { kind: 'Event', name: 'go', origin: 'lab', flag: true, waiters: [] };
    expect(primitiveStateSchema.safeParse(event).success).toBe(true);
    expect(primitiveStateSchema.safeParse({ ...event, depth: 3 }).success).toBe(false);
    expect(primitiveStateSchema.safeParse({ ...event, origin: 'elsewhere' }).success).toBe(false);
    const waiter = { actor: 'w1', op: 'wait', since: 1, timeoutMs: null };
    expect(primitiveStateSchema.safeParse({ ...event, waiters: Array.from({ length: PEOPLE_MAX + 1 }, () => waiter) }).success).toBe(false);
  });
});
