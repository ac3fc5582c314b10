import { pythonRepr } from '../../shared/structured-value';
import { emptySnapshot, type ParsedSyncRequest, type PrimitiveSnapshot, type SyncOp } from '../../shared/sync';
import { fail, ok, type Outcome, type Primitive } from './primitive';

const CONTENTS_CHARS = 200;

const ARRAY_OPS: ReadonlySet<SyncOp> = new Set<SyncOp>(['array_get', 'array_set', 'array_fill']);

const NOT_AN_INT = "'float' object cannot be interpreted as an integer";

/**
 * multiprocessing.Array without its lock: like Value, each get and set is its own request, so a
 * read-modify-write from two workers can lose an update. Python's errors: IndexError out of range,
 * TypeError for a fraction in an 'i' array.
 */
export class SharedArray implements Primitive {
  readonly kind = 'Array';
  readonly ops = ARRAY_OPS;
  private readonly values: number[];

  constructor(
    readonly name: string,
    private readonly typecode: 'i' | 'd',
    length: number,
  ) {
    this.values = new Array<number>(length).fill(0);
  }

  handle(_workerId: string, request: ParsedSyncRequest): Outcome {
    if (request.op === 'array_fill') {
      if (this.typecode === 'i' && !Number.isInteger(request.value)) return fail('TypeError', NOT_AN_INT);
      this.values.fill(request.value);
      return ok();
    }
    if (request.op !== 'array_get' && request.op !== 'array_set') return fail('TypeError', `an Array has no "${request.op}"`);
    // Python allows negative indexes from the end.
    const index = request.index < 0 ? this.values.length + request.index : request.index;
    if (index < 0 || index >= this.values.length) return fail('IndexError', 'invalid index');
    if (request.op === 'array_get') return ok(this.values[index]!);
    if (this.typecode === 'i' && !Number.isInteger(request.value)) return fail('TypeError', NOT_AN_INT);
    this.values[index] = request.value;
    return ok();
  }

  workerEnded(): boolean {
    return false;
  }

  snapshot(): PrimitiveSnapshot {
    return { ...emptySnapshot(this.name, this.kind), depth: this.values.length, contents: pythonRepr(this.values, CONTENTS_CHARS) };
  }
}
