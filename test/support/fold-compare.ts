import type { SyncFold } from '../../src/shared/sync-fold';
import type { PrimitiveSnapshot } from '../../src/shared/sync';

/**
 * Fold equivalence, made comparable: what the broker's snapshot says and what the folded facts say, in the
 * same plain shape per primitive (holders, waiters in order, depths, values, flags). Kinds whose facts do not
 * carry their state yet (pipes, shared data, timers) are left out, by name.
 */
export function fromSnapshots(snapshots: readonly PrimitiveSnapshot[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const s of snapshots) {
    const waiting = (op?: string) => s.waiters.filter((w) => op === undefined || w.op === op).map((w) => w.workerId);
    switch (s.kind) {
      case 'Lock':
      case 'RLock':
        out[s.name] = { holder: s.holders[0]?.workerId ?? null, count: s.holders[0]?.count ?? 0, waiters: waiting() };
        break;
      case 'Semaphore':
      case 'BoundedSemaphore':
        out[s.name] = { value: s.value, waiters: waiting() };
        break;
      case 'Event':
        out[s.name] = { flag: s.flag, waiters: waiting() };
        break;
      case 'Condition':
        out[s.name] = { waiters: waiting() };
        break;
      case 'Barrier':
        out[s.name] = { waiting: waiting(), broken: s.broken };
        break;
      case 'Queue':
      case 'LifoQueue':
      case 'PriorityQueue':
      case 'JoinableQueue':
        out[s.name] = {
          depth: s.depth,
          getters: waiting('get'),
          putters: waiting('put'),
          joiners: waiting('join'),
          shutdown: s.shutdown,
          ...(s.kind === 'JoinableQueue' ? { unfinished: s.unfinished } : {}),
        };
        break;
      default:
        break;
    }
  }
  return out;
}

export function fromFold(fold: SyncFold, kinds: ReadonlyMap<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, f] of fold.primitives) {
    switch (f.family) {
      case 'lock':
        out[name] = { holder: f.holder, count: f.holder === null ? 0 : f.count, waiters: [...f.waiters] };
        break;
      case 'semaphore':
        out[name] = { value: f.value, waiters: [...f.waiters] };
        break;
      case 'event':
        out[name] = { flag: f.flag, waiters: [...f.waiters] };
        break;
      case 'condition':
        out[name] = { waiters: [...f.waiters] };
        break;
      case 'barrier':
        out[name] = { waiting: [...f.waiting], broken: f.broken };
        break;
      case 'queue':
        out[name] = {
          depth: f.depth,
          getters: [...f.getters],
          putters: [...f.putters],
          joiners: [...f.joiners],
          shutdown: f.shutdown,
          ...(kinds.get(name) === 'JoinableQueue' ? { unfinished: f.unfinished } : {}),
        };
        break;
      case 'timer':
      case 'data':
        break;
    }
  }
  return out;
}
