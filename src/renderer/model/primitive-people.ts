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

/**
 * The people of each state already asked about: a state is immutable and most do not change from one batch
 * to the next, while the Locks panel, the wait-for graph, the tree's blocked badges and each card ask about
 * every primitive on every render (with 1,000 locks, thousands of fresh arrays a frame).
 */
const known = new WeakMap<PrimitiveEntry['state'], People>();

/** The people of one primitive, from its folded state. */
export function peopleOf(entry: PrimitiveEntry): People {
  let people = known.get(entry.state);
  if (people === undefined) known.set(entry.state, (people = peopleOfState(entry.state)));
  return people;
}

function peopleOfState(state: PrimitiveEntry['state']): People {
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
