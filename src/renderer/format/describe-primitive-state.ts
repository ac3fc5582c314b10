import { STORAGE } from '../../shared/ctypes';
import type { PrimitiveEntry } from '../model/primitive-list';
import { formatBytes } from './units';

/**
 * A primitive's state in a few words, for its line in the Locks panel: "free", "value 2 of 3",
 * "set", "2/3 waiting, broken", "depth 3/5". Who holds it and who waits are listed under it.
 */
export function describePrimitiveState(entry: PrimitiveEntry): string {
  const snapshot = entry.snapshot;
  if (snapshot === null) return 'no sample yet';
  switch (entry.kind) {
    case 'Lock':
    case 'RLock':
      return snapshot.holders.length === 0 ? 'free' : 'held';
    case 'Semaphore':
    case 'BoundedSemaphore':
      return `value ${snapshot.value ?? '?'}`;
    case 'Event':
      return snapshot.flag === true ? 'set' : 'not set';
    case 'Condition':
      return `lock ${snapshot.lock ?? '?'}`;
    case 'Barrier': {
      const waiting = `${snapshot.waiters.length}/${snapshot.parties ?? '?'} waiting`;
      return snapshot.broken === true ? `${waiting}, broken` : waiting;
    }
    case 'Value':
      return `value ${snapshot.contents ?? snapshot.value ?? '?'}${snapshot.typecode === null ? '' : ` (${STORAGE[snapshot.typecode].ctype})`}`;
    case 'Array':
    case 'Timer':
      return snapshot.contents ?? '';
    case 'Dict':
    case 'List':
      return `${snapshot.contents ?? ''}${held(snapshot.bytes, ' · ')}`;
    case 'Pipe':
      return `${snapshot.bytes ?? 0} B in flight${snapshot.contents === null ? '' : `, ${snapshot.contents}`}`;
    case 'Queue':
    case 'LifoQueue':
    case 'PriorityQueue':
    case 'JoinableQueue': {
      const depth = snapshot.maxsize !== null && snapshot.maxsize > 0 ? `depth ${snapshot.depth ?? '?'}/${snapshot.maxsize}` : `depth ${snapshot.depth ?? '?'}`;
      const state = snapshot.unfinished === null ? depth : `${depth}, ${snapshot.unfinished} unfinished`;
      return `${state}${held(snapshot.bytes, ', ')}${snapshot.shutdown === true ? ', shut down' : ''}`;
    }
  }
}

/** What a queue, dict or list holds of the lab's memory budget, when it holds anything. */
function held(bytes: number | null, separator: string): string {
  return bytes === null || bytes === 0 ? '' : `${separator}${formatBytes(bytes)}`;
}
