import { pythonRepr } from '../../shared/structured-value';
import { emptySnapshot, type Item, type ParsedSyncRequest, type PrimitiveSnapshot, type SyncOp } from '../../shared/sync';
import { fail, ok, type Outcome, type Primitive } from './primitive';

const CONTENTS_CHARS = 200;

const DICT_OPS: ReadonlySet<SyncOp> = new Set<SyncOp>([
  'dict_get',
  'dict_set',
  'dict_delete',
  'dict_clear',
  'dict_has',
  'dict_len',
  'dict_keys',
  'dict_values',
  'dict_items',
  'dict_pop',
  'dict_popitem',
  'dict_setdefault',
  'dict_update',
]);

/** Python's KeyError names the key by its repr: KeyError: 'x'. */
const keyError = (key: string) => fail('KeyError', pythonRepr(key, 200));

/**
 * A Manager().dict() (multiprocessing.managers.DictProxy): every method is one request to the manager,
 * done whole, so `d.setdefault(k, v)` or `d.pop(k)` cannot be torn; but `d[k] += 1` is a get then a set,
 * two requests, and the seeds' lost update (50 processes doing `d['n'] -= 1`) happens here too unless a
 * Lock is held around both. A Map keeps insertion order, as a dict does (re-setting a key keeps its place).
 */
export class SharedDict implements Primitive {
  readonly kind = 'Dict';
  readonly ops = DICT_OPS;
  private readonly entries = new Map<string, Item>();

  constructor(readonly name: string) {}

  handle(_workerId: string, request: ParsedSyncRequest): Outcome {
    const entries = this.entries;
    switch (request.op) {
      case 'dict_get':
        if (entries.has(request.key)) return ok(entries.get(request.key)!);
        return request.default === undefined ? keyError(request.key) : ok(request.default);
      case 'dict_set':
        entries.set(request.key, request.value);
        return ok();
      case 'dict_delete':
        return entries.delete(request.key) ? ok() : keyError(request.key);
      case 'dict_clear':
        entries.clear();
        return ok();
      case 'dict_has':
        return ok(entries.has(request.key));
      case 'dict_len':
        return ok(entries.size);
      case 'dict_keys':
        return ok([...entries.keys()]);
      case 'dict_values':
        return ok([...entries.values()]);
      case 'dict_items':
        return ok([...entries].map(([key, value]) => [key, value]));
      case 'dict_pop': {
        if (!entries.has(request.key)) return request.default === undefined ? keyError(request.key) : ok(request.default);
        const value = entries.get(request.key)!;
        entries.delete(request.key);
        return ok(value);
      }
      case 'dict_popitem': {
        // LIFO, as dict.popitem() since 3.7: the pair inserted last.
        const last = [...entries.keys()].at(-1);
        if (last === undefined) return fail('KeyError', "'popitem(): dictionary is empty'");
        const value = entries.get(last)!;
        entries.delete(last);
        return ok([last, value]);
      }
      case 'dict_setdefault':
        if (!entries.has(request.key)) entries.set(request.key, request.default);
        return ok(entries.get(request.key)!);
      case 'dict_update':
        for (const [key, value] of request.entries) entries.set(key, value);
        return ok();
      default:
        return fail('TypeError', `a Dict has no "${request.op}"`);
    }
  }

  workerEnded(): boolean {
    return false;
  }

  snapshot(): PrimitiveSnapshot {
    return { ...emptySnapshot(this.name, this.kind), depth: this.entries.size, contents: pythonRepr(Object.fromEntries(this.entries), CONTENTS_CHARS) };
  }
}
