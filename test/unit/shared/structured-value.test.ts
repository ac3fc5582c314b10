import { describe, expect, it } from 'vitest';
import { pythonRepr, structuredValueSchema, type Reprable } from '../../../src/shared/structured-value';

describe('structured values (what a queue, pipe or Manager holds)', () => {
  it('takes nested lists and dicts, as pickle takes them', () => {
    const value = { jobs: [1, 2.5, 'three', null, true, { deep: [[]] }] };
    expect(structuredValueSchema.parse(value)).toEqual(value);
  });

  it('refuses a "__proto__" key in words rather than dropping it or setting a prototype', () => {
    const result = structuredValueSchema.safeParse(JSON.parse('{"a": [{"__proto__": {"polluted": 1}}]}'));
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain('a dict key may not be \\"__proto__\\"');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses what JSON cannot carry, in words', () => {
    for (const bad of [undefined, () => 1, new Map(), NaN, Infinity, 10n]) {
      const result = structuredValueSchema.safeParse(bad);
      expect(result.success).toBe(false);
    }
    expect(structuredValueSchema.safeParse(new Map()).error?.issues[0]?.message).toMatch(/a list or a dict/);
  });

  it("prints Python's repr", () => {
    expect(pythonRepr({ name: 'alvin', n: [0, 1, null, true, false] })).toBe("{'name': 'alvin', 'n': [0, 1, None, True, False]}");
    expect(pythonRepr("it's")).toBe('"it\'s"');
    expect(pythonRepr('a\nb')).toBe("'a\\nb'");
    expect(pythonRepr([])).toBe('[]');
    expect(pythonRepr({})).toBe('{}');
    expect(pythonRepr(undefined)).toBe('?');
  });

  it('stops at the length asked, whatever the size of the value', () => {
    const huge = Array.from({ length: 100_000 }, (_, index) => index);
    const text = pythonRepr(huge, 20);
    expect(text).toBe('[0, 1, 2, 3, 4, 5, …');
    expect(text.length).toBe(20);
    expect(pythonRepr([1, 2], 6)).toBe('[1, 2]');
    expect(pythonRepr([1, 2, 3], 6)).toBe('[1, 2…');
  });

  it("writes what only structured clone carries (a thread's task result) in constant time, and never throws", () => {
    const anything = (value: unknown) => pythonRepr(value as Reprable, 60);
    expect(anything(new Map<unknown, unknown>([[1, 'one'], [[2], { b: 2n }], [true, null]]))).toBe("{1: 'one', […]: {'b': 2}, True: None}");
    let deepKeys = new Map<unknown, unknown>([[1, 1]]);
    for (let i = 0; i < 100_000; i++) deepKeys = new Map([[deepKeys, i]]);
    expect(anything(deepKeys)).toBe('{{…}: 99999}');
    expect(anything(10n ** 30n)).toBe('1000000000000000000000000000000');
    expect(anything(new Set([1, 2, 3]))).toBe('<Set of 3>');
    expect(anything(new Date(0))).toBe('<Date>');
    expect(anything([new ArrayBuffer(8), undefined])).toBe('[<ArrayBuffer of 8>, <undefined>]');
    // 50 MB: its keys, listed, would cost the host half a minute and gigabytes.
    expect(anything({ bytes: new Uint8Array(50 * 1024 * 1024) })).toBe("{'bytes': <Uint8Array of 52428800>}");
  });
});
