import { describe, expect, it, vi } from 'vitest';
import { client, lab } from './harness';

/**
 * A Manager().dict() against CPython's own (Lib/multiprocessing/managers.py DictProxy, _test_multiprocessing.py
 * _TestDict; the words as CPython 3.11-3.13 print them, checked by running them), through the worker's real
 * client: every method is one request done whole by the broker.
 */
async function raised(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
  return 'nothing raised';
}

function dictLab() {
  const t = lab();
  t.create({ kind: 'Dict', name: 'd' });
  return { t, d: client(t, 'w1', false).sync.dict('d') };
}

describe('a Manager dict (DictProxy)', () => {
  it('keys, values, items, copy and len in insertion order; in; re-setting a key keeps its place (_TestDict.test_dict)', async () => {
    const { t, d } = dictLab();
    for (const code of [65, 66, 67, 68, 69]) await d.set(String(code), String.fromCharCode(code));
    await d.set('65', 'again');
    expect(await d.keys()).toEqual(['65', '66', '67', '68', '69']);
    expect(await d.values()).toEqual(['again', 'B', 'C', 'D', 'E']);
    expect(await d.items()).toEqual([['65', 'again'], ['66', 'B'], ['67', 'C'], ['68', 'D'], ['69', 'E']]);
    expect(await d.copy()).toEqual({ '65': 'again', '66': 'B', '67': 'C', '68': 'D', '69': 'E' });
    expect(await d.len()).toBe(5);
    expect(await d.has('66')).toBe(true);
    expect(await d.has('70')).toBe(false);
    expect(t.view('d')).toMatchObject({ depth: 5, contents: "{'65': 'again', '66': 'B', '67': 'C', '68': 'D', '69': 'E'}" });
  });

  it('d[k] raises KeyError with the key\'s repr; get(k) is None, get(k, default) the default', async () => {
    const { d } = dictLab();
    expect(await raised(d.getItem('x'))).toBe("KeyError: 'x'");
    expect(await d.get('x')).toBeNull();
    expect(await d.get('x', 3)).toBe(3);
    await d.set('x', [1, { a: true }]);
    expect(await d.getItem('x')).toEqual([1, { a: true }]);
    expect(await d.get('x', 3)).toEqual([1, { a: true }]);
  });

  it('pop(k) raises KeyError when missing, pop(k, default) does not; popitem is LIFO and KeyError when empty', async () => {
    const { d } = dictLab();
    expect(await raised(d.pop('x'))).toBe("KeyError: 'x'");
    expect(await d.pop('x', 7)).toBe(7);
    expect(await d.pop('x', null)).toBeNull();
    await d.set('a', 1);
    await d.set('b', 2);
    expect(await d.pop('a')).toBe(1);
    expect(await d.has('a')).toBe(false);
    await d.set('c', 3);
    expect(await d.popitem()).toEqual(['c', 3]);
    expect(await d.popitem()).toEqual(['b', 2]);
    expect(await raised(d.popitem())).toBe("KeyError: 'popitem(): dictionary is empty'");
  });

  it('setdefault returns what is there, else stores the default (None by default); update takes a mapping or pairs', async () => {
    const { d } = dictLab();
    expect(await d.setdefault('a', 1)).toBe(1);
    expect(await d.setdefault('a', 2)).toBe(1);
    expect(await d.setdefault('b')).toBeNull();
    await d.update({ c: 3, e: 5 });
    await d.update([
      ['f', 6],
      ['c', 30],
    ]);
    expect(await d.copy()).toEqual({ a: 1, b: null, c: 30, e: 5, f: 6 });
  });

  it('del d[k] raises KeyError when missing; clear empties it', async () => {
    const { t, d } = dictLab();
    expect(await raised(d.delete('x'))).toBe("KeyError: 'x'");
    await d.update({ a: 1, b: 2 });
    await d.delete('a');
    expect(await d.keys()).toEqual(['b']);
    await d.clear();
    expect(await d.len()).toBe(0);
    expect(t.view('d')).toMatchObject({ depth: 0, contents: '{}' });
  });

  it('d[k] += 1 from two workers is a get then a set: an update is lost, as the seeds teach', async () => {
    const t = lab();
    t.create({ kind: 'Dict', name: 'd' });
    const [a, b] = [client(t, 'w1', false).sync.dict('d'), client(t, 'w2', false).sync.dict('d')];
    await a.set('n', 0);
    const [seenA, seenB] = await Promise.all([a.getItem('n'), b.getItem('n')]);
    await Promise.all([a.set('n', Number(seenA) + 1), b.set('n', Number(seenB) + 1)]);
    expect(await a.getItem('n')).toBe(1);
  });
});

