import { describe, expect, it } from 'vitest';
import { findDeadlock, waitForEdges } from '../../../../src/shared/wait-for';
import { flush, lab } from './harness';

// The broker's snapshots feed the wait-for graph: real deadlocks are seen, and go away when broken.

describe('broker snapshots and the wait-for graph', () => {
  it('sees the two-lock deadlock, and sees it end when a worker dies', async () => {
    const t = lab();
    t.create({ kind: 'Lock', name: 'lockA' });
    t.create({ kind: 'Lock', name: 'lockB' });
    await t.now('w1', { op: 'acquire', name: 'lockA' });
    await t.now('w2', { op: 'acquire', name: 'lockB' });
    t.send('w1', { op: 'acquire', name: 'lockB' });
    t.send('w2', { op: 'acquire', name: 'lockA' });
    await flush();
    expect(waitForEdges(t.broker.snapshot()).map((edge) => `${edge.from}>${edge.primitive}>${edge.to}`)).toEqual(['w2>lockA>w1', 'w1>lockB>w2']);
    expect(findDeadlock(t.broker.snapshot())).toEqual([
      { workerId: 'w1', primitive: 'lockB', heldBy: 'w2' },
      { workerId: 'w2', primitive: 'lockA', heldBy: 'w1' },
    ]);
    t.broker.workerEnded('w2');
    expect(findDeadlock(t.broker.snapshot())).toBeNull();
  });

  it('does not report the same shape with a timeout: it ends by itself', async () => {
    const t = lab();
    t.create({ kind: 'Lock', name: 'lockA' });
    t.create({ kind: 'Lock', name: 'lockB' });
    await t.now('w1', { op: 'acquire', name: 'lockA' });
    await t.now('w2', { op: 'acquire', name: 'lockB' });
    t.send('w1', { op: 'acquire', name: 'lockB', timeout: 1 });
    t.send('w2', { op: 'acquire', name: 'lockA' });
    await flush();
    expect(findDeadlock(t.broker.snapshot())).toBeNull();
    await t.advance(1);
    expect(waitForEdges(t.broker.snapshot())).toHaveLength(1);
  });

  it('a Condition wait is no edge, but its re-acquire is', async () => {
    const t = lab();
    t.create({ kind: 'Condition', name: 'C' });
    t.create({ kind: 'Lock', name: 'M' });
    await t.now('w1', { op: 'acquire', name: 'C' });
    t.send('w1', { op: 'wait', name: 'C' });
    await flush();
    expect(waitForEdges(t.broker.snapshot())).toEqual([]);
    // w2 notifies, then (still inside the condition) blocks on M, which w3 holds while waiting for C.
    await t.now('w2', { op: 'acquire', name: 'C' });
    await t.now('w2', { op: 'notify', name: 'C' });
    await t.now('w3', { op: 'acquire', name: 'M' });
    t.send('w2', { op: 'acquire', name: 'M' });
    t.send('w3', { op: 'acquire', name: 'C' });
    await flush();
    expect(waitForEdges(t.broker.snapshot()).map((edge) => `${edge.from}>${edge.primitive}>${edge.to}`)).toEqual(['w1>C.lock>w2', 'w3>C.lock>w2', 'w2>M>w3']);
    expect(findDeadlock(t.broker.snapshot())).toEqual([
      { workerId: 'w2', primitive: 'M', heldBy: 'w3' },
      { workerId: 'w3', primitive: 'C.lock', heldBy: 'w2' },
    ]);
  });
});
