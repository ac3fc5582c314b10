import { emptySnapshot, type PrimitiveKind, type PrimitiveSnapshot } from '../../../src/shared/sync';

/** A primitive's snapshot with every field blank, then the few a test cares about. */
export function snapshot(name: string, kind: PrimitiveKind, fields: Partial<PrimitiveSnapshot> = {}): PrimitiveSnapshot {
  return { ...emptySnapshot(name, kind), ...fields };
}

export const held = (workerId: string, since = 0, count = 1) => ({ workerId, since, count });
export const waiting = (workerId: string, since = 0, timeoutMs: number | null = null, op: 'acquire' | 'get' | 'wait' = 'acquire') => ({ workerId, op, since, timeoutMs });