describe("a Manager dict's popitem", () => {
  it('is LIFO through deletes, re-sets and clears, and never lists every key to find the last', async () => {
    const t = lab();
    t.create({ kind: 'Dict', name: 'd' });
    const entries = Array.from({ length: 20_000 }, (_, index) => [`k${index}`, index] as [string, number]);
    await t.now('w', { op: 'dict_update', name: 'd', entries });
    // Python: d.pop('k19999'); d['k5'] = 'again' keeps k5's place; del d['k19998']; d['k0'] deleted and set again goes last.
    await t.now('w', { op: 'dict_pop', name: 'd', key: 'k19999' });
    await t.now('w', { op: 'dict_set', name: 'd', key: 'k5', value: 'again' });
    await t.now('w', { op: 'dict_delete', name: 'd', key: 'k19998' });
    await t.now('w', { op: 'dict_delete', name: 'd', key: 'k0' });
    await t.now('w', { op: 'dict_set', name: 'd', key: 'k0', value: 0 });
    let steps = 0;
    const keysOf = Map.prototype.keys;
    const counting = function (this: Map<unknown, unknown>) {
      const inner = keysOf.call(this);
      return Object.assign(Object.create(inner) as MapIterator<unknown>, {
        next: () => {
          steps += 1;
          return inner.next();
        },
        [Symbol.iterator]() {
          return this;
        },
      });
    };
    const spy = vi.spyOn(Map.prototype, 'keys').mockImplementation(counting);
    const popped = [];
    for (let n = 0; n < 3; n += 1) popped.push(await t.now('w', { op: 'dict_popitem', name: 'd' }));
    spy.mockRestore();
    expect(popped).toEqual([
      { ok: true, value: ['k0', 0] },
      { ok: true, value: ['k19997', 19997] },
      { ok: true, value: ['k19996', 19996] },
    ]);
    expect(steps).toBe(0);
    await t.now('w', { op: 'dict_clear', name: 'd' });
    expect(await t.now('w', { op: 'dict_popitem', name: 'd' })).toEqual({ ok: false, error: 'KeyError', message: "'popitem(): dictionary is empty'" });
    await t.now('w', { op: 'dict_set', name: 'd', key: 'only', value: 1 });
    expect(await t.now('w', { op: 'dict_popitem', name: 'd' })).toEqual({ ok: true, value: ['only', 1] });
  });

  it('stays LIFO when keys come and go without popitem (set and delete 10,000 times: its key stack is rebuilt, not grown)', async () => {
    const t = lab();
    t.create({ kind: 'Dict', name: 'd' });
    await t.now('w', { op: 'dict_set', name: 'd', key: 'first', value: 1 });
    for (let n = 0; n < 10_000; n += 1) {
      await t.now('w', { op: 'dict_set', name: 'd', key: `k${n}`, value: n });
      await t.now('w', { op: 'dict_delete', name: 'd', key: `k${n}` });
    }
    await t.now('w', { op: 'dict_set', name: 'd', key: 'second', value: 2 });
    expect(await t.now('w', { op: 'dict_popitem', name: 'd' })).toEqual({ ok: true, value: ['second', 2] });
    expect(await t.now('w', { op: 'dict_popitem', name: 'd' })).toEqual({ ok: true, value: ['first', 1] });
  });
});
