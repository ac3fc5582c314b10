import type { CommandToSend } from '../../shared/protocol';
import type { PrimitiveKind } from '../../shared/sync';
import type { PrimitiveEntry } from './primitive-list';
import { peopleOf } from './primitive-people';
import { itemOf } from './primitive-actions';
import { typedCell } from './typed-cell';
import { typedNumber } from './typed-number';

/** What the Locks panel sends about one primitive: an operation as "the lab", or its deletion. */
export type PrimitiveCommand = Extract<CommandToSend, { type: 'sync.operate' | 'sync.delete' }>;

/** The inputs of a shared Value, Array, Dict or List, as typed. */
export interface DataDraft {
  readonly value: string;
  readonly index: string;
  readonly key: string;
}

export const INITIAL_DATA_DRAFT: DataDraft = { value: '0', index: '0', key: 'n' };

export type DataField = keyof DataDraft;

/** One edit button: its text, its accessible name (which names the primitive) and what it sends. */
export interface DataEdit {
  readonly label: string;
  readonly ariaLabel: string;
  readonly command: PrimitiveCommand;
  readonly tone?: 'warn';
}

/** The inputs a kind's edits read, in the order they are shown. */
export function dataFields(kind: PrimitiveKind): readonly DataField[] {
  switch (kind) {
    case 'Value':
      return ['value'];
    case 'Array':
      return ['index', 'value'];
    case 'Dict':
      return ['key', 'value'];
    case 'List':
      return ['index', 'value'];
    default:
      return [];
  }
}

/**
 * What a person may write into shared data, so a demo can be run again: set a Value; set an Array element
 * or reset the Array to zeros; set (add) or delete a Dict key, or clear the Dict; set a List element, append
 * to it or clear it. Numbers go as typed, so
 * the lab's answer says what is wrong ("the index must be a whole number", IndexError, KeyError).
 */
export function dataEdits(kind: PrimitiveKind, name: string, draft: DataDraft): DataEdit[] {
  const operate = (label: string, ariaLabel: string, request: Extract<PrimitiveCommand, { type: 'sync.operate' }>['request'], tone?: 'warn'): DataEdit => ({
    label,
    ariaLabel,
    command: { type: 'sync.operate', request },
    ...(tone === undefined ? {} : { tone }),
  });
  switch (kind) {
    case 'Value':
      return [operate('Set', `Set ${name}`, { op: 'value_set', name, value: typedCell(draft.value) })];
    case 'Array':
      return [
        operate('Set', `Set element of ${name}`, { op: 'array_set', name, index: typedNumber(draft.index), value: typedCell(draft.value) }),
        operate('Reset', `Reset ${name} to zeros`, { op: 'array_fill', name, value: 0 }, 'warn'),
      ];
    case 'Dict':
      return [
        operate('Set', `Set key of ${name}`, { op: 'dict_set', name, key: draft.key, value: itemOf(draft.value) }),
        operate('Delete key', `Delete key of ${name}`, { op: 'dict_delete', name, key: draft.key }, 'warn'),
        operate('Clear', `Clear ${name}`, { op: 'dict_clear', name }, 'warn'),
      ];
    case 'List':
      return [
        operate('Set', `Set element of ${name}`, { op: 'list_set', name, index: typedNumber(draft.index), item: itemOf(draft.value) }),
        operate('Append', `Append to ${name}`, { op: 'list_append', name, item: itemOf(draft.value) }),
        operate('Clear', `Clear ${name}`, { op: 'list_clear', name }, 'warn'),
      ];
    default:
      return [];
  }
}

/**
 * Why a primitive cannot be deleted now, or null. The lab decides (it refuses in words what it must); the
 * button only says early what is plain from its state: workers hold it or wait on it, or it goes with
 * another primitive.
 */
export function deleteRefusal(entry: PrimitiveEntry): string | null {
  if (entry.companion) return 'made with another primitive: deleting that one deletes this too';
  const { holders, waiters } = peopleOf(entry);
  if (holders.length > 0) return 'in use: a worker holds it (end it first)';
  if (waiters.length > 0) return 'in use: workers wait on it (end them first)';
  return null;
}
