import { assertNever } from '../../shared/assert-never';
import type { HolderState } from '../../shared/primitive-state';
import type { PrimitiveEntry } from './primitive-list';

/** One parked request as the views list it: what it waits to do in Python's words ('acquire', 'get', 'pipe_send'). */
export interface ShownWaiter {
  readonly actor: string;
  readonly op: string;
  readonly since: number;
  /** Null: for ever. */
  readonly timeoutMs: number | null;
}

/** Who holds a primitive and who waits on it, whatever its kind. */
export interface People {
  /** A lock's owner (count: recursion), a semaphore's acquirers (count: units). */
  readonly holders: readonly HolderState[];
  /** A semaphore's units taken by actors that ended without releasing them. */
  readonly endedHolders: readonly HolderState[];
  readonly waiters: readonly ShownWaiter[];
}

const NOBODY: People = { holders: [], endedHolders: [], waiters: [] };

/** The people of one primitive, from its folded state. */
export function peopleOf(entry: PrimitiveEntry): People {
  const { state } = entry;
  switch (state.kind) {
    case 'Lock':
    case 'RLock':
      return { holders: state.holder === null ? [] : [state.holder], endedHolders: [], waiters: state.waiters };
    case 'Semaphore':
    case 'BoundedSemaphore':
      return { holders: state.holders, endedHolders: state.endedHolders, waiters: state.waiters };
    case 'Event':
    case 'Condition':
    case 'Barrier':
    case 'Queue':
    case 'LifoQueue':
    case 'PriorityQueue':
    case 'JoinableQueue':
      return { holders: [], endedHolders: [], waiters: state.waiters };
    case 'Pipe':
      return { holders: [], endedHolders: [], waiters: state.waiters };
    case 'Value':
    case 'Array':
    case 'Dict':
    case 'List':
    case 'Timer':
      return NOBODY;
    default:
      return assertNever(state);
  }
}
