import { afterEach, describe, expect, it, vi } from 'vitest';
import { pythonRepr, type StructuredValue } from '../../../../src/shared/structured-value';
import { lab } from './harness';

/**
 * The Locks view's snapshot writes at most 200 characters of a Dict or List: what it reads must be bounded
 * by that, not by what the container holds (a List of 5 million zeros, a Dict of 600,000 keys). Counted, not timed.
 */

/** An array whose element reads are counted (a Proxy of an array is still an array to Array.isArray). */
function countingArray(length: number): { items: StructuredValue[]; reads: () => number } {
  let reads = 0;
  const items = new Proxy(new Array<StructuredValue>(length).fill(0), {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^\d+$/.test(key)) reads += 1;
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  return { items, reads: () => reads };
}

describe('a snapshot costs what it shows, whatever the size', () => {
  afterEach(() => vi.restoreAllMocks());

  it('reads a few dozen elements of a list of a million, and only as far as 200 characters', () => {
    const { items, reads } = countingArray(1_000_000);
    const text = pythonRepr(items, 200);
    expect(text.length).toBe(200);
    expect(text.startsWith('[0, 0, 0')).toBe(true);
    expect(text.endsWith('…')).toBe(true);
    // 200 characters hold at most 67 elements of "0, ".
    expect(reads()).toBeLessThanOrEqual(70);
  });

  it('walks a nested list by cursors too: a big list inside a list is read as far as shown', () => {
    const { items, reads } = countingArray(1_000_000);
    expect(pythonRepr([[1], items, 2], 40)).toMatch(/^\[\[1\], \[0, 0, .*…$/);
    expect(reads()).toBeLessThanOrEqual(15);
  });

  it("writes a Map (a Manager dict's own entries) in place, stepping its iterator only as far as shown", () => {
    let steps = 0;
    const entries = new Map<string, StructuredValue>(Array.from({ length: 100_000 }, (_, index) => [`k${index}`, index]));
    const counted = new Map(entries);
    const original = Map.prototype.entries;
    vi.spyOn(counted, 'entries').mockImplementation(function (this: Map<string, StructuredValue>) {
      const inner = original.call(this);
      return Object.assign(Object.create(inner) as MapIterator<[string, StructuredValue]>, {
        next: () => {
          steps += 1;
          return inner.next();
        },
      });
    });
    const text = pythonRepr(counted, 200);
    expect(text.startsWith("{'k0': 0, 'k1': 1, ")).toBe(true);
    expect(text.length).toBe(200);
    expect(steps).toBeLessThanOrEqual(25);
    expect(pythonRepr(new Map([['a', [1, 2]]]))).toBe("{'a': [1, 2]}");
  });

  it('escapes only the part of a long text that is shown, and still cuts it with "…"', () => {
    const text = pythonRepr(['x'.repeat(1_000_000)], 20);
    expect(text).toBe(`['${'x'.repeat(17)}…`);
    expect(pythonRepr("it's", 4)).toBe('"it…');
    expect(pythonRepr({ "it's": 'a\nb' })).toBe(`{"it's": 'a\\nb'}`);
  });

  it("a Dict's snapshot does not copy the dict: it steps the Map's own iterator a few times", async () => {
    const t = lab();
    t.create({ kind: 'Dict', name: 'd' });
    const entries = Array.from({ length: 50_000 }, (_, index) => [`k${index}`, index]);
    expect(await t.now('w1', { op: 'dict_update', name: 'd', entries } as never)).toMatchObject({ ok: true });
    // Every way of reading a Map whole goes through these two; count the steps taken through either.
    let steps = 0;
    const entriesOf = Map.prototype.entries;
    const counting = function (this: Map<unknown, unknown>) {
      const inner = entriesOf.call(this);
      return Object.assign(Object.create(inner) as MapIterator<[unknown, unknown]>, {
        next: () => {
          steps += 1;
          return inner.next();
        },
        [Symbol.iterator]() {
          return this;
        },
      });
    };
    vi.spyOn(Map.prototype, 'entries').mockImplementation(counting);
    vi.spyOn(Map.prototype, Symbol.iterator).mockImplementation(counting);
    const view = t.view('d');
    expect(view.depth).toBe(50_000);
    expect(view.contents?.startsWith("{'k0': 0, 'k1': 1, ")).toBe(true);
    expect(steps).toBeLessThanOrEqual(25);
  });
});
