import { isQueueKind, type Item, type ParsedSyncRequest, type PrimitiveKind } from '../../shared/sync';

/**
 * One button of a primitive in the Locks panel: what it says and the request it sends as "the lab". Put and
 * Get never block: the lab must not hang on a full or empty queue, it is told Full or Empty instead.
 */
export interface PrimitiveAction {
  readonly label: string;
  readonly request: ParsedSyncRequest;
  /** Needs the queue's item input (Put). */
  readonly takesItem: boolean;
  readonly tone?: 'warn';
  /** Why it cannot apply now (a Lock nobody holds cannot be released), or null. */
  readonly disabledReason: string | null;
}

/**
 * What a person may do to a primitive from the lab, without blocking: the moves a lesson needs to unstick
 * workers (set the Event, notify the Condition, put into the queue) or to break things (abort the Barrier).
 * RLock has none: only its owner may release it, and the lab owns nothing.
 */
export function primitiveActions(kind: PrimitiveKind, name: string, item: Item, held: boolean, started = false): PrimitiveAction[] {
  const action = (label: string, request: ParsedSyncRequest, tone?: 'warn', disabledReason: string | null = null): PrimitiveAction => ({
    label,
    request,
    takesItem: false,
    disabledReason,
    ...(tone === undefined ? {} : { tone }),
  });
  if (isQueueKind(kind)) {
    return [
      { label: 'Put', request: { op: 'put', name, item, block: false, timeout: null }, takesItem: true, disabledReason: null },
      action('Get', { op: 'get', name, block: false, timeout: null }),
    ];
  }
  switch (kind) {
    case 'Event':
      return [action('Set', { op: 'set', name }), action('Clear', { op: 'clear', name })];
    case 'Condition':
      // The lab notifies as `with cv: cv.notify()`: it needs the condition's lock free for that moment.
      return [
        action('Notify', { op: 'notify', name, n: 1 }, undefined, held ? 'a worker holds its lock' : null),
        action('Notify all', { op: 'notify_all', name }, undefined, held ? 'a worker holds its lock' : null),
      ];
    case 'Barrier':
      return [action('Abort', { op: 'abort', name }, 'warn'), action('Reset', { op: 'reset', name })];
    case 'Timer':
      return [action('Start', { op: 'timer_start', name }, undefined, started ? 'a timer starts only once' : null), action('Cancel', { op: 'timer_cancel', name }, 'warn')];
    case 'Semaphore':
    case 'BoundedSemaphore':
      // Anyone may release a semaphore, held or not: that is how a bounded one's ValueError is shown.
      return [action('Release', { op: 'release', name, n: 1 }, 'warn')];
    case 'Lock':
      // Python lets any thread release a Lock it did not take: the lab can free a lock a stuck worker holds.
      return [action('Release', { op: 'release', name, n: 1 }, 'warn', held ? null : 'nobody holds it')];
    default:
      return [];
  }
}

/**
 * A queue item as typed: a number if it reads as one ("42"), true/false/null as such, otherwise the text.
 * A PriorityQueue orders numbers as numbers, so "10" must not become a string that sorts before "9".
 */
export function itemOf(text: string): Item {
  const trimmed = text.trim();
  if (trimmed === 'true' || trimmed === 'false') return trimmed === 'true';
  if (trimmed === 'null') return null;
  if (trimmed !== '' && Number.isFinite(Number(trimmed))) return Number(trimmed);
  return text;
}
