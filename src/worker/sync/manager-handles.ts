import { pythonRepr } from '../../shared/python-repr';
import type { Item } from '../../shared/sync';
import type { Requester } from './requester';

/**
 * The handles of a Manager's dict and list (multiprocessing.managers' DictProxy and ListProxy), Python's
 * method names made async. Each call is one request, done whole by the host; `d[k] += 1` written as
 * `await d.set(k, (await d.getItem(k)) + 1)` is two, and loses updates between workers as the seeds show.
 */

/** What `update` takes, as dict.update does: a mapping, or [key, value] pairs. */
export type DictUpdate = Readonly<Record<string, Item>> | ReadonlyArray<readonly [string, Item]>;

export function dictHandle(requester: Requester, name: string) {
  const asList = (value: Item) => (Array.isArray(value) ? value : []);
  return {
    /** `d[key]`: KeyError when missing. */
    getItem: async (key: string) => requester.call({ op: 'dict_get', name, key }),
    /** `d.get(key, default=None)`: never raises for a missing key. */
    get: async (key: string, fallback: Item = null) => requester.call({ op: 'dict_get', name, key, default: fallback }),
    /** `d[key] = value`. */
    set: async (key: string, value: Item) => void (await requester.call({ op: 'dict_set', name, key, value })),
    /** `del d[key]`: KeyError when missing. */
    delete: async (key: string) => void (await requester.call({ op: 'dict_delete', name, key })),
    clear: async () => void (await requester.call({ op: 'dict_clear', name })),
    /** `key in d`. */
    has: async (key: string) => (await requester.call({ op: 'dict_has', name, key })) === true,
    /** `len(d)`. */
    len: async () => Number(await requester.call({ op: 'dict_len', name })),
    keys: async () => asList(await requester.call({ op: 'dict_keys', name })) as string[],
    values: async () => asList(await requester.call({ op: 'dict_values', name })),
    items: async () => asList(await requester.call({ op: 'dict_items', name })) as Array<[string, Item]>,
    /** `d.copy()`: a plain object of the entries now (a proxy's copy is a dict in the caller). */
    copy: async () => Object.fromEntries(asList(await requester.call({ op: 'dict_items', name })) as Array<[string, Item]>),
    /** `d.pop(key)` (KeyError when missing) or, given a second argument, `d.pop(key, default)`. */
    pop: async (...args: [key: string] | [key: string, fallback: Item]) =>
      requester.call(args.length === 1 ? { op: 'dict_pop', name, key: args[0] } : { op: 'dict_pop', name, key: args[0], default: args[1] }),
    /** `d.popitem()`: the last pair inserted, [key, value]; KeyError when empty. */
    popitem: async () => (await requester.call({ op: 'dict_popitem', name })) as [string, Item],
    setdefault: async (key: string, fallback: Item = null) => requester.call({ op: 'dict_setdefault', name, key, default: fallback }),
    update: async (other: DictUpdate) => {
      const entries = Array.isArray(other) ? other.map(([key, value]) => [key, value] as [string, Item]) : Object.entries(other as Record<string, Item>);
      await requester.call({ op: 'dict_update', name, entries });
    },
    /** `str(d)`, what `print(d)` shows: {'name': 'alvin', '0': 0}. */
    str: async () => pythonRepr(Object.fromEntries(asList(await requester.call({ op: 'dict_items', name })) as Array<[string, Item]>), WHOLE),
  };
}

/** pythonRepr's cut, never reached: `str()` prints the whole value. */
const WHOLE = Number.MAX_SAFE_INTEGER;

/** A Manager().list(): a ListProxy's methods; `get(i)` is `l[i]`, `set(i, item)` is `l[i] = item`. */
export function listHandle(requester: Requester, name: string) {
  const slice = async (start: number | null = null, stop: number | null = null, step: number | null = null) => {
    const value = await requester.call({ op: 'list_slice', name, start, stop, step });
    return Array.isArray(value) ? value : [];
  };
  return {
    /** `l[index]`: IndexError "list index out of range". */
    get: async (index: number) => requester.call({ op: 'list_get', name, index }),
    /** `l[start:stop:step]` (null: omitted); `slice()` is `l[:]`, a copy. */
    slice,
    /** `l[index] = item`: IndexError "list assignment index out of range". */
    set: async (index: number, item: Item) => void (await requester.call({ op: 'list_set', name, index, item })),
    /** `del l[index]`. */
    delete: async (index: number) => void (await requester.call({ op: 'list_delete', name, index })),
    append: async (item: Item) => void (await requester.call({ op: 'list_append', name, item })),
    extend: async (items: readonly Item[]) => void (await requester.call({ op: 'list_extend', name, items: [...items] })),
    insert: async (index: number, item: Item) => void (await requester.call({ op: 'list_insert', name, index, item })),
    /** `l.pop(index=-1)`: IndexError "pop from empty list" / "pop index out of range". */
    pop: async (index = -1) => requester.call({ op: 'list_pop', name, index }),
    /** ValueError "list.remove(x): x not in list". */
    remove: async (item: Item) => void (await requester.call({ op: 'list_remove', name, item })),
    /** `l.index(item, start, stop)`: ValueError "3 is not in list". */
    index: async (item: Item, start = 0, stop: number | null = null) => Number(await requester.call({ op: 'list_index', name, item, start, stop })),
    count: async (item: Item) => Number(await requester.call({ op: 'list_count', name, item })),
    /** `item in l`. */
    has: async (item: Item) => (await requester.call({ op: 'list_contains', name, item })) === true,
    reverse: async () => void (await requester.call({ op: 'list_reverse', name })),
    /** `len(l)`. */
    len: async () => Number(await requester.call({ op: 'list_len', name })),
    /** `del l[:]`. */
    clear: async () => void (await requester.call({ op: 'list_clear', name })),
    /** `str(l)`, what `print(l)` shows: [0, 1, 2, 3, 4, 7]. */
    str: async () => pythonRepr(await slice(), WHOLE),
  };
}
