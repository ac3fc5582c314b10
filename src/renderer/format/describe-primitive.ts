import { cellRepr, coerceCell, STORAGE } from '../../shared/ctypes';
import type { CreatePrimitive } from '../../shared/sync';

/** "Lock lockA", "Queue q (maxsize 5)", "Barrier b (3 parties)": a primitive as created, in words. */
export function describeCreation(primitive: CreatePrimitive, firstItems?: number): string {
  const options = creationOptions(primitive, firstItems);
  return `${primitive.kind} ${primitive.name}${options === '' ? '' : ` (${options})`}`;
}

/** `firstItems`: a List's recorded count of first items (the record does not keep the items). */
function creationOptions(primitive: CreatePrimitive, firstItems: number | undefined): string {
  switch (primitive.kind) {
    case 'Lock':
    case 'RLock':
    case 'Event':
    case 'Dict':
      return '';
    case 'List': {
      const count = firstItems ?? primitive.items.length;
      return count === 0 ? '' : `${count} ${count === 1 ? 'item' : 'items'}`;
    }
    case 'Array':
      return `${primitive.values?.length ?? primitive.length ?? 0} × ${STORAGE[primitive.typecode].ctype}`;
    case 'Pipe':
      return primitive.duplex ? 'duplex' : 'one-way';
    case 'Timer':
      return `sets ${primitive.event} after ${primitive.interval} s`;
    case 'Semaphore':
    case 'BoundedSemaphore':
      return `value ${primitive.value}`;
    case 'Value': {
      const cell = coerceCell(primitive.typecode, primitive.value);
      return `${STORAGE[primitive.typecode].ctype}, value ${cell.ok ? cellRepr(primitive.typecode, cell.cell) : '?'}`;
    }
    case 'Condition':
      return primitive.lock === undefined ? 'own RLock' : `lock ${primitive.lock}`;
    case 'Barrier':
      return `${primitive.parties} ${primitive.parties === 1 ? 'party' : 'parties'}`;
    case 'Queue':
    case 'LifoQueue':
    case 'PriorityQueue':
    case 'JoinableQueue':
      return primitive.maxsize === 0 ? 'unbounded' : `maxsize ${primitive.maxsize}`;
  }
}
