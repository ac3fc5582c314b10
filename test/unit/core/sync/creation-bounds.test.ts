import { describe, expect, it } from 'vitest';
import { SyncHub } from '../../../../src/core/sync-hub';
import { MAX_PRIMITIVES } from '../../../../src/core/sync/broker';
import type { LabEventBody } from '../../../../src/shared/protocol';
import { createPrimitiveSchema } from '../../../../src/shared/sync';
import type { MemoryRefusal } from '../../../../src/core/sync/memory-budget';
import { lab, ManualClock } from './harness';

/**
 * What a worker script can make the lab hold: a bounded number of primitives, pipes' messages in flight
 * charged to the memory budget, and a List's first items not kept in the record for ever.
 */
describe('bounds on what creations hold', () => {
  it(`refuses the primitive past ${MAX_PRIMITIVES} in words, counting companions, and takes one again after a delete`, () => {
    const t = lab();
    for (let n = 0; n < MAX_PRIMITIVES - 1; n += 1) t.create({ kind: 'Lock', name: `l${n}` });
    // A Condition with its own RLock is two: one short.
    const condition = t.broker.create(createPrimitiveSchema.parse({ kind: 'Condition', name: 'cv' }));
    expect(condition).toEqual({ ok: false, type: 'MemoryError', error: 'the lab holds at most 1,000 primitives at once, and has that many: delete some before creating more' });
    t.create({ kind: 'Lock', name: 'last' });
    expect(t.broker.create(createPrimitiveSchema.parse({ kind: 'Lock', name: 'one-more' }))).toMatchObject({ ok: false, error: expect.stringMatching(/at most 1,000 primitives/) });
    // A List refused for the count charges nothing.
    expect(t.broker.create(createPrimitiveSchema.parse({ kind: 'List', name: 'big', items: ['x'.repeat(1000)] }))).toMatchObject({ ok: false });
    expect(t.broker.snapshot()).toHaveLength(MAX_PRIMITIVES);
    expect(t.broker.delete('l0')).toMatchObject({ ok: true });
    t.create({ kind: 'Lock', name: 'again' });
  });

  it("charges a pipe's messages in flight to the memory budget, refuses past it with MemoryError, and gives back on recv", async () => {
    const t = lab(undefined, { memoryBudgetBytes: 10_000 });
    t.create({ kind: 'Pipe', name: 'p' });
    t.create({ kind: 'Queue', name: 'q' });
    const big = 'x'.repeat(6_000);
    expect(await t.now('w1', { op: 'pipe_send', name: 'p', end: 0, item: big })).toEqual({ ok: true, value: null });
    expect(t.view('p').bytes).toBe(6_002);
    // The queue and the pipe share one budget.
    const refused = await t.now('w2', { op: 'put', name: 'q', item: big });
    expect(refused).toMatchObject({ ok: false, error: 'MemoryError' });
    // A second message towards the other end is refused too (that direction is empty, so it would fit the pipe's own buffer).
    const towardsZero = await t.now('w2', { op: 'pipe_send', name: 'p', end: 1, item: big });
    expect(towardsZero).toMatchObject({ ok: false, error: 'MemoryError' });
    expect(towardsZero.ok ? '' : towardsZero.message).toMatch(/adding 6050 bytes to p would pass .* for all queues, dicts, lists and pipes/);
    expect(await t.now('w2', { op: 'pipe_recv', name: 'p', end: 1 })).toEqual({ ok: true, value: big });
    expect(t.view('p').bytes).toBe(0);
    expect(await t.now('w2', { op: 'pipe_send', name: 'p', end: 1, item: big })).toEqual({ ok: true, value: null });
  });

  it("a sender blocked on a full pipe buffer that then finds no memory gets MemoryError, not a send", async () => {
    const t = lab(undefined, { memoryBudgetBytes: 85_000 });
    t.create({ kind: 'Pipe', name: 'p' });
    t.create({ kind: 'Queue', name: 'q' });
    await t.now('w1', { op: 'pipe_send', name: 'p', end: 0, item: 'a'.repeat(30_000) });
    // 30 KB and 60 KB pass the pipe's 64 KiB buffer: the second send blocks, charging nothing yet.
    const blocked = t.send('w1', { op: 'pipe_send', name: 'p', end: 0, item: 'b'.repeat(60_000) });
    await t.advance(0);
    expect(blocked.settled).toBe(false);
    // Meanwhile a queue takes most of the memory; reading the first message makes buffer room, not enough memory.
    expect(await t.now('w3', { op: 'put', name: 'q', item: 'c'.repeat(50_000) })).toMatchObject({ ok: true });
    await t.now('w2', { op: 'pipe_recv', name: 'p', end: 1 });
    await t.advance(0);
    expect(blocked.reply).toMatchObject({ ok: false, error: 'MemoryError' });
    expect(t.view('p')).toMatchObject({ depth: 0, bytes: 0 });
  });

  it('a List a worker creates past the budget is its MemoryError, charged to it; from the UI the words say MemoryError', () => {
    const refusals: MemoryRefusal[] = [];
    const events: LabEventBody[] = [];
    const hub = new SyncHub({ clock: new ManualClock(), emit: (event) => events.push(event), samplePeriodMs: () => 500, syncSampleMs: 0 });
    const big = createPrimitiveSchema.parse({ kind: 'List', name: 'l', items: Array.from({ length: 10_000 }, () => 'x'.repeat(10_000)) });
    const reply = hub.createFor('w7', big);
    expect(reply).toMatchObject({ ok: false, error: 'MemoryError', message: expect.stringMatching(/^the lab's memory budget is full: adding \d+ bytes to l/) });
    expect(events.find((event) => event.type === 'sync.memoryRefused')).toMatchObject({ workerId: 'w7', primitive: 'l' });
    expect(hub.create(big)).toMatchObject({ ok: false, error: expect.stringMatching(/^MemoryError: the lab's memory budget is full/) });
    // A name taken is still a ValueError, in the same words from the UI.
    expect(hub.createFor('w7', createPrimitiveSchema.parse({ kind: 'Lock', name: 'a' }))).toEqual({ ok: true, value: null });
    expect(hub.createFor('w7', createPrimitiveSchema.parse({ kind: 'Lock', name: 'a' }))).toEqual({ ok: false, error: 'ValueError', message: 'the name "a" is taken: pick another' });
    const t = lab(undefined, { memoryBudgetBytes: 100, onMemoryRefused: (refusal) => refusals.push(refusal) });
    expect(t.broker.create(createPrimitiveSchema.parse({ kind: 'List', name: 'm', items: ['x'.repeat(200)] }), 'w3')).toMatchObject({ ok: false, type: 'MemoryError' });
    expect(refusals).toMatchObject([{ primitive: 'm', workerId: 'w3' }]);
    hub.stop();
  });

  it("records a List's creation without its items, only how many (the record keeps every creation for ever)", () => {
    const events: LabEventBody[] = [];
    const hub = new SyncHub({ clock: new ManualClock(), emit: (event) => events.push(event), samplePeriodMs: () => 500, syncSampleMs: 0 });
    expect(hub.create(createPrimitiveSchema.parse({ kind: 'List', name: 'l', items: Array.from({ length: 10_000 }, () => 'x'.repeat(100)) }))).toMatchObject({ ok: true });
    expect(hub.create(createPrimitiveSchema.parse({ kind: 'List', name: 'empty' }))).toMatchObject({ ok: true });
    expect(events.filter((event) => event.type === 'sync.created')).toEqual([
      { type: 'sync.created', primitive: { kind: 'List', name: 'l', items: [] }, firstItems: 10_000 },
      { type: 'sync.created', primitive: { kind: 'List', name: 'empty', items: [] } },
    ]);
    hub.stop();
  });
});
