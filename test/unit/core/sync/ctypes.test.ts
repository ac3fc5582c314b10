import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STORAGE, type CellInput, type Typecode } from '../../../../src/shared/ctypes';
import { client, lab } from './harness';

/**
 * multiprocessing.Value's typecodes against CPython itself: test/fixtures/ctypes-table.json is what
 * CPython 3.13 (and 3.11, identically) gives for Value(typecode, x).value, or raises, for 741 pairs
 * (made by test/fixtures/ctypes-table.py). Lib/test/_test_multiprocessing.py's _TestValue and _TestArray
 * check the same codes with a few values each.
 */
interface Row {
  readonly typecode: Typecode;
  readonly input: CellInput;
  readonly repr?: string;
  readonly raises?: string;
  readonly message?: string;
}
const TABLE = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'fixtures', 'ctypes-table.json'), 'utf8')) as { python: string; rows: Row[] };

/**
 * The one deliberate difference: JavaScript has one number type, so a whole float (3.0, 1e16, 0.0) is an
 * int to the lab, where CPython refuses a float for an integer typecode or 'c' (docs/sync.md).
 */
const wholeFloat = (row: Row) => typeof row.input === 'number' && Number.isInteger(row.input) && STORAGE[row.typecode].kind !== 'float';
const inputs = TABLE.rows.filter((row) => !wholeFloat(row));

describe(`Value(typecode, x) as CPython ${TABLE.python}`, () => {
  it('the table covers every typecode with values, wraps, roundings and refusals', () => {
    expect(new Set(TABLE.rows.map((row) => row.typecode)).size).toBe(13);
    expect(inputs.filter((row) => row.raises !== undefined).length).toBeGreaterThan(100);
    expect(inputs.length).toBeGreaterThan(600);
  });

  it.each(['b', 'B', 'h', 'H', 'i', 'I', 'l', 'L', 'q', 'Q', 'f', 'd', 'c'] as const)('%s: creation and value_set hold, wrap or refuse exactly as CPython', (typecode) => {
    const t = lab();
    const rows = inputs.filter((row) => row.typecode === typecode);
    rows.forEach((row, index) => {
      const created = t.broker.create({ kind: 'Value', name: `v${index}`, typecode, value: row.input, lock: false });
      if (row.raises !== undefined) expect(created, JSON.stringify(row)).toEqual({ ok: false, error: `${row.raises}: ${row.message}` });
      else expect(t.view(`v${index}`).contents, JSON.stringify(row)).toBe(row.repr);
    });
    t.create({ kind: 'Value', name: 'set', typecode, value: 0 });
    return rows.reduce(async (previous, row) => {
      await previous;
      const reply = await t.now('w', { op: 'value_set', name: 'set', value: row.input });
      if (row.raises !== undefined) expect(reply, JSON.stringify(row)).toEqual({ ok: false, error: row.raises, message: row.message });
      else expect(t.view('set').contents, JSON.stringify(row)).toBe(row.repr);
    }, Promise.resolve());
  });

  it('a whole float is an int to the lab (JavaScript has one number type): the documented difference', async () => {
    const t = lab();
    t.create({ kind: 'Value', name: 'v', typecode: 'b', value: 3 });
    expect(t.view('v').contents).toBe('3');
    expect(await t.now('w', { op: 'value_set', name: 'v', value: 3.5 })).toMatchObject({ ok: false, error: 'TypeError' });
  });
});

