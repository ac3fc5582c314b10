import { pythonRepr } from '../../shared/structured-value';
import { emptySnapshot, type Item, type ParsedSyncRequest, type PrimitiveSnapshot, type SyncOp, type SyncReply } from '../../shared/sync';
import { costOf } from './memory-budget';
import { boundedReply } from './reply-limit';
import { CONTENTS_CHARS } from '../../shared/data-facts';
import { fail, ok, type Primitive, type SyncContext } from './primitive';

/** The slice size the refusal suggests: well inside the reply limit for small items. */
const SLICE_ADVICE = 10_000;

const LIST_OPS: ReadonlySet<SyncOp> = new Set<SyncOp>([
  'list_get',
  'list_slice',
  'list_set',
  'list_delete',
  'list_append',
  'list_extend',
  'list_insert',
  'list_pop',
  'list_remove',
  'list_index',
  'list_count',
  'list_contains',
  'list_reverse',
  'list_len',
  'list_clear',
]);

/** The ops that only read, for the broker's version (an idle lab publishes nothing). */
export const LIST_READS: readonly SyncOp[] = ['list_get', 'list_slice', 'list_index', 'list_count', 'list_contains', 'list_len'];
const READ_OPS: ReadonlySet<SyncOp> = new Set(LIST_READS);

/**
 * A Manager().list() (multiprocessing.managers.ListProxy): each method one request, done whole; Python's
 * errors in Python's words (CPython 3.11-3.13, checked by running them): IndexError "list index out of
 * range", "list assignment index out of range", "pop from empty list", "pop index out of range"; ValueError
 * "list.remove(x): x not in list", "3 is not in list".
 */
export class SharedList implements Primitive {
  readonly kind = 'List';
  readonly ops = LIST_OPS;
  private items: Item[] = [];

  private constructor(
    private readonly ctx: SyncContext,
    readonly name: string,
  ) {}

  /** A list with its first items, charged to the memory budget for whoever creates it (MemoryError if they do not fit). */
  static create(ctx: SyncContext, name: string, items: readonly Item[], workerId: string): SharedList | Extract<SyncReply, { ok: false }> {
    const list = new SharedList(ctx, name);
    const refused = list.charge(workerId, items);
    if (refused !== null && !refused.ok) return refused;
    list.items = [...items];
    return list;
  }

  /** Each write that was done (not refused) is a `list.write` fact with the length after it. */
  handle(workerId: string, request: ParsedSyncRequest): SyncReply {
    const reply = this.run(workerId, request);
    if (reply.ok && !READ_OPS.has(request.op)) this.ctx.fact({ op: 'list.write', actor: workerId, primitive: this.name, length: this.items.length });
    return reply;
  }

  private run(workerId: string, request: ParsedSyncRequest): SyncReply {
    const items = this.items;
    switch (request.op) {
      case 'list_get': {
        const at = this.at(request.index);
        return at === null ? fail('IndexError', 'list index out of range') : ok(items[at]!);
      }
      case 'list_slice':
        return this.slice(request.start, request.stop, request.step);
      case 'list_set':
      case 'list_delete': {
        const at = this.at(request.index);
        if (at === null) return fail('IndexError', 'list assignment index out of range');
        if (request.op === 'list_delete') {
          this.refund(items.splice(at, 1));
          return ok();
        }
        // Charged first, less the item it replaces: one that would pass the memory budget changes nothing.
        const refused = this.charge(workerId, [request.item], items[at]);
        if (refused !== null) return refused;
        items[at] = request.item;
        return ok();
      }
      case 'list_append':
      case 'list_extend':
      case 'list_insert': {
        const adding = request.op === 'list_extend' ? request.items : [request.item];
        const refused = this.charge(workerId, adding);
        if (refused !== null) return refused;
        // insert clamps: before the start, or after the end.
        if (request.op === 'list_insert') items.splice(clamp(request.index, items.length), 0, request.item);
        else for (const item of adding) items.push(item);
        return ok();
      }
      case 'list_pop': {
        if (items.length === 0) return fail('IndexError', 'pop from empty list');
        const at = this.at(request.index);
        if (at === null) return fail('IndexError', 'pop index out of range');
        const [item] = items.splice(at, 1) as [Item];
        this.refund([item]);
        return ok(item);
      }
      case 'list_remove': {
        const at = items.findIndex((each) => pythonEquals(each, request.item));
        if (at < 0) return fail('ValueError', 'list.remove(x): x not in list');
        this.refund(items.splice(at, 1));
        return ok();
      }
      case 'list_index': {
        const stop = request.stop === null ? items.length : clamp(request.stop, items.length);
        for (let at = clamp(request.start, items.length); at < stop; at += 1) if (pythonEquals(items[at]!, request.item)) return ok(at);
        return fail('ValueError', `${pythonRepr(request.item, 80)} is not in list`);
      }
      case 'list_count':
        return ok(items.filter((each) => pythonEquals(each, request.item)).length);
      case 'list_contains':
        return ok(items.some((each) => pythonEquals(each, request.item)));
      case 'list_reverse':
        items.reverse();
        return ok();
      case 'list_len':
        return ok(items.length);
      case 'list_clear':
        this.items = [];
        this.ctx.budget.releaseAll(this.name);
        return ok();
      default:
        return fail('TypeError', `a List has no "${request.op}"`);
    }
  }

