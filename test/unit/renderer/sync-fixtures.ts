import type { PrimitiveKind, PrimitiveSnapshot } from '../../../src/shared/sync';

/** A primitive's snapshot with every field blank, then the few a test cares about. */
export function snapshot(name: string, kind: PrimitiveKind, fields: Partial<PrimitiveSnapshot> = {}): PrimitiveSnapshot {
  return {
    name,
    kind,
    holders: [],
    waiters: [],
    value: null,
    flag: null,
    parties: null,
    broken: null,
    lock: null,
    depth: null,
    maxsize: null,
    unfinished: null,
    puts: null,
    gets: null,
    producers: [],
    consumers: [],
    ownerDied: null,
    contents: null,
    bytes: null,
    ...fields,
  };
}

export const held = (workerId: string, since = 0, count = 1) => ({ workerId, since, count });
export const waiting = (workerId: string, since = 0, timeoutMs: number | null = null, op: 'acquire' | 'get' | 'wait' = 'acquire') => ({ workerId, op, since, timeoutMs });
