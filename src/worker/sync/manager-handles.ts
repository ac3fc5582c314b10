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
  };
}
