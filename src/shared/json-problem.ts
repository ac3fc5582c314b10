import { isPlainObject } from './message-limits';

/**
 * Null when JSON carries the value unchanged; else what it would lose ("a function", "a Map"). Called once
 * the value is within the message limits (a task's result), or on values the host already holds (a pool
 * call's reply, made of such results), so the walk is bounded (and a cycle is already refused).
 */
export function jsonProblem(value: unknown): string | null {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const each = pending.pop();
    switch (typeof each) {
      case 'string':
      case 'boolean':
        continue;
      case 'number':
        if (!Number.isFinite(each)) return String(each);
        continue;
      case 'object': {
        if (each === null) continue;
        if (Array.isArray(each)) {
          // A hole reads as undefined here, as JSON would turn it into null. Text, booleans and finite numbers
          // are passed over here, not queued: a chunk's list of 100,000 numbers is one quick pass.
          for (let index = 0; index < each.length; index += 1) {
            const element: unknown = each[index];
            if (typeof element === 'string' || typeof element === 'boolean' || element === null || (typeof element === 'number' && Number.isFinite(element))) continue;
            pending.push(element);
          }
          continue;
        }
        if (!isPlainObject(each)) return `a ${(each as object).constructor?.name ?? 'non-plain object'}`;
        for (const key of Object.keys(each)) pending.push((each as Record<string, unknown>)[key]);
        continue;
      }
      case 'undefined':
        return 'undefined inside it';
      case 'function':
        return 'a function';
      case 'bigint':
        return 'a bigint';
      case 'symbol':
        return 'a symbol';
    }
  }
  return null;
}
