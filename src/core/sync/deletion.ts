import { LAB_ID } from './lab-request';
import { MutexLock } from './locks';
import type { Primitive } from './primitive';
import { SyncQueue } from './queues';
import { Timer } from './timer';

/** What a deletion removed (the primitive and what was created with it), or why it was refused. */
export type Deletion = { ok: true; removed: string[] } | { ok: false; error: string };

export interface DeletionBook {
  readonly primitives: ReadonlyMap<string, Primitive>;
  /** Primitives created together with another and deleted with it: a Condition's own lock, a Value's lock. */
  readonly companions: ReadonlyMap<string, readonly string[]>;
  nameOf(workerId: string): string;
}

/**
 * The lab's `sync.delete`: a primitive goes only when nothing can notice it vanish. Python has no "delete":
 * a primitive lives while anyone refers to it, so a thread blocked on it keeps it alive. The lab's nearest
 * safe rule (docs/sync.md, "Delete"): refused, in words, while a worker holds or waits on it or another
 * primitive depends on it (a Condition on its lock, a Timer on its Event). Then the name is free at once;
 * a worker that names it later gets KeyError, or the new primitive of that name if one was created.
 */
export function deletePrimitive(book: DeletionBook, name: string): Deletion {
  const primitive = book.primitives.get(name);
  if (primitive === undefined) return { ok: false, error: `no primitive named "${name}"` };
  for (const [owner, companions] of book.companions) {
    if (companions.includes(name)) return { ok: false, error: `${name} belongs to ${owner}: delete ${owner} and it goes too` };
  }
  const group = [primitive, ...(book.companions.get(name) ?? []).flatMap((each) => book.primitives.get(each) ?? [])];
  const names = new Set(group.map((each) => each.name));
  for (const other of book.primitives.values()) {
    if (names.has(other.name)) continue;
    const dependsOn = other.kind === 'Condition' || other.kind === 'Timer' ? other.snapshot().lock : null;
    if (dependsOn !== null && names.has(dependsOn)) {
      const how = other.kind === 'Condition' ? 'uses it as its lock' : 'sets it when it fires';
      return { ok: false, error: `${other.kind} ${other.name} ${how}: delete ${other.name} first` };
    }
  }
  for (const each of group) {
    const busy = describeUse(each, book.nameOf);
    if (busy !== null) return { ok: false, error: `${each.name} is in use: ${busy}; end those workers first (Terminate), then delete it` };
  }
  const retired: MutexLock[] = [];
  for (const each of group) {
    if (!(each instanceof MutexLock)) continue;
    if (!each.retire()) {
      // A thread took it on the fast path a moment ago.
      for (const lock of retired) lock.unretire();
      return { ok: false, error: `${each.name} was just acquired by a worker: try again once it is released` };
    }
    retired.push(each);
  }
  for (const each of group) if (each instanceof Timer) each.handle(LAB_ID, { op: 'timer_cancel', name: each.name });
  // A thread with the queue's shared ring must not go on using it under a name that may soon be another's.
  for (const each of group) if (each instanceof SyncQueue) each.retire();
  return { ok: true, removed: [...names] };
}

/** "w1 holds it; w2 and w3 wait for it", or null when nobody does. */
function describeUse(primitive: Primitive, nameOf: (workerId: string) => string): string | null {
  const { holders, waiters } = primitive.snapshot();
  const parts: string[] = [];
  if (holders.length > 0) parts.push(`${listOf(holders.map((each) => nameOf(each.workerId)))} ${holders.length === 1 ? 'holds' : 'hold'} it`);
  const waiting = [...new Set(waiters.map((each) => nameOf(each.workerId)))];
  if (waiting.length > 0) parts.push(`${listOf(waiting)} ${waiting.length === 1 ? 'waits' : 'wait'} for it`);
  return parts.length === 0 ? null : parts.join('; ');
}

function listOf(names: readonly string[]): string {
  const shown = names.slice(0, 3);
  const more = names.length > shown.length ? ` and ${names.length - shown.length} more` : '';
  return shown.length > 1 && more === '' ? `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}` : `${shown.join(', ')}${more}`;
}
