import { primitiveNameSchema, type CreatePrimitive, type SyncErrorType } from '../../shared/sync';
import { Barrier } from './barrier';
import { Condition } from './condition';
import { SyncEvent } from './event';
import { MutexLock } from './locks';
import type { Primitive, SyncContext } from './primitive';
import { SyncQueue } from './queues';
import { Semaphore } from './semaphore';
import { SharedValue } from './value';
import { Pipe } from './pipe';
import { SharedArray } from './array';
import { SharedDict } from './dict';
import { SharedList } from './list';
import { Timer } from './timer';

/**
 * What a creation adds: usually one primitive; a Condition without a lock also adds its own RLock first.
 * A refusal says which Python error a script gets (ValueError unless told: a List past the budget is a MemoryError).
 */
export type Created = { ok: true; added: Primitive[] } | { ok: false; error: string; type?: SyncErrorType };

/** Builds the primitive(s) for a spec; `existing` looks a name up, to refuse taken names and find a lock. */
export function buildPrimitive(ctx: SyncContext, spec: CreatePrimitive, existing: (name: string) => Primitive | undefined, workerId: string): Created {
  if (existing(spec.name) !== undefined) return { ok: false, error: `the name "${spec.name}" is taken: pick another` };
  switch (spec.kind) {
    case 'Lock':
    case 'RLock':
      return { ok: true, added: [new MutexLock(ctx, spec.name, spec.kind)] };
    case 'Semaphore':
    case 'BoundedSemaphore':
      return { ok: true, added: [new Semaphore(ctx, spec.name, spec.kind, spec.value)] };
    case 'Event':
      return { ok: true, added: [new SyncEvent(ctx, spec.name)] };
    case 'Condition':
      return buildCondition(ctx, spec.name, spec.lock, existing);
    case 'Barrier':
      return { ok: true, added: [new Barrier(ctx, spec.name, spec.parties, spec.timeout ?? null, spec.action)] };
    case 'Value': {
      const value = SharedValue.create(ctx, spec.name, spec.typecode, spec.value);
      return value instanceof SharedValue ? withLock(ctx, spec.name, spec.lock, value, existing) : { ok: false, error: value.error };
    }
    case 'Array': {
      const array = SharedArray.create(ctx, spec.name, spec.typecode, spec.values ?? spec.length ?? 0);
      return array instanceof SharedArray ? withLock(ctx, spec.name, spec.lock, array, existing) : { ok: false, error: array.error };
    }
    case 'Dict':
      return { ok: true, added: [new SharedDict(ctx, spec.name)] };
    case 'List': {
      const list = SharedList.create(ctx, spec.name, spec.items, workerId);
      return list instanceof SharedList ? { ok: true, added: [list] } : { ok: false, error: list.message, type: list.error };
    }
    case 'Pipe':
      return { ok: true, added: [new Pipe(ctx, spec.name, spec.duplex)] };
    case 'Timer':
      return buildTimer(ctx, spec.name, spec.interval, spec.event, existing);
    default:
      return { ok: true, added: [new SyncQueue(ctx, spec.name, spec.kind, spec.maxsize)] };
  }
}

/** multiprocessing's lock=True: an RLock named `${name}.lock` beside the shared data (Python's get_lock()). */
function withLock(ctx: SyncContext, name: string, lock: boolean, data: Primitive, existing: (name: string) => Primitive | undefined): Created {
  if (!lock) return { ok: true, added: [data] };
  const lockName = `${name}.lock`;
  if (!primitiveNameSchema.safeParse(lockName).success) return { ok: false, error: `"${name}" is too long to have a lock named "${lockName}" (40 characters at most)` };
  if (existing(lockName) !== undefined) return { ok: false, error: `the name "${lockName}" is taken, and "${name}" needs it for its lock` };
  return { ok: true, added: [new MutexLock(ctx, lockName, 'RLock'), data] };
}

function buildTimer(ctx: SyncContext, name: string, interval: number, eventName: string, existing: (name: string) => Primitive | undefined): Created {
  const event = existing(eventName);
  if (!(event instanceof SyncEvent)) return { ok: false, error: `a Timer sets an Event when it fires: create the Event "${eventName}" first` };
  return { ok: true, added: [new Timer(ctx, name, interval, eventName, () => void event.handle('lab', { op: 'set', name: eventName }))] };
}

function buildCondition(ctx: SyncContext, name: string, lockName: string | undefined, existing: (name: string) => Primitive | undefined): Created {
  if (lockName === undefined) {
    // Python's Condition() makes its own RLock; it is registered so that waits for it show in the graph.
    const ownName = `${name}.lock`;
    if (!primitiveNameSchema.safeParse(ownName).success) return { ok: false, error: `"${name}" is too long to have its own lock named "${ownName}" (40 characters at most)` };
    if (existing(ownName) !== undefined) return { ok: false, error: `the name "${ownName}" is taken, and a Condition named "${name}" needs it for its own lock` };
    const lock = new MutexLock(ctx, ownName, 'RLock');
    return { ok: true, added: [lock, new Condition(ctx, name, lock)] };
  }
  const lock = existing(lockName);
  if (lock === undefined) return { ok: false, error: `no Lock or RLock named "${lockName}" for the Condition: create the lock first` };
  if (!(lock instanceof MutexLock)) return { ok: false, error: `"${lockName}" is a ${lock.kind}: a Condition needs a Lock or RLock` };
  return { ok: true, added: [new Condition(ctx, name, lock)] };
}
