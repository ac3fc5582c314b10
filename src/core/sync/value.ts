import { cellRepr, coerceCell, encodeCell, type Cell, type CellInput, type Typecode } from '../../shared/ctypes';
import { emptySnapshot, type ParsedSyncRequest, type PrimitiveSnapshot, type SyncOp } from '../../shared/sync';
import { fail, ok, type Outcome, type Primitive, type SyncContext } from './primitive';

const OPS: ReadonlySet<SyncOp> = new Set<SyncOp>(['value_get', 'value_set']);

/**
 * multiprocessing.Value without its lock, on purpose: a get and a later set are two separate requests, so
 * `v = get(); set(v + 1)` from two workers loses updates. That race is the lesson. The value is kept as
 * ctypes keeps it (ctypes.ts): an 'i' Value set to 2**31 holds -2**31.
 */
export class SharedValue implements Primitive {
  readonly kind = 'Value';
  readonly ops = OPS;

  private constructor(
    private readonly ctx: SyncContext,
    readonly name: string,
    private cell: Cell,
    readonly typecode: Typecode,
  ) {}

  /** Value(typecode, value): refused with Python's TypeError (or OverflowError) when ctypes would refuse it. */
  static create(ctx: SyncContext, name: string, typecode: Typecode, value: CellInput): SharedValue | { error: string } {
    const coerced = coerceCell(typecode, value);
    return coerced.ok ? new SharedValue(ctx, name, coerced.cell, typecode) : { error: `${coerced.error}: ${coerced.message}` };
  }

  handle(workerId: string, request: ParsedSyncRequest): Outcome {
    if (request.op === 'value_get') return ok(encodeCell(this.typecode, this.cell));
    if (request.op === 'value_set') {
      const coerced = coerceCell(this.typecode, request.value);
      if (!coerced.ok) return fail(coerced.error, coerced.message);
      this.cell = coerced.cell;
      this.ctx.fact({ op: 'value.write', actor: workerId, primitive: this.name });
      return ok();
    }
    return fail('TypeError', `a Value has no "${request.op}"`);
  }

  workerEnded(): boolean {
    return false;
  }

  contents(): string {
    return cellRepr(this.typecode, this.cell);
  }

  snapshot(): PrimitiveSnapshot {
    const number = Number(this.cell);
    return {
      ...emptySnapshot(this.name, this.kind),
      // A number for the charts when it is one exactly; the text is always Python's repr.
      value: Number.isFinite(number) && (typeof this.cell !== 'bigint' || Number.isSafeInteger(number)) ? number : null,
      contents: this.contents(),
      typecode: this.typecode,
    };
  }
}
