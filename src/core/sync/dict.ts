import { pythonRepr } from '../../shared/structured-value';
import { emptySnapshot, type Item, type ParsedSyncRequest, type PrimitiveSnapshot, type SyncOp } from '../../shared/sync';
import { costOf, sizeOf } from './memory-budget';
import { boundedReply } from './reply-limit';
import { CONTENTS_CHARS } from '../../shared/data-facts';
import { fail, ok, type Outcome, type Primitive, type SyncContext } from './primitive';

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

/** An entry's cost against the memory budget: its key's JSON, and its value's cost (memory-budget.ts). */
const entryCost = (key: string, value: Item) => sizeOf(key) + costOf(value);

const TOO_BIG_ADVICE = 'read the keys you need one at a time (d.get(k)), or keep fewer entries in the dict';

/** The entries as [key, value] lists, one at a time, as a reply carries them. */
function* pairs(entries: ReadonlyMap<string, Item>): Generator<Item> {
  for (const [key, value] of entries) yield [key, value];
}

/** Python's KeyError names the key by its repr: KeyError: 'x'. */
const keyError = (key: string) => fail('KeyError', pythonRepr(key, 200));

/**
 * A Manager().dict() (multiprocessing.managers.DictProxy): every method is one request to the manager,
 * done whole, so `d.setdefault(k, v)` or `d.pop(k)` cannot be torn; but `d[k] += 1` is a get then a set,
 * two requests, and the seeds' lost update (50 processes doing `d['n'] -= 1`) happens here too unless a
 * Lock is held around both. A Map keeps insertion order, as a dict does (re-setting a key keeps its place).
 * What it holds is charged to the memory budget; a set that would pass it is refused whole (MemoryError).
 */
export class SharedDict implements Primitive {
  readonly kind = 'Dict';
  readonly ops = DICT_OPS;
  private readonly entries = new Map<string, Item>();
  /** Keys in insertion order, with stale ones left behind by deletes (lastKey drops them). */
  private order: string[] = [];
  /** Where each present key's own insertion sits in `order` (a key deleted and set again has a new place). */
  private readonly placed = new Map<string, number>();

  constructor(
    private readonly ctx: SyncContext,
    readonly name: string,
  ) {}

  handle(workerId: string, request: ParsedSyncRequest): Outcome {
    const entries = this.entries;
    switch (request.op) {
      case 'dict_get':
        if (entries.has(request.key)) return ok(entries.get(request.key)!);
        return request.default === undefined ? keyError(request.key) : ok(request.default);
      case 'dict_set':
        return this.store(workerId, [[request.key, request.value]]) ?? ok();
      case 'dict_delete':
        return this.remove(workerId, request.key) === undefined ? keyError(request.key) : ok();
      case 'dict_clear':
        entries.clear();
        this.order = [];
        this.placed.clear();
        this.ctx.budget.releaseAll(this.name);
        this.wrote(workerId);
        return ok();
      case 'dict_has':
        return ok(entries.has(request.key));
      case 'dict_len':
        return ok(entries.size);
      // Whole-dict reads are bounded (reply-limit.ts): a huge dict is read key by key.
      case 'dict_keys':
        return boundedReply(entries.keys(), `${this.name}.keys()`, TOO_BIG_ADVICE);
      case 'dict_values':
        return boundedReply(entries.values(), `${this.name}.values()`, TOO_BIG_ADVICE);
      case 'dict_items':
        return boundedReply(pairs(entries), `${this.name}.items()`, TOO_BIG_ADVICE);
      case 'dict_pop': {
        const value = this.remove(workerId, request.key);
        if (value !== undefined) return ok(value);
        return request.default === undefined ? keyError(request.key) : ok(request.default);
      }
      case 'dict_popitem': {
        // LIFO, as dict.popitem() since 3.7: the pair inserted last, tracked (never found by listing every key).
        const last = this.lastKey();
        if (last === undefined) return fail('KeyError', "'popitem(): dictionary is empty'");
        return ok([last, this.remove(workerId, last)!]);
      }
      case 'dict_setdefault':
        if (!entries.has(request.key)) {
          const refused = this.store(workerId, [[request.key, request.default]]);
          if (refused !== null) return refused;
        }
        return ok(entries.get(request.key)!);
      case 'dict_update':
        return this.store(workerId, request.entries) ?? ok();
      default:
        return fail('TypeError', `a Dict has no "${request.op}"`);
    }
  }

  /** Sets the pairs in order, all or none: their cost less what they replace is charged first. */
  private store(workerId: string, pairs: ReadonlyArray<readonly [string, Item]>) {
    const replaced = new Map<string, number>();
    let bytes = 0;
    for (const [key, value] of pairs) {
      const before = replaced.get(key) ?? (this.entries.has(key) ? entryCost(key, this.entries.get(key)!) : 0);
      const after = entryCost(key, value);
      replaced.set(key, after);
      bytes += after - before;
    }
    const refused = this.ctx.budget.charge(this.name, workerId, bytes);
    if (refused === null) {
      for (const [key, value] of pairs) {
        if (!this.entries.has(key)) {
          this.placed.set(key, this.order.length);
          this.order.push(key);
        }
        this.entries.set(key, value);
      }
      this.compact();
      if (pairs.length > 0) this.wrote(workerId);
    }
    return refused;
  }

  /** One write (a set, an update, a delete, a pop, a clear): its hot fact. */
  private wrote(workerId: string): void {
    this.ctx.fact({ op: 'dict.write', actor: workerId, primitive: this.name });
  }

  /**
   * The key inserted last. A Map has no "last" of its own, so insertion order is mirrored in `order`, a
   * stack of keys in which a deleted key stays until popitem meets it on top (then it is skipped and
   * dropped) or compact() rebuilds the stack: each insertion is pushed once and dropped once, so popitem
   * costs O(1) amortised.
   */
  private lastKey(): string | undefined {
    for (;;) {
      const top = this.order.at(-1);
      if (top === undefined) return undefined;
      if (this.entries.has(top) && this.placed.get(top) === this.order.length - 1) return top;
      this.order.pop();
    }
  }

  /** Rebuilds `order` from the Map once stale keys outnumber live ones: O(n) every n changes, O(1) amortised. */
  private compact(): void {
    if (this.order.length <= 2 * this.entries.size + 16) return;
    this.order = [...this.entries.keys()];
    this.order.forEach((key, at) => this.placed.set(key, at));
  }

  /** Takes a key out, giving its cost back; its value, or undefined when it was not there. */
  private remove(workerId: string, key: string): Item | undefined {
    if (!this.entries.has(key)) return undefined;
    const value = this.entries.get(key)!;
    this.entries.delete(key);
    this.placed.delete(key);
    this.ctx.budget.refund(this.name, entryCost(key, value));
    this.wrote(workerId);
    return value;
  }

  workerEnded(): boolean {
    return false;
  }

  contents(): string {
    // The Map itself, walked only as far as shown: never a copy of the whole dict.
    return pythonRepr(this.entries, CONTENTS_CHARS);
  }

  snapshot(): PrimitiveSnapshot {
    return {
      ...emptySnapshot(this.name, this.kind),
      depth: this.entries.size,
      contents: this.contents(),
      bytes: this.ctx.budget.heldBy(this.name),
    };
  }
}
