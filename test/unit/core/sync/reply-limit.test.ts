import { afterEach, describe, expect, it, vi } from 'vitest';
import { REPLY_MAX_CHARS, REPLY_MAX_ITEMS } from '../../../../src/core/sync/reply-limit';
import { lab } from './harness';

/**
 * A one-line read (`l[:]`, `d.items()`) of a huge container must not make the host serialise megabytes: a
 * reply carries at most REPLY_MAX_ITEMS items or REPLY_MAX_CHARS characters, and past that the read is
 * refused with MemoryError saying to read in slices (a deliberate difference from Python, docs/sync.md).
 */
async function bigList(items: number) {
  const t = lab();
  t.create({ kind: 'List', name: 'l' });
  for (let at = 0; at < items; at += 20_000) {
    expect(await t.now('w1', { op: 'list_extend', name: 'l', items: new Array<number>(Math.min(20_000, items - at)).fill(0) })).toMatchObject({ ok: true });
  }
  return t;
}

describe('the reply limit', () => {
  afterEach(() => vi.restoreAllMocks());

  it('refuses l[:] of a list past it with MemoryError in words, and a slice inside it is answered', async () => {
    const t = await bigList(REPLY_MAX_ITEMS + 20_000);
    const whole = await t.now('w1', { op: 'list_slice', name: 'l', start: null, stop: null, step: null });
    expect(whole).toMatchObject({ ok: false, error: 'MemoryError' });
    expect(whole.ok ? '' : whole.message).toMatch(/the slice of l is too big for one reply .*read it in smaller slices \(l\[0:10000\]/);
    const part = await t.now('w1', { op: 'list_slice', name: 'l', start: 0, stop: 10_000, step: null });
    expect(part.ok && Array.isArray(part.value) && part.value.length).toBe(10_000);
    // A step makes a big list's slice small again: every 10th item of 120,000 is 12,000.
    const stepped = await t.now('w1', { op: 'list_slice', name: 'l', start: null, stop: null, step: -10 });
    expect(stepped.ok && Array.isArray(stepped.value) && stepped.value.length).toBe(12_000);
    // The lab is still there, and the list is unchanged.
    expect(await t.now('w1', { op: 'list_len', name: 'l' })).toEqual({ ok: true, value: REPLY_MAX_ITEMS + 20_000 });
  });

  it('sizes a refused read item by item and stops at the limit: never the whole list serialised', async () => {
    const t = await bigList(300_000);
    const stringify = vi.spyOn(JSON, 'stringify');
    const whole = await t.now('w1', { op: 'list_slice', name: 'l', start: null, stop: null, step: null });
    expect(whole).toMatchObject({ ok: false, error: 'MemoryError' });
    expect(stringify.mock.calls.length).toBeLessThanOrEqual(REPLY_MAX_ITEMS + 1);
  });

  it('counts characters too: three texts of 400,000 characters are too many for one reply', async () => {
    const t = lab();
    t.create({ kind: 'List', name: 'l' });
    const text = 'x'.repeat(400_000);
    for (let n = 0; n < 3; n += 1) await t.now('w1', { op: 'list_append', name: 'l', item: text });
    expect(REPLY_MAX_CHARS).toBeLessThan(1_200_000);
    expect(await t.now('w1', { op: 'list_slice', name: 'l', start: null, stop: null, step: null })).toMatchObject({ ok: false, error: 'MemoryError' });
    const two = await t.now('w1', { op: 'list_slice', name: 'l', start: 0, stop: 2, step: null });
    expect(two.ok && Array.isArray(two.value) && two.value.length).toBe(2);
  });

  it("refuses a huge dict's keys(), values() and items() alike, and reads a small one whole", async () => {
    const t = lab();
    t.create({ kind: 'Dict', name: 'd' });
    for (let at = 0; at < REPLY_MAX_ITEMS + 1; at += 20_000) {
      const entries = Array.from({ length: Math.min(20_000, REPLY_MAX_ITEMS + 1 - at) }, (_, index) => [`k${at + index}`, 0] as [string, number]);
      expect(await t.now('w1', { op: 'dict_update', name: 'd', entries })).toMatchObject({ ok: true });
    }
    for (const op of ['dict_keys', 'dict_values', 'dict_items'] as const) {
      const reply = await t.now('w1', { op, name: 'd' });
      expect(reply).toMatchObject({ ok: false, error: 'MemoryError' });
      expect(reply.ok ? '' : reply.message).toMatch(/^d\.(keys|values|items)\(\) is too big for one reply .*d\.get\(k\)/);
    }
    expect(await t.now('w1', { op: 'dict_get', name: 'd', key: 'k100000' })).toEqual({ ok: true, value: 0 });
    t.create({ kind: 'Dict', name: 'small' });
    await t.now('w1', { op: 'dict_set', name: 'small', key: 'a', value: 1 });
    expect(await t.now('w1', { op: 'dict_items', name: 'small' })).toEqual({ ok: true, value: [['a', 1]] });
  });
});
