import type { SyncErrorType } from '../../shared/sync';

/**
 * A failed request, named as Python names it: RuntimeError, ValueError, Full, Empty, BrokenBarrierError...
 * Made by `syncError`, whose instances belong to a subclass named after the type: an uncaught one then
 * prints, and ends its worker, as Python's last traceback line reads ("OSError: handle is closed"), where
 * Node would print "SyncError [OSError]: ..." for a class whose name is not the error's.
 */
export class SyncError extends Error {
  constructor(
    readonly type: SyncErrorType,
    message: string,
  ) {
    super(message);
    this.name = type;
  }
}

const errorClasses = new Map<SyncErrorType, typeof SyncError>();

/** The SyncError of `type`, of a class named `type` (so that its stack, too, begins "Type: message"). */
export function syncError(type: SyncErrorType, message: string): SyncError {
  let named = errorClasses.get(type);
  if (named === undefined) {
    named = class extends SyncError {};
    Object.defineProperty(named, 'name', { value: type });
    // On the prototype as well, so the stack is captured under the type's name.
    Object.defineProperty(named.prototype, 'name', { value: type, writable: true, configurable: true });
    errorClasses.set(type, named);
  }
  return new named(type, message);
}
