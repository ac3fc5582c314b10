import { describe, expect, it } from 'vitest';
import { blockedBadge, blockedWorkers, describeBlockedOn } from '../../../src/renderer/model/blocked-on';
import { entry, held, waiting } from './sync-fixtures';

const names: Record<string, string> = { w1: 'dl-a-1', w2: 'dl-b-1' };
const nameOf = (id: string) => names[id] ?? id;

describe('what a worker is blocked on', () => {
  const deadlocked = [
    entry('lockA', 'Lock', { holder: held('w1', 1000), waiters: [waiting('w2', 1500)] }),
    entry('lockB', 'Lock', { holder: held('w2', 1100), waiters: [waiting('w1', 1300, 5000)] }),
  ];

  it('reads it from the folded waiter lists, with who holds what it waits for', () => {
    const blocked = blockedWorkers(deadlocked);
    expect(blocked.get('w1')).toEqual({ workerId: 'w1', primitive: 'lockB', kind: 'Lock', op: 'acquire', since: 1300, timeoutMs: 5000, heldBy: ['w2'] });
    expect(blocked.get('w2')).toMatchObject({ primitive: 'lockA', heldBy: ['w1'] });
    expect(blocked.has('w3')).toBe(false);
  });

  it('says it in words, with names and how long', () => {
    const blocked = blockedWorkers(deadlocked);
    expect(describeBlockedOn(blocked.get('w2')!, 3600, nameOf)).toBe('acquire lockA (held by dl-a-1) for 2.1 s');
    expect(describeBlockedOn(blocked.get('w1')!, 1700, nameOf)).toBe('acquire lockB (held by dl-b-1) for 400 ms (timeout 5.0 s)');
    expect(blockedBadge(blocked.get('w1')!)).toBe('waits lockB');
  });

  it('names no holder for a queue or an event, and never the waiter itself', () => {
    const blocked = blockedWorkers([
      entry('q', 'Queue', { waiters: [waiting('w3', 0, null, 'get')] }),
      entry('r', 'RLock', { holder: held('w4', 0, 2), waiters: [waiting('w4', 10)] }),
    ]);
    expect(describeBlockedOn(blocked.get('w3')!, 250, nameOf)).toBe('get q for 250 ms');
    expect(blocked.get('w4')?.heldBy).toEqual([]);
  });

  it('keeps the longest wait should a worker be listed twice', () => {
    const blocked = blockedWorkers([entry('a', 'Lock', { waiters: [waiting('w1', 500)] }), entry('b', 'Lock', { waiters: [waiting('w1', 200)] })]);
    expect(blocked.get('w1')?.primitive).toBe('b');
  });
});
