import { describe, expect, it } from 'vitest';
import type { PrimitiveKind, PrimitiveSnapshot, SyncOp } from '../../../src/shared/sync';
import { describeCycle, emptySnapshot } from '../../../src/shared/sync';
import { findDeadlock, waitForEdges } from '../../../src/shared/wait-for';

interface Spec {
  kind?: PrimitiveKind;
  holders?: (string | [string, number])[];
  waiters?: (string | [string, SyncOp] | [string, SyncOp, number | null])[];
  value?: number;
}

/** A snapshot with only what the graph reads; waits are for ever unless given a timeout. */
function prim(name: string, { kind = 'Lock', holders = [], waiters = [], value }: Spec): PrimitiveSnapshot {
  return {
    ...emptySnapshot(name, kind),
    holders: holders.map((holder) => (typeof holder === 'string' ? { workerId: holder, since: 0, count: 1 } : { workerId: holder[0], since: 0, count: holder[1] })),
    waiters: waiters.map((waiter) => {
      const [workerId, op, timeoutMs] = typeof waiter === 'string' ? [waiter, 'acquire' as SyncOp, null] : [waiter[0], waiter[1], waiter[2] ?? null];
      return { workerId, op, since: 0, timeoutMs };
    }),
    value: value ?? (kind === 'Semaphore' || kind === 'BoundedSemaphore' ? 0 : null),
  };
}

/** A ring of n workers: w_i holds L_i and waits for L_(i+1). */
const ring = (n: number) =>
  Array.from({ length: n }, (_, i) => prim(`L${i + 1}`, { holders: [`w${i + 1}`], waiters: [`w${i === 0 ? n : i}`] }));

describe('waitForEdges', () => {
  it('links each acquire waiter to every other holder, labelled with the primitive', () => {
    const edges = waitForEdges([
      prim('A', { holders: ['w1'], waiters: ['w2', ['w3', 'acquire', 500]] }),
      prim('S', { kind: 'Semaphore', holders: ['w1', ['w2', 2], 'w4'], waiters: ['w4'] }),
    ]);
    expect(edges).toEqual([
      { from: 'w2', to: 'w1', primitive: 'A', timeoutMs: null },
      { from: 'w3', to: 'w1', primitive: 'A', timeoutMs: 500 },
      { from: 'w4', to: 'w1', primitive: 'S', timeoutMs: null },
      { from: 'w4', to: 'w2', primitive: 'S', timeoutMs: null },
    ]);
  });

  it('gives no edge for waits anyone can end: Condition, Event, Barrier, queues', () => {
    expect(
      waitForEdges([
        prim('C', { kind: 'Condition', holders: ['w1'], waiters: [['w2', 'wait']] }),
        prim('E', { kind: 'Event', waiters: [['w1', 'wait']] }),
        prim('B', { kind: 'Barrier', waiters: [['w1', 'wait']] }),
        prim('Q', { kind: 'Queue', waiters: [['w1', 'get'], ['w2', 'put'], ['w3', 'join']] }),
      ]),
    ).toEqual([]);
  });
});

