import { initialState } from '../../../src/shared/primitive-fold';
import type { HolderState, PrimitiveState, WaiterState } from '../../../src/shared/primitive-state';
import { emptySnapshot, type CreatePrimitive, type PrimitiveKind, type PrimitiveSnapshot } from '../../../src/shared/sync';
import type { PrimitiveEntry } from '../../../src/renderer/model/primitive-list';

/** A primitive's snapshot with every field blank, then the few a test cares about. */
export function snapshot(name: string, kind: PrimitiveKind, fields: Partial<PrimitiveSnapshot> = {}): PrimitiveSnapshot {
  return { ...emptySnapshot(name, kind), ...fields };
}

export const held = (actor: string, since = 0, count = 1): HolderState => ({ actor, since, count });
export const waiting = (actor: string, since = 0, timeoutMs: number | null = null, op: WaiterState['op'] = 'acquire'): WaiterState => ({ actor, op, since, timeoutMs });

/** The spec a kind is created with in these tests (a semaphore of 1 unit, an unbounded queue, a duplex pipe...). */
function specOf(name: string, kind: PrimitiveKind): CreatePrimitive {
  switch (kind) {
    case 'Semaphore':
    case 'BoundedSemaphore':
      return { kind, name, value: 1 };
    case 'Barrier':
      return { kind, name, parties: 2, action: false };
    case 'Queue':
    case 'LifoQueue':
    case 'PriorityQueue':
    case 'JoinableQueue':
      return { kind, name, maxsize: 0 };
    case 'Value':
      return { kind, name, typecode: 'i', value: 0, lock: false };
    case 'Array':
      return { kind, name, typecode: 'i', length: 0, lock: false };
    case 'List':
      return { kind, name, items: [] };
    case 'Pipe':
      return { kind, name, duplex: true };
    case 'Timer':
      return { kind, name, interval: 1, event: 'e' };
    default:
      return { kind, name } as CreatePrimitive;
  }
}

/**
 * One Sync-view entry: the state a kind starts in with the fields a test sets (a Lock's `holder`, a
 * semaphore's `holders` and `value`, anyone's `waiters`, a Dict's `contents` and `held`).
 */
export function entry(name: string, kind: PrimitiveKind, fields: Record<string, unknown> = {}, companion = false): PrimitiveEntry {
  const state = { ...initialState(specOf(name, kind)), ...fields } as PrimitiveState;
  return { name, kind, state, companion };
}