describe("a worker's Value and Array handles carry what JSON cannot", () => {
  it('BigInt beyond 2**53, NaN and infinities, bytes for c: exact both ways', async () => {
    const t = lab();
    t.create({ kind: 'Value', name: 'q', typecode: 'q', value: 0 });
    t.create({ kind: 'Value', name: 'Q', typecode: 'Q', value: 0 });
    t.create({ kind: 'Value', name: 'f', typecode: 'f', value: 0 });
    t.create({ kind: 'Value', name: 'c', typecode: 'c' , value: 0 });
    const { sync } = client(t, 'w1', false);
    await sync.value('q').set(2n ** 63n - 1n);
    expect(await sync.value('q').get()).toBe(2n ** 63n - 1n);
    await sync.value('q').set(2n ** 63n);
    expect(await sync.value('q').get()).toBe(-(2n ** 63n));
    await sync.value('Q').set(-1);
    expect(await sync.value('Q').get()).toBe(2n ** 64n - 1n);
    await sync.value('Q').set(2 ** 40);
    expect(await sync.value('Q').get()).toBe(2 ** 40);
    await sync.value('f').set(1e39);
    expect(await sync.value('f').get()).toBe(Infinity);
    await sync.value('f').set(NaN);
    expect(await sync.value('f').get()).toBeNaN();
    await sync.value('f').set(0.1);
    expect(await sync.value('f').get()).toBe(0.10000000149011612);
    await sync.value('c').set(Buffer.from('a'));
    expect(await sync.value('c').get()).toEqual(Buffer.from('a'));
    await sync.value('c').set(200);
    expect(t.view('c').contents).toBe("b'\\xc8'");
    await expect(sync.value('c').set(Buffer.from('ab'))).rejects.toMatchObject({ name: 'TypeError', message: 'one character bytes, bytearray or integer expected' });
    await expect(sync.value('q').set('5')).rejects.toMatchObject({ name: 'TypeError', message: "'str' object cannot be interpreted as an integer" });
  });
});

describe('Array(typecode, size_or_initializer) (_TestArray)', () => {
  it('takes a length or its values, wraps them as its typecode does, and has len and slices', async () => {
    const t = lab();
    t.create({ kind: 'Array', name: 'b', typecode: 'b', values: [200, -1] });
    t.create({ kind: 'Array', name: 'i', typecode: 'i', values: [1, 2, 3, 4] });
    t.create({ kind: 'Array', name: 'c', typecode: 'c', values: [97, 98, 99] });
    t.create({ kind: 'Array', name: 'empty', typecode: 'i', length: 0 });
    expect(t.view('b').contents).toBe('[-56, -1]');
    expect(t.view('c').contents).toBe("b'abc'");
    expect(t.view('empty').contents).toBe('[]');
    expect(() => t.create({ kind: 'Array', name: 'x', typecode: 'i', values: [1.5] })).toThrow("TypeError: 'float' object cannot be interpreted as an integer");
    expect(() => t.create({ kind: 'Array', name: 'y', typecode: 'i' })).toThrow(/length or its values/);
    const { sync } = client(t, 'w1', true);
    const a = sync.array('i');
    expect(await a.len()).toBe(4);
    expect(await a.getSlice()).toEqual([1, 2, 3, 4]);
    expect(await a.getSlice(1, 3)).toEqual([2, 3]);
    expect(await a.getSlice(null, null, 2)).toEqual([1, 3]);
    expect(await a.getSlice(-3)).toEqual([2, 3, 4]);
    expect(await a.getSlice(null, null, -1)).toEqual([4, 3, 2, 1]);
    expect(await a.getSlice(5, 1)).toEqual([]);
    expect(await a.getSlice(-100, 100)).toEqual([1, 2, 3, 4]);
    await expect(a.getSlice(null, null, 0)).rejects.toMatchObject({ name: 'ValueError', message: 'slice step cannot be zero' });
    await a.setSlice(1, 3, [9, 2 ** 32 + 8]);
    expect(await a.getSlice()).toEqual([1, 9, 8, 4]);
    await a.setSlice(null, null, [7, 6], 2);
    expect(await a.getSlice()).toEqual([7, 9, 6, 4]);
    await expect(a.setSlice(null, null, [1, 2, 3])).rejects.toMatchObject({ name: 'ValueError', message: 'Can only assign sequence of same size' });
    await expect(a.setSlice(0, 2, [1, 1.5])).rejects.toMatchObject({ name: 'TypeError' });
    expect(await a.getSlice()).toEqual([7, 9, 6, 4]);
    await a.setSlice(0, 2, Buffer.from('ab'));
    expect(await a.getSlice(0, 2)).toEqual([97, 98]);
    await expect(a.get(4)).rejects.toMatchObject({ name: 'IndexError', message: 'invalid index' });
    await expect(a.get(-5)).rejects.toMatchObject({ name: 'IndexError' });
    const c = sync.array('c');
    expect(await c.getSlice()).toEqual(Buffer.from('abc'));
    expect(await c.get(0)).toEqual(Buffer.from('a'));
    await c.setSlice(0, 2, Buffer.from('xy'));
    expect(await c.getSlice()).toEqual(Buffer.from('xyc'));
    await c.set(2, Buffer.from('z'));
    expect(t.view('c').contents).toBe("b'xyz'");
  });
});