  /** Charges the items about to be added, less the one they replace (list_set); null when they fit. */
  private charge(workerId: string, items: readonly Item[], replacing: Item | undefined = undefined) {
    if (items.length === 0) return null;
    const bytes = items.reduce<number>((sum, item) => sum + costOf(item), 0) - (replacing === undefined ? 0 : costOf(replacing));
    return this.ctx.budget.charge(this.name, workerId, bytes);
  }

  private refund(items: readonly Item[]): void {
    for (const item of items) this.ctx.budget.refund(this.name, costOf(item));
  }

  /** A Python index (negative from the end) as a position, or null outside the list. */
  private at(index: number): number | null {
    const at = index < 0 ? this.items.length + index : index;
    return at < 0 || at >= this.items.length ? null : at;
  }

  /** `l[start:stop:step]`, with Python's slice.indices(): bounds clamp, a negative step walks backwards. */
  private slice(start: number | null, stop: number | null, step: number | null): SyncReply {
    const by = step ?? 1;
    if (by === 0) return fail('ValueError', 'slice step cannot be zero');
    const length = this.items.length;
    const bound = (value: number | null, fallback: number, low: number, high: number) => {
      if (value === null) return fallback;
      const from = value < 0 ? value + length : value;
      return Math.min(Math.max(from, low), high);
    };
    const items = this.items;
    function* taken(): Generator<Item> {
      if (by > 0) {
        for (let at = bound(start, 0, 0, length), end = bound(stop, length, 0, length); at < end; at += by) yield items[at]!;
      } else {
        for (let at = bound(start, length - 1, -1, length - 1), end = bound(stop, -1, -1, length - 1); at > end; at += by) yield items[at]!;
      }
    }
    // Bounded (reply-limit.ts): a slice of a huge list is taken only as far as one reply may carry.
    return boundedReply(taken(), `the slice of ${this.name}`, `read it in smaller slices (l[0:${SLICE_ADVICE}], l[${SLICE_ADVICE}:${2 * SLICE_ADVICE}], ...)`);
  }

  workerEnded(): boolean {
    return false;
  }

  contents(): string {
    return pythonRepr(this.items, CONTENTS_CHARS);
  }

  snapshot(): PrimitiveSnapshot {
    return {
      ...emptySnapshot(this.name, this.kind),
      depth: this.items.length,
      contents: this.contents(),
      bytes: this.ctx.budget.heldBy(this.name),
    };
  }
}

/** list.insert's and index's bounds: negative from the end, then clamped to 0..length. */
function clamp(index: number, length: number): number {
  return Math.min(Math.max(index < 0 ? index + length : index, 0), length);
}

/** Python's ==: True == 1 and False == 0 (bool is an int), lists and dicts compared element by element. */
export function pythonEquals(a: Item, b: Item): boolean {
  const number = (value: Item) => (typeof value === 'boolean' ? Number(value) : value);
  const [x, y] = [number(a), number(b)];
  if (x === null || typeof x !== 'object' || y === null || typeof y !== 'object') return x === y;
  if (Array.isArray(x) !== Array.isArray(y)) return false;
  if (Array.isArray(x) && Array.isArray(y)) return x.length === y.length && x.every((each, at) => pythonEquals(each, y[at]!));
  const [xs, ys] = [x as Record<string, Item>, y as Record<string, Item>];
  const keys = Object.keys(xs);
  return keys.length === Object.keys(ys).length && keys.every((key) => Object.prototype.hasOwnProperty.call(ys, key) && pythonEquals(xs[key]!, ys[key]!));
}
