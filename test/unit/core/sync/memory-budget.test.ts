import { describe, expect, it } from 'vitest';
import { costOf, MEMORY_BUDGET_BYTES, MemoryBudget, sizeOf, VALUE_OVERHEAD_BYTES, type MemoryRefusal } from '../../../../src/core/sync/memory-budget';
import { done, flush, lab } from './harness';

/**
 * The one memory budget of every queue, dict and list: a put, set or append past it is refused whole with
 * MemoryError (Python would raise it only when the machine runs out; the lab refuses long before, so that
 * the host stays up), the log is told who hit it, and what is taken out, cleared or deleted is given back.
 */
function small(limit = 100) {
  const refusals: MemoryRefusal[] = [];
  const t = lab(undefined, { memoryBudgetBytes: limit, onMemoryRefused: (refusal) => refusals.push(refusal) });
  return { t, refusals };
}

describe('the memory budget', () => {
  it('counts bytes of JSON (UTF-8) and 48 B per value that is a list or dict (at least one), 64 MiB unless told otherwise', () => {
    expect(MEMORY_BUDGET_BYTES).toBe(64 * 1024 * 1024);
    expect(VALUE_OVERHEAD_BYTES).toBe(48);
    expect(sizeOf('ab')).toBe(4);
    expect(sizeOf('é')).toBe(4);
    expect(sizeOf([1, { a: null }])).toBe('[1,{"a":null}]'.length);
    expect(costOf('ab')).toBe(4 + 48);
    expect(costOf(7)).toBe(1 + 48);
    // The list and the dict inside it: two values the heap spends an object on.
    expect(costOf([1, { a: null }])).toBe('[1,{"a":null}]'.length + 2 * 48);
    // 20,000 empty lists in one list: 20,001 objects, not one item's worth (V8 spends 40 B on each, measured).
    expect(costOf(Array.from({ length: 20_000 }, () => []))).toBe(sizeOf(Array.from({ length: 20_000 }, () => [])) + 20_001 * 48);
    const budget = new MemoryBudget(10);
    expect(budget.charge('q', 'w', 6)).toBeNull();
    expect(budget.charge('d', 'w', 5)).toMatchObject({ ok: false, error: 'MemoryError' });
    expect(budget.used).toBe(6);
    budget.refund('q', 6);
    expect(budget.charge('d', 'w', 5)).toBeNull();
    budget.releaseAll('d');
    expect(budget.used).toBe(0);
  });

  it('is one budget for queues, dicts and lists together; a put past it raises MemoryError and stores nothing', async () => {
    const { t, refusals } = small(200);
    t.create({ kind: 'Queue', name: 'q' });
    t.create({ kind: 'Dict', name: 'd' });
    t.create({ kind: 'List', name: 'l' });
    const forty = 'x'.repeat(38); // 40 bytes of JSON with its quotes: 88 with the value's 48
    expect(await t.now('w1', { op: 'put', name: 'q', item: forty })).toEqual(done());
    expect(await t.now('w2', { op: 'dict_set', name: 'd', key: 'k', value: forty })).toEqual(done());
    const refused = await t.now('w3', { op: 'list_append', name: 'l', item: forty });
    expect(refused).toMatchObject({ ok: false, error: 'MemoryError' });
    expect(refused.ok ? '' : refused.message).toMatch(/memory budget is full: adding 88 bytes to l would pass 0\.0 MiB for all queues, dicts, lists and pipes/);
    expect(refusals).toEqual([{ primitive: 'l', workerId: 'w3', bytes: 88, held: 0, used: 179, limit: 200 }]);
    expect(t.view('l')).toMatchObject({ depth: 0, bytes: 0 });
    expect(t.view('q').bytes).toBe(88);
    expect(t.view('d').bytes).toBe(3 + 88);
    // Taking the item out gives its bytes back: the append fits now.
    expect(await t.now('c', { op: 'get', name: 'q' })).toEqual(done(forty));
    expect(await t.now('w3', { op: 'list_append', name: 'l', item: forty })).toEqual(done());
  });

  it('a dict charges what a set adds less what it replaces; update is all or nothing; pop, del and clear give back', async () => {
    const { t } = small(200);
    t.create({ kind: 'Dict', name: 'd' });
    await t.now('w', { op: 'dict_set', name: 'd', key: 'a', value: 'x'.repeat(50) });
    expect(t.view('d').bytes).toBe(3 + 52 + 48);
    // Replacing the 100-byte value with a 138-byte one fits (3 + 138), one of 198 does not (3 + 198 > 200).
    expect(await t.now('w', { op: 'dict_set', name: 'd', key: 'a', value: 'y'.repeat(88) })).toEqual(done());
    expect(await t.now('w', { op: 'dict_set', name: 'd', key: 'a', value: 'z'.repeat(148) })).toMatchObject({ error: 'MemoryError' });
    expect(await t.now('w', { op: 'dict_get', name: 'd', key: 'a' })).toEqual(done('y'.repeat(88)));
    expect(
      await t.now('w', {
        op: 'dict_update',
        name: 'd',
        entries: [
          ['b', 1],
          ['c', 'w'.repeat(20)],
        ],
      }),
    ).toMatchObject({ error: 'MemoryError' });
    expect(await t.now('w', { op: 'dict_has', name: 'd', key: 'b' })).toEqual(done(false));
    await t.now('w', { op: 'dict_pop', name: 'd', key: 'a' });
    expect(t.view('d').bytes).toBe(0);
    await t.now('w', { op: 'dict_update', name: 'd', entries: [['b', 1]] });
    await t.now('w', { op: 'dict_clear', name: 'd' });
    expect(t.view('d').bytes).toBe(0);
  });

  it('a list charges appends, extends, inserts and sets, gives back pops, removes, dels and clear; its first items count', async () => {
    const { t } = small(400);
    const V = VALUE_OVERHEAD_BYTES;
    t.create({ kind: 'List', name: 'l', items: [1, 2, 3] });
    expect(t.view('l').bytes).toBe(3 * (1 + V));
    await t.now('w', { op: 'list_extend', name: 'l', items: ['x'.repeat(40), 'y'] });
    expect(t.view('l').bytes).toBe(3 * (1 + V) + 42 + V + 3 + V);
    expect(await t.now('w', { op: 'list_insert', name: 'l', index: 0, item: 'x'.repeat(70) })).toMatchObject({ error: 'MemoryError' });
    expect(await t.now('w', { op: 'list_set', name: 'l', index: 3, item: 'x'.repeat(60) })).toEqual(done());
    expect(t.view('l').bytes).toBe(3 * (1 + V) + 62 + V + 3 + V);
    expect(await t.now('w', { op: 'list_set', name: 'l', index: 9, item: 1 })).toMatchObject({ error: 'IndexError' });
    expect(t.view('l').bytes).toBe(308);
    await t.now('w', { op: 'list_pop', name: 'l', index: 3 });
    await t.now('w', { op: 'list_remove', name: 'l', item: 'y' });
    await t.now('w', { op: 'list_delete', name: 'l', index: 0 });
    expect(t.view('l').bytes).toBe(2 * (1 + V));
    await t.now('w', { op: 'list_clear', name: 'l' });
    expect(t.view('l').bytes).toBe(0);
    expect(() => t.create({ kind: 'List', name: 'big', items: ['x'.repeat(400)] })).toThrow(/^the lab's memory budget is full/);
  });

  it('a putter blocked on a full queue that finds room but no memory raises MemoryError then', async () => {
    const { t } = small(200);
    t.create({ kind: 'Queue', name: 'q', maxsize: 1 });
    t.create({ kind: 'Dict', name: 'd' });
    await t.now('p', { op: 'put', name: 'q', item: 'x'.repeat(20) });
    const blocked = t.send('p2', { op: 'put', name: 'q', item: 'y'.repeat(40) });
    await t.now('w', { op: 'dict_set', name: 'd', key: 'k', value: 'z'.repeat(60) });
    // The get frees 70 bytes and the room; the blocked 90-byte put does not fit beside the dict's 113.
    expect(await t.now('c', { op: 'get', name: 'q' })).toEqual(done('x'.repeat(20)));
    await flush();
    expect(blocked.reply).toMatchObject({ ok: false, error: 'MemoryError' });
    expect(t.view('q')).toMatchObject({ depth: 0, waiters: [], bytes: 0 });
  });

  it('deleting a primitive gives back all it held; shutdown(immediate=True) gives back the items it drops', async () => {
    const { t } = small(200);
    t.create({ kind: 'Queue', name: 'q' });
    await t.now('p', { op: 'put', name: 'q', item: 'x'.repeat(80) });
    expect(t.broker.delete('q')).toMatchObject({ ok: true });
    t.create({ kind: 'Queue', name: 'q' });
    expect(await t.now('p', { op: 'put', name: 'q', item: 'x'.repeat(80) })).toEqual(done());
    await t.now('lab', { op: 'shutdown', name: 'q', immediate: true });
    expect(t.view('q').bytes).toBe(0);
  });
});