describe('findDeadlock', () => {
  it('finds the classic two-lock deadlock, in wait order from the smallest worker', () => {
    const cycle = findDeadlock([prim('lockA', { holders: ['w1'], waiters: ['w2'] }), prim('lockB', { holders: ['w2'], waiters: ['w1'] })]);
    expect(cycle).toEqual([
      { workerId: 'w1', primitive: 'lockB', heldBy: 'w2' },
      { workerId: 'w2', primitive: 'lockA', heldBy: 'w1' },
    ]);
    expect(describeCycle(cycle!)).toBe('Deadlock: w1 waits for lockB held by w2; w2 waits for lockA held by w1');
  });

  it.each([2, 3, 4, 5])('finds a ring of %i', (n) => {
    const cycle = findDeadlock(ring(n));
    expect(cycle).toHaveLength(n);
    expect(cycle![0]).toEqual({ workerId: 'w1', primitive: 'L2', heldBy: 'w2' });
    expect(cycle!.map((step) => step.workerId)).toEqual(Array.from({ length: n }, (_, i) => `w${i + 1}`));
    expect(cycle![n - 1]).toEqual({ workerId: `w${n}`, primitive: 'L1', heldBy: 'w1' });
  });

  it('orders worker ids as numbers where they are (w2 before w10)', () => {
    const cycle = findDeadlock([prim('A', { holders: ['w10'], waiters: ['w2'] }), prim('B', { holders: ['w2'], waiters: ['w10'] })]);
    expect(cycle!.map((step) => step.workerId)).toEqual(['w2', 'w10']);
  });

  it('ignores waits with a timeout: they end by themselves', () => {
    expect(findDeadlock([prim('A', { holders: ['w1'], waiters: [['w2', 'acquire', 1000]] }), prim('B', { holders: ['w2'], waiters: ['w1'] })])).toBeNull();
  });

  it('does not report a long wait whose holder is running, or blocked on something anyone can end', () => {
    expect(findDeadlock([prim('A', { holders: ['w1'], waiters: ['w2', 'w3'] })])).toBeNull();
    const chain = [prim('A', { holders: ['w1'], waiters: ['w2'] }), prim('B', { holders: ['w2'], waiters: ['w3'] })];
    expect(findDeadlock(chain)).toBeNull();
    expect(findDeadlock([prim('A', { holders: ['w1'], waiters: ['w2'] }), prim('E', { kind: 'Event', waiters: [['w1', 'wait']] })])).toBeNull();
    expect(findDeadlock([prim('A', { holders: ['w1'], waiters: ['w2'] }), prim('Q', { kind: 'Queue', waiters: [['w1', 'get']] })])).toBeNull();
  });

  it('a semaphore with one free-running holder breaks the cycle', () => {
    const primitives = [
      prim('S', { kind: 'Semaphore', holders: ['w2', 'w3'], waiters: ['w1'] }),
      prim('L', { holders: ['w1'], waiters: ['w2'] }),
    ];
    expect(findDeadlock(primitives)).toBeNull();
    // Once w3 is blocked too, on the same lock, nobody can give a unit back.
    const stuck = [prim('S', { kind: 'Semaphore', holders: ['w2', 'w3'], waiters: ['w1'] }), prim('L', { holders: ['w1'], waiters: ['w2', 'w3'] })];
    expect(findDeadlock(stuck)).toEqual([
      { workerId: 'w1', primitive: 'S', heldBy: 'w2' },
      { workerId: 'w2', primitive: 'L', heldBy: 'w1' },
    ]);
  });

  it('a semaphore with units free or no holders is no deadlock', () => {
    expect(findDeadlock([prim('S', { kind: 'Semaphore', holders: ['w2'], waiters: ['w1'], value: 1 }), prim('L', { holders: ['w1'], waiters: ['w2'] })])).toBeNull();
    expect(findDeadlock([prim('S', { kind: 'Semaphore', waiters: ['w1'] })])).toBeNull();
  });

  it('reports the cycle, not a worker queued behind it', () => {
    const primitives = [...ring(3), prim('X', { holders: ['w2'], waiters: ['w0'] })];
    expect(findDeadlock(primitives)!.map((step) => step.workerId)).toEqual(['w1', 'w2', 'w3']);
  });

  it('counts a Condition re-acquire, which is an acquire on the lock', () => {
    const primitives = [
      prim('C.lock', { kind: 'RLock', holders: [['w1', 2]], waiters: ['w2'] }),
      prim('C', { kind: 'Condition', holders: [['w1', 2]] }),
      prim('M', { holders: ['w2'], waiters: ['w1'] }),
    ];
    expect(findDeadlock(primitives)).toEqual([
      { workerId: 'w1', primitive: 'M', heldBy: 'w2' },
      { workerId: 'w2', primitive: 'C.lock', heldBy: 'w1' },
    ]);
  });

  it('reports a Lock acquired again by its own holder as a one-step cycle', () => {
    expect(findDeadlock([prim('L', { holders: ['w1'], waiters: ['w1'] })])).toEqual([{ workerId: 'w1', primitive: 'L', heldBy: 'w1' }]);
  });

  it('is null with nothing blocked', () => {
    expect(findDeadlock([])).toBeNull();
    expect(findDeadlock([prim('L', { holders: ['w1'] })])).toBeNull();
  });
});
