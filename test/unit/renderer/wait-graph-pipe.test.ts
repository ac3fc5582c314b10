import { describe, expect, it } from 'vitest';
import { PIPE_CAPACITY_BYTES } from '../../../src/core/sync/pipe';
import { waitGraphModel } from '../../../src/renderer/model/wait-graph-model';
import { primitiveEntries } from '../../../src/renderer/model/primitive-list';
import { PrimitiveFold } from '../../../src/shared/primitive-fold';
import { fromKeyframe } from '../../../src/shared/sync-states';
import { findDeadlock } from '../../../src/shared/wait-for';
import { flush, lab } from '../core/sync/harness';

describe('a sender blocked on a full Pipe in the wait-for graph', () => {
  it('waits for the worker that reads the pipe, drawn through the pipe showing its unread bytes; never a deadlock', async () => {
    const fold = new PrimitiveFold();
    const t = lab(undefined, { onFact: (fact) => fold.apply(fact) });
    t.create({ kind: 'Pipe', name: 'p' });
    fold.created({ kind: 'Pipe', name: 'p', duplex: true });
    // What the view reads: the folded states alone (a pipe's waiters are facts: pipe.sendWait, pipe.recvWait).
    const entries = () => primitiveEntries({ created: [{ kind: 'Pipe', name: 'p', duplex: true }], states: fromKeyframe(fold.list()) });
    // Both have read once: w1 at end 0, w2 at end 1.
    await t.now('w1', { op: 'pipe_send', name: 'p', end: 0, item: 'hi' });
    await t.now('w2', { op: 'pipe_recv', name: 'p', end: 1 });
    await t.now('w2', { op: 'pipe_send', name: 'p', end: 1, item: 'hi' });
    await t.now('w1', { op: 'pipe_recv', name: 'p', end: 0 });
    const chunk = 'x'.repeat(10_000);
    expect(waitGraphModel(entries(), null, 6, (id) => id).edges).toEqual([]);
    while (t.view('p').bytes! + 10_002 <= PIPE_CAPACITY_BYTES) await t.now('w1', { op: 'pipe_send', name: 'p', end: 0, item: chunk });
    const blocked = t.send('w1', { op: 'pipe_send', name: 'p', end: 0, item: chunk });
    await flush();
    expect(blocked.settled).toBe(false);
    const model = waitGraphModel(entries(), null, 6, (id) => id);
    expect(model.words).toBe('w1 waits for p to be read by w2');
    expect(model.nodes).toContainEqual(expect.objectContaining({ type: 'primitive', name: 'p', detail: `full: ${t.view('p').bytes} B unread` }));
    expect(model.edges.map((edge) => [edge.from, edge.to])).toEqual([
      ['w1', 'primitive:p'],
      ['primitive:p', 'w2'],
    ]);
    expect(findDeadlock(t.broker.snapshot())).toBeNull();
    // The reader reads: the sender goes on, and the graph is empty again.
    await t.now('w2', { op: 'pipe_recv', name: 'p', end: 1 });
    await flush();
    expect(blocked.settled).toBe(true);
    expect(waitGraphModel(entries(), null, 6, (id) => id).edges).toEqual([]);
  });
});
