import { assertNever } from '../../shared/assert-never';
import { STORAGE } from '../../shared/ctypes';
import type { PrimitiveEntry } from '../model/primitive-list';
import { formatBytes } from './units';

/**
 * A primitive's state in a few words, for its line in the Locks panel: "free", "value 2",
 * "set", "2/3 waiting, broken", "depth 3/5". Who holds it and who waits are listed under it. Read from its
 * state folded from facts (contents from `sync.write`, budget bytes from `sync.held`: data-facts.ts).
 * Contents are Python's repr cut at 200 characters; a cut one ends in "…".
 */
export function describePrimitiveState(entry: PrimitiveEntry): string {
  const { state } = entry;
  switch (state.kind) {
    case 'Lock':
    case 'RLock':
      return state.holder === null ? 'free' : 'held';
    case 'Semaphore':
    case 'BoundedSemaphore':
      return `value ${state.value}`;
    case 'Event':
      return state.flag ? 'set' : 'not set';
    case 'Condition':
      return `lock ${state.lock}`;
    case 'Barrier': {
      const waiting = `${state.waiters.length}/${state.parties} waiting`;
      return state.broken ? `${waiting}, broken` : waiting;
    }
    case 'Timer':
      return `${state.phase}; sets ${state.event} after ${state.interval} s`;
    case 'Value':
      return `value ${state.contents} (${STORAGE[state.typecode].ctype})`;
    case 'Array':
      return state.contents;
    case 'Dict':
    case 'List':
      return `${state.contents}${held(state.held, ' · ')}`;
    case 'Pipe':
      return `${state.bytes} B in flight, ${state.duplex ? 'duplex' : 'one-way (0 receives, 1 sends)'}${closedWords(state.closed)}`;
    case 'Queue':
    case 'LifoQueue':
    case 'PriorityQueue':
    case 'JoinableQueue': {
      const depth = state.maxsize > 0 ? `depth ${state.depth}/${state.maxsize}` : `depth ${state.depth}`;
      const shown = state.kind === 'JoinableQueue' ? `${depth}, ${state.unfinished} unfinished` : depth;
      return `${shown}${held(state.held, ', ')}${state.shutdown ? ', shut down' : ''}`;
    }
    default:
      return assertNever(state);
  }
}

/** "; end 0 closed", "; end 0 closed, end 1 closed", or nothing. */
function closedWords(closed: readonly [boolean, boolean]): string {
  const ends = closed.flatMap((isClosed, end) => (isClosed ? [`end ${end} closed`] : []));
  return ends.length === 0 ? '' : `; ${ends.join(', ')}`;
}

/** What a queue, dict or list holds of the lab's memory budget, when it holds anything. */
function held(bytes: number, separator: string): string {
  return bytes === 0 ? '' : `${separator}${formatBytes(bytes)}`;
}
