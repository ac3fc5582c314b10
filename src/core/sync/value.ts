import { emptySnapshot, type ParsedSyncRequest, type PrimitiveSnapshot, type SyncOp } from '../../shared/sync';
import { fail, ok, type Outcome, type Primitive } from './primitive';

const OPS: ReadonlySet<SyncOp> = new Set<SyncOp>(['value_get', 'value_set']);

/**
 * multiprocessing.Value without its lock, on purpose: a get and a later set are two separate requests, so
 * `v = get(); set(v + 1)` from two workers loses updates. That race is the lesson.
 */
export class SharedValue implements Primitive {
  readonly kind = 'Value';
  readonly ops = OPS;

  constructor(
    readonly name: string,
    private value: number,
    private readonly typecode: 'i' | 'd' = 'd',
  ) {}

  handle(_workerId: string, request: ParsedSyncRequest): Outcome {
    if (request.op === 'value_get') return ok(this.value);
    if (request.op === 'value_set') {
      if (this.typecode === 'i' && !Number.isInteger(request.value)) return fail('TypeError', "'float' object cannot be interpreted as an integer");
      this.value = request.value;
      return ok();
    }
    return fail('TypeError', `a Value has no "${request.op}"`);
  }

  workerEnded(): boolean {
    return false;
  }

  snapshot(): PrimitiveSnapshot {
    return { ...emptySnapshot(this.name, this.kind), value: this.value };
  }
}
