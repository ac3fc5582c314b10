import { arrayRepr, coerceCell, encodeCell, encodeChars, STORAGE, zeroCell, type Cell, type CellInput, type Typecode } from '../../shared/ctypes';
import { emptySnapshot, type ParsedSyncRequest, type PrimitiveSnapshot, type SyncOp } from '../../shared/sync';
import { CONTENTS_CHARS } from '../../shared/data-facts';
import { fail, ok, type Outcome, type Primitive, type SyncContext } from './primitive';

const ARRAY_OPS: ReadonlySet<SyncOp> = new Set<SyncOp>(['array_get', 'array_set', 'array_fill', 'array_get_slice', 'array_set_slice', 'array_len']);

/** The cells a slice covers, as Python's slice.indices(len) and range() give them. */
export function sliceIndexes(length: number, start: number | null, stop: number | null, step: number | null): number[] | { error: string } {
  const by = step ?? 1;
  if (by === 0) return { error: 'slice step cannot be zero' };
  const clamp = (bound: number | null, fallback: number, low: number, high: number) => {
    if (bound === null) return fallback;
    const from = bound < 0 ? bound + length : bound;
    return Math.min(Math.max(from, low), high);
  };
  const first = by > 0 ? clamp(start, 0, 0, length) : clamp(start, length - 1, -1, length - 1);
  const end = by > 0 ? clamp(stop, length, 0, length) : clamp(stop, -1, -1, length - 1);
  const indexes: number[] = [];
  for (let index = first; by > 0 ? index < end : index > end; index += by) indexes.push(index);
  return indexes;
}

/**
 * multiprocessing.Array without its lock: like Value, each get and set is its own request, so a
 * read-modify-write from two workers can lose an update. Cells wrap and round as ctypes' do (ctypes.ts);
 * Python's errors: IndexError out of range, TypeError for a value the typecode does not take, ValueError
 * for a slice assignment of the wrong size.
 */
export class SharedArray implements Primitive {
  readonly kind = 'Array';
  readonly ops = ARRAY_OPS;

  private constructor(
    private readonly ctx: SyncContext,
    readonly name: string,
    readonly typecode: Typecode,
    private readonly cells: Cell[],
  ) {}

  /** Array(typecode, size_or_initializer): zero-filled, or the values, each taken as a cell would take it. */
  static create(ctx: SyncContext, name: string, typecode: Typecode, lengthOrValues: number | readonly CellInput[]): SharedArray | { error: string } {
    if (typeof lengthOrValues === 'number') return new SharedArray(ctx, name, typecode, new Array<Cell>(lengthOrValues).fill(zeroCell(typecode)));
    const cells: Cell[] = [];
    for (const value of lengthOrValues) {
      const coerced = coerceCell(typecode, value);
      if (!coerced.ok) return { error: `${coerced.error}: ${coerced.message}` };
      cells.push(coerced.cell);
    }
    return new SharedArray(ctx, name, typecode, cells);
  }

  handle(workerId: string, request: ParsedSyncRequest): Outcome {
    switch (request.op) {
      case 'array_len':
        return ok(this.cells.length);
      case 'array_fill':
        return this.assign(
          workerId,
          this.cells.map((_, index) => index),
          this.cells.map(() => request.value),
        );
      case 'array_get':
      case 'array_set': {
        // Python allows negative indexes from the end.
        const index = request.index < 0 ? this.cells.length + request.index : request.index;
        if (index < 0 || index >= this.cells.length) return fail('IndexError', 'invalid index');
        return request.op === 'array_get' ? ok(encodeCell(this.typecode, this.cells[index]!)) : this.assign(workerId, [index], [request.value]);
      }
      case 'array_get_slice': {
        const indexes = sliceIndexes(this.cells.length, request.start, request.stop, request.step);
        if (!Array.isArray(indexes)) return fail('ValueError', indexes.error);
        const cells = indexes.map((index) => this.cells[index]!);
        // A c_char array's slice is bytes, as in CPython.
        return ok(STORAGE[this.typecode].kind === 'char' ? encodeChars(cells) : cells.map((cell) => encodeCell(this.typecode, cell)));
      }
      case 'array_set_slice': {
        const indexes = sliceIndexes(this.cells.length, request.start, request.stop, request.step);
        if (!Array.isArray(indexes)) return fail('ValueError', indexes.error);
        if (indexes.length !== request.values.length) return fail('ValueError', 'Can only assign sequence of same size');
        return this.assign(workerId, indexes, request.values);
      }
      default:
        return fail('TypeError', `an Array has no "${request.op}"`);
    }
  }

  /** All or nothing: every value is checked before any cell changes. */
  private assign(workerId: string, indexes: readonly number[], values: readonly CellInput[]): Outcome {
    const cells: Cell[] = [];
    for (const value of values) {
      const coerced = coerceCell(this.typecode, value);
      if (!coerced.ok) return fail(coerced.error, coerced.message);
      cells.push(coerced.cell);
    }
    indexes.forEach((index, at) => (this.cells[index] = cells[at]!));
    // One fact per assignment (a fill or a slice may write 10,000 cells): how many cells it wrote.
    if (indexes.length > 0) this.ctx.fact({ op: 'array.write', actor: workerId, primitive: this.name, cells: indexes.length });
    return ok();
  }

  workerEnded(): boolean {
    return false;
  }

  contents(): string {
    return arrayRepr(this.typecode, this.cells, CONTENTS_CHARS);
  }

  snapshot(): PrimitiveSnapshot {
    return { ...emptySnapshot(this.name, this.kind), depth: this.cells.length, contents: this.contents(), typecode: this.typecode };
  }
}
