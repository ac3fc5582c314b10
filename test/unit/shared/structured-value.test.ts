import { describe, expect, it } from 'vitest';
import { pythonRepr, structuredValueSchema } from '../../../src/shared/structured-value';

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
});
