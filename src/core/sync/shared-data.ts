import { pythonRepr } from '../../shared/structured-value';
import { emptySnapshot, type Item, type ParsedSyncRequest, type PrimitiveSnapshot, type SyncOp } from '../../shared/sync';
import { fail, ok, type Outcome, type Primitive } from './primitive';

const CONTENTS_CHARS = 200;

const DICT_OPS: ReadonlySet<SyncOp> = new Set<SyncOp>(['dict_get', 'dict_set', 'dict_delete', 'dict_clear']);

/**
 * A Manager().dict(): `d[key]` and `d[key] = value`, each a request to the manager, so the seeds'
 * lost update (50 processes doing `d['n'] -= 1`) happens here too unless a Lock is held around both.
 */
export class SharedDict implements Primitive {
  readonly kind = 'Dict';
  readonly ops = DICT_OPS;
  private readonly entries = new Map<string, Item>();

  constructor(readonly name: string) {}

  handle(_workerId: string, request: ParsedSyncRequest): Outcome {
    if (request.op === 'dict_get') {
      if (!this.entries.has(request.key)) return fail('KeyError', JSON.stringify(request.key));
      return ok(this.entries.get(request.key)!);
    }
    if (request.op === 'dict_set') {
      this.entries.set(request.key, request.value);
      return ok();
    }
    if (request.op === 'dict_delete') {
      // `del d[key]` of a missing key: KeyError with the key's repr, as Python says it.
      return this.entries.delete(request.key) ? ok() : fail('KeyError', JSON.stringify(request.key));
    }
    if (request.op === 'dict_clear') {
      this.entries.clear();
      return ok();
    }
    return fail('TypeError', `a Dict has no "${request.op}"`);
  }

  workerEnded(): boolean {
    return false;
  }

  snapshot(): PrimitiveSnapshot {
    return { ...emptySnapshot(this.name, this.kind), depth: this.entries.size, contents: pythonRepr(Object.fromEntries(this.entries), CONTENTS_CHARS) };
  }
}
