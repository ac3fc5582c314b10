import { describe, expect, it } from 'vitest';
import { describePrimitiveState } from '../../../src/renderer/format/describe-primitive-state';
import { primitiveEntries, waitedOnEntries } from '../../../src/renderer/model/primitive-list';
import { peopleOf } from '../../../src/renderer/model/primitive-people';
import { withCreated, withFacts } from '../../../src/shared/sync-states';
import type { CreatePrimitive } from '../../../src/shared/sync';

const created: CreatePrimitive[] = [
  { kind: 'Lock', name: 'L' },
  { kind: 'Condition', name: 'cv' },
  { kind: 'Timer', name: 't', interval: 2, event: 'e' },
];
const states = created.reduce(withCreated, {});

describe('the Sync view reads the states folded from facts', () => {
  it('lists every state in creation order, a Condition own lock as its companion', () => {
    const entries = primitiveEntries({ created, states });
    expect(entries.map((each) => [each.name, each.kind, each.companion])).toEqual([
      ['L', 'Lock', false],
      ['cv.lock', 'RLock', true],
      ['cv', 'Condition', false],
      ['t', 'Timer', false],
    ]);
    expect(entries.map(describePrimitiveState)).toEqual(['free', 'free', 'lock cv.lock', 'new; sets e after 2 s']);
  });

  it('a lock held per its facts is held, with its waiter, from its facts alone', () => {
    const folded = withFacts(states, [
      { t: 10, op: 'lock.acquired', actor: 'w1', primitive: 'L', count: 1 },
      { t: 20, op: 'lock.waiting', actor: 'w2', primitive: 'L', timeoutMs: 500 },
      { t: 30, op: 'timer.start', actor: 'lab', primitive: 't' },
    ]);
    const [lock, , , timer] = primitiveEntries({ created, states: folded });
    expect(describePrimitiveState(lock!)).toBe('held');
    expect(peopleOf(lock!)).toEqual({ holders: [{ actor: 'w1', since: 10, count: 1 }], endedHolders: [], waiters: [{ actor: 'w2', op: 'acquire', since: 20, timeoutMs: 500 }] });
    expect(describePrimitiveState(timer!)).toBe('waiting; sets e after 2 s');
  });

  it('a lock a thread holds is held only as its facts say (no sampled holder: a dropped batch is restated by the host)', () => {
    const held = withFacts(states, [{ t: 10, op: 'lock.acquired', actor: 'w3', primitive: 'L', count: 2 }]);
    const [lock] = primitiveEntries({ created, states: held });
    expect(describePrimitiveState(lock!)).toBe('held');
    expect(peopleOf(lock!).holders).toEqual([{ actor: 'w3', since: 10, count: 2 }]);
    expect(peopleOf(primitiveEntries({ created, states })[0]!).holders).toEqual([]);
  });

  it('keeps the entry of a primitive whose state did not change, and the waited-on list while its waits are the same', () => {
    const many: CreatePrimitive[] = Array.from({ length: 100 }, (_, i) => ({ kind: 'Lock', name: `lock${i}` }));
    const start = withFacts(many.reduce(withCreated, {}), [
      { t: 1, op: 'lock.acquired', actor: 'w1', primitive: 'lock7', count: 1 },
      { t: 2, op: 'lock.waiting', actor: 'w2', primitive: 'lock7', timeoutMs: 1000 },
    ]);
    const before = primitiveEntries({ created: many, states: start });
    const waitedBefore = waitedOnEntries({ created: many, states: start });
    expect(waitedBefore.map((each) => each.name)).toEqual(['lock7']);
    // Another lock changes holder: only its entry is new; the waits are the same, so is the list of them.
    const next = withFacts(start, [{ t: 3, op: 'lock.acquired', actor: 'w3', primitive: 'lock50', count: 1 }]);
    const after = primitiveEntries({ created: many, states: next });
    expect(after).not.toBe(before);
    expect(after.filter((each, index) => each !== before[index]).map((each) => each.name)).toEqual(['lock50']);
    expect(waitedOnEntries({ created: many, states: next })).toBe(waitedBefore);
    // A new wait: a new list, with it.
    const waits = withFacts(next, [{ t: 4, op: 'lock.waiting', actor: 'w4', primitive: 'lock50', timeoutMs: 100 }]);
    expect(waitedOnEntries({ created: many, states: waits }).map((each) => each.name)).toEqual(['lock7', 'lock50']);
    expect(peopleOf(after[50]!)).toBe(peopleOf(after[50]!));
  });
});
