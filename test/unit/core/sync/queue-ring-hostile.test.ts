import { describe, expect, it } from 'vitest';
import type { SyncFact } from '../../../../src/shared/facts';
import { QueueRing } from '../../../../src/shared/queue-ring';
import { TAG_JSON, TAG_SHIFT } from '../../../../src/shared/queue-record';
import { client, flush, lab } from './harness';

// A thread shares a queue's ring with the host (queue-ring.ts); a hostile or broken one can write anything
// there. The host must answer in words, never throw from a timer, never date facts NaN; and a thread's
// fast ops on a queue are facts before its next brokered request (found by a review of the merge).

const queueFacts = (facts: readonly SyncFact[]) => facts.filter((fact) => fact.op.startsWith('queue.') || fact.op.startsWith('event.'));

describe("a shared queue ring written over by a thread", () => {
  it('a record no put writes is refused in words, on the direct path and on the retry path (section held), and the worker is answered', async () => {
    const t = lab(undefined, { shareQueues: true });
    t.create({ kind: 'Queue', name: 'Q' });
    const attached = t.broker.attachQueue('th', 'Q')!;
    const ring = new QueueRing(attached.ring);
    ring.enter(attached.index, 0);
    ring.put('{{{{', false, 4096, attached.index);
    // The record's word, made a JSON record of text that is not JSON.
    const words = new Int32Array(attached.ring, ring.header.byteLength, 1);
    words[0] = (TAG_JSON << TAG_SHIFT) | (words[0]! & ((1 << TAG_SHIFT) - 1));
    ring.leave();
    const direct = await t.now('w', { op: 'get', name: 'Q', block: false });
    expect(direct).toMatchObject({ ok: false, error: 'RuntimeError' });
    expect(JSON.stringify(direct)).toContain('written over by a thread');
    // Held by the thread when the request comes: the broker retries from a timer, and answers from there.
    ring.enter(attached.index, 0);
    const later = t.send('w2', { op: 'get', name: 'Q', block: false });
    ring.leave();
    await t.advance(0.01);
    expect(later.settled).toBe(true);
    expect(later.reply).toMatchObject({ ok: false, error: 'RuntimeError' });
  });

  it('a section a live thread never lets go: a request is answered with an error after 5 s, not retried for ever', async () => {
    const t = lab(undefined, { shareQueues: true });
    t.create({ kind: 'Queue', name: 'Q' });
    const attached = t.broker.attachQueue('th', 'Q')!;
    const ring = new QueueRing(attached.ring);
    ring.enter(attached.index, 0);
    const call = t.send('w', { op: 'qsize', name: 'Q' });
    await t.advance(4);
    expect(call.settled).toBe(false);
    await t.advance(1.1);
    expect(call.reply).toMatchObject({ ok: false, error: 'RuntimeError' });
    expect(JSON.stringify(call.reply)).toContain('held by a thread for over 5 s');
  });

  it('a NaN time in the op log dates that op as the one before, and every later op of the queue keeps its own time', () => {
    const facts: SyncFact[] = [];
    const t = lab(undefined, { shareQueues: true, onFact: (fact) => facts.push(fact) });
    t.create({ kind: 'Queue', name: 'Q' });
    const attached = t.broker.attachQueue('th', 'Q')!;
    const ring = new QueueRing(attached.ring);
    ring.enter(attached.index, 0);
    ring.put(1, false, 4096, attached.index);
    ring.leave();
    // The log's first entry's time (its Float64 pair follows the ring's 64 KiB of items).
    new Float64Array(attached.ring, ring.header.byteLength + 64 * 1024, 2)[1] = Number.NaN;
    t.broker.snapshot();
    ring.enter(attached.index, 0);
    ring.put(2, false, 4096, attached.index);
    ring.leave();
    t.broker.snapshot();
    const puts = facts.filter((fact) => fact.op === 'queue.put');
    expect(puts).toHaveLength(2);
    for (const put of puts) expect(Number.isFinite(put.t)).toBe(true);
  });
});

describe("a thread's order across primitives", () => {
  it("a fast put and then an Event set are facts in that order (the queue's log is drained before the thread's request)", async () => {
    const facts: SyncFact[] = [];
    const t = lab(undefined, { shareQueues: true, onFact: (fact) => facts.push(fact) });
    t.create({ kind: 'Queue', name: 'Q' });
    t.create({ kind: 'Event', name: 'E' });
    const thread = client(t, 'th', true);
    const q = thread.sync.queue('Q');
    // The first put is brokered (it attaches meanwhile); the next ones are on the ring.
    await q.put('first');
    await flush();
    await flush();
    await q.put('fast');
    await thread.sync.event('E').set();
    await flush();
    const ops = queueFacts(facts).map((fact) => `${fact.op} ${fact.primitive}`);
    expect(ops.indexOf('event.set E')).toBeGreaterThan(ops.lastIndexOf('queue.put Q'));
    expect(ops.filter((op) => op === 'queue.put Q')).toHaveLength(2);
  });
});
