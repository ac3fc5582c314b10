const errorClasses = new Map<string, ErrorConstructor>();

/**
 * An error named as Python names it (AssertionError, ValueError...), of a class of that name, so that an
 * uncaught one prints, and ends its worker, as Python's last traceback line reads: "AssertionError: daemonic
 * processes are not allowed to have children", where a plain Error would read "Error: ...".
 */
export function pythonError(type: string, message: string): Error {
  let named = errorClasses.get(type);
  if (named === undefined) {
    named = class extends Error {} as ErrorConstructor;
    Object.defineProperty(named, 'name', { value: type });
    // On the prototype as well, so the stack is captured under the type's name.
    Object.defineProperty(named.prototype, 'name', { value: type, writable: true, configurable: true });
    errorClasses.set(type, named);
  }
  return new named(message);
}
