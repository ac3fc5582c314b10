import { describe, expect, it } from 'vitest';
import { pythonEquals } from '../../../../src/core/sync/list';
import { client, lab } from './harness';

/**
 * A Manager().list() against CPython's (Lib/multiprocessing/managers.py ListProxy, _test_multiprocessing.py
 * _TestList; the error words as CPython 3.11-3.13 print them, checked by running them), through the
 * worker's real client.
 */
async function raised(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
  return 'nothing raised';
}

function listLab(items: unknown[] = [0, 1, 2, 3, 4]) {
  const t = lab();
  t.create({ kind: 'List', name: 'l', items });
  return { t, l: client(t, 'w1', false).sync.list('l') };
}

describe('a Manager list (ListProxy)', () => {
  it('starts with its items (manager.list(range(5))); index get and set, negative from the end; len; str as print shows it', async () => {
    const { t, l } = listLab();
    expect(await l.get(0)).toBe(0);
    expect(await l.get(-1)).toBe(4);
    await l.set(-2, 'x');
    expect(await l.len()).toBe(5);
    expect(await l.str()).toBe("[0, 1, 2, 'x', 4]");
    expect(t.view('l')).toMatchObject({ kind: 'List', depth: 5, contents: "[0, 1, 2, 'x', 4]" });
  });

  it('raises IndexError as Python words it for get, set, del and pop', async () => {
    const { l } = listLab();
    expect(await raised(l.get(5))).toBe('IndexError: list index out of range');
    expect(await raised(l.get(-6))).toBe('IndexError: list index out of range');
    expect(await raised(l.set(5, 1))).toBe('IndexError: list assignment index out of range');
    expect(await raised(l.delete(100))).toBe('IndexError: list assignment index out of range');
    expect(await raised(l.pop(10))).toBe('IndexError: pop index out of range');
    const empty = listLab([]).l;
    expect(await raised(empty.pop())).toBe('IndexError: pop from empty list');
  });

  it('append, extend, insert (clamped at both ends), pop([i]), del, reverse (_TestList.test_list)', async () => {
    const { l } = listLab();
    await l.append(5);
    await l.extend([6, [7]]);
    await l.insert(100, 'z');
    await l.insert(-100, 'a');
    expect(await l.slice()).toEqual(['a', 0, 1, 2, 3, 4, 5, 6, [7], 'z']);
    expect(await l.pop()).toBe('z');
    expect(await l.pop(0)).toBe('a');
    await l.delete(-1);
    await l.reverse();
    expect(await l.slice()).toEqual([6, 5, 4, 3, 2, 1, 0]);
  });

  it('slices as Python does: l[1:3], l[::-1], l[-2:], l[::2], and step 0 is a ValueError', async () => {
    const { l } = listLab();
    expect(await l.slice(1, 3)).toEqual([1, 2]);
    expect(await l.slice(null, null, -1)).toEqual([4, 3, 2, 1, 0]);
    expect(await l.slice(-2)).toEqual([3, 4]);
    expect(await l.slice(null, null, 2)).toEqual([0, 2, 4]);
    expect(await l.slice(3, -10, -1)).toEqual([3, 2, 1, 0]);
    expect(await l.slice(10, 20)).toEqual([]);
    expect(await raised(l.slice(null, null, 0))).toBe('ValueError: slice step cannot be zero');
  });

  it('remove, index, count and in compare as == does (True == 1); their ValueErrors in Python\'s words', async () => {
    const { l } = listLab([1, true, 2, [1, 2], { a: 1 }]);
    expect(await l.count(1)).toBe(2);
    expect(await l.has([1, 2])).toBe(true);
    expect(await l.has({ a: true })).toBe(true);
    expect(await l.index(2)).toBe(2);
    expect(await raised(l.index(2, 0, 2))).toBe('ValueError: 2 is not in list');
    expect(await raised(l.index('x'))).toBe("ValueError: 'x' is not in list");
    await l.remove(true);
    expect(await l.slice()).toEqual([true, 2, [1, 2], { a: 1 }]);
    expect(await raised(l.remove(99))).toBe('ValueError: list.remove(x): x not in list');
    await l.clear();
    expect(await l.len()).toBe(0);
  });

  it('pythonEquals: numbers and bools by value, lists by order, dicts by keys', () => {
    expect(pythonEquals(1, true)).toBe(true);
    expect(pythonEquals(0, false)).toBe(true);
    expect(pythonEquals('1', 1)).toBe(false);
    expect(pythonEquals(null, 0)).toBe(false);
    expect(pythonEquals([1, [2]], [true, [2]])).toBe(true);
    expect(pythonEquals([1, 2], [2, 1])).toBe(false);
    expect(pythonEquals({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true);
    expect(pythonEquals({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(pythonEquals([1], { 0: 1 })).toBe(false);
  });

  it('the lab edits it from the UI: set an element, append, clear; a bad items option is refused in words', async () => {
    const { t } = listLab([]);
    expect(await t.operate({ op: 'list_append', name: 'l', item: 7 })).toMatchObject({ ok: true });
    expect(await t.operate({ op: 'list_set', name: 'l', index: 0, item: 'seven' })).toMatchObject({ ok: true });
    expect(t.view('l').contents).toBe("['seven']");
    expect(await t.operate({ op: 'list_clear', name: 'l' })).toMatchObject({ ok: true });
    expect(t.view('l').contents).toBe('[]');
    expect(() => t.create({ kind: 'List', name: 'm', items: 'range(5)' })).toThrow(/items must be a list, such as \[0, 1, 2\]/);
  });
});
