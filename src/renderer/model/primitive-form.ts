import type { CommandToSend } from '../../shared/protocol';
import { isQueueKind, type Item, type PrimitiveKind } from '../../shared/sync';
import type { Typecode } from '../../shared/ctypes';
import { typedCell } from './typed-cell';
import { typedNumber } from './typed-number';

/** The "New primitive" form as typed. */
export interface PrimitiveDraft {
  readonly kind: PrimitiveKind;
  readonly name: string;
  /** Semaphores' and Value's initial value. */
  readonly value: string;
  readonly maxsize: string;
  readonly parties: string;
  /** A Condition's lock: the name of an existing Lock or RLock; empty: its own RLock. */
  readonly lock: string;
  readonly typecode: ArrayTypecode;
  readonly length: string;
  readonly duplex: boolean;
  /** Value and Array: come with an RLock `${name}.lock` (Python's lock=True). */
  readonly withLock: boolean;
  /** A Barrier's default timeout in seconds; empty = none. */
  readonly timeout: string;
  /** A Timer's interval in seconds, and the Event it sets. */
  readonly interval: string;
  readonly event: string;
  /** A List's first items, as a JSON list ("[0, 1, 2, 3, 4]" is the seeds' manager.list(range(5))). */
  readonly items: string;
}

/** The typecodes the form offers: all of Python's (ctypes.ts). */
export type ArrayTypecode = Typecode;

export const INITIAL_PRIMITIVE_DRAFT: PrimitiveDraft = {
  kind: 'Lock',
  name: 'lockA',
  value: '1',
  maxsize: '0',
  parties: '2',
  lock: '',
  typecode: 'i',
  length: '10',
  duplex: true,
  withLock: false,
  timeout: '',
  interval: '5',
  event: 'ready',
  items: '[]',
};

/** The options a kind takes, so the form shows just those. */
export type PrimitiveOption = 'value' | 'maxsize' | 'parties' | 'timeout' | 'lock' | 'typecode' | 'length' | 'withLock' | 'duplex' | 'interval' | 'event' | 'items';

export function optionsOf(kind: PrimitiveKind): readonly PrimitiveOption[] {
  if (kind === 'Semaphore' || kind === 'BoundedSemaphore') return ['value'];
  if (kind === 'Value') return ['typecode', 'value', 'withLock'];
  if (isQueueKind(kind)) return ['maxsize'];
  if (kind === 'Barrier') return ['parties', 'timeout'];
  if (kind === 'Condition') return ['lock'];
  if (kind === 'Array') return ['typecode', 'length', 'withLock'];
  if (kind === 'Pipe') return ['duplex'];
  if (kind === 'Timer') return ['interval', 'event'];
  if (kind === 'List') return ['items'];
  return [];
}

/** Each kind's initial value when the person switches to it: what Python would give. */
export const DEFAULT_VALUE: Readonly<Partial<Record<PrimitiveKind, string>>> = { Semaphore: '1', BoundedSemaphore: '1', Value: '0' };

/**
 * The sync.create command, numbers as typed ("-1" stays -1, so the lab says "maxsize must be >= 0"; an
 * emptied field is NaN, so it says "must be a number"). The form starts with Python's defaults filled in.
 */
export function createCommandOf(draft: PrimitiveDraft): CommandToSend {
  const { kind, name } = draft;
  switch (kind) {
    case 'Lock':
    case 'RLock':
    case 'Event':
    case 'Dict':
      return { type: 'sync.create', primitive: { kind, name } };
    case 'Array':
      return { type: 'sync.create', primitive: { kind, name, typecode: draft.typecode, length: typedNumber(draft.length), lock: draft.withLock } };
    case 'Pipe':
      return { type: 'sync.create', primitive: { kind, name, duplex: draft.duplex } };
    case 'List':
      // Text that is not JSON goes as typed, so the lab's refusal says what a List's items must be.
      return { type: 'sync.create', primitive: { kind, name, items: jsonOrText(draft.items) as Item[] } };
    case 'Timer':
      return { type: 'sync.create', primitive: { kind, name, interval: typedNumber(draft.interval), event: draft.event } };
    case 'Semaphore':
    case 'BoundedSemaphore':
      return { type: 'sync.create', primitive: { kind, name, value: typedNumber(draft.value) } };
    case 'Value':
      return { type: 'sync.create', primitive: { kind, name, typecode: draft.typecode, value: typedCell(draft.value), lock: draft.withLock } };
    case 'Condition':
      return { type: 'sync.create', primitive: draft.lock.trim() === '' ? { kind, name } : { kind, name, lock: draft.lock.trim() } };
    case 'Barrier':
      // A Barrier's action is code a worker passes to wait() (a script's); from the dialog there is none.
      return {
        type: 'sync.create',
        primitive: { kind, name, parties: typedNumber(draft.parties), ...(draft.timeout.trim() === '' ? {} : { timeout: typedNumber(draft.timeout) }) },
      };
    case 'Queue':
    case 'LifoQueue':
    case 'PriorityQueue':
    case 'JoinableQueue':
      return { type: 'sync.create', primitive: { kind, name, maxsize: typedNumber(draft.maxsize) } };
  }
}

function jsonOrText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
