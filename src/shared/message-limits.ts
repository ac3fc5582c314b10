/**
 * The cost bound on anything that crosses a boundary into the lab (a WebSocket frame, an IPC command, a
 * worker's message), checked before a schema sees it. Validation and error formatting recurse over the
 * value, so a value nested 40,000 deep, a cycle (structured clone keeps them) or a million-element array
 * would cost a stack overflow or seconds of work; this walk is iterative, stops at the first limit it
 * crosses, and never looks further than that.
 */

export interface MessageLimits {
  /** Objects and arrays inside one another; the deepest command today is about 6 levels. */
  readonly maxDepth: number;
  /** Every value counted once per place it appears (a cycle counts for ever, so it is refused). */
  readonly maxValues: number;
  /** Characters of text, keys included, summed over the message. */
  readonly maxTextLength: number;
}

export const MESSAGE_LIMITS: MessageLimits = { maxDepth: 32, maxValues: 20_000, maxTextLength: 1_000_000 };

/**
 * A Pipe message may be large (CPython's go up to gigabytes): a worker's pipe_send / pipe_send_bytes is
 * bounded by these instead, larger but still bounded (the figures are measured in docs/sync.md). The bytes
 * of send_bytes travel as base64 text, 4 characters per 3 bytes.
 */
export const PIPE_MAX_BYTES = 12 * 1024 * 1024;
export const PIPE_MESSAGE_LIMITS: MessageLimits = { maxDepth: 32, maxValues: 100_000, maxTextLength: (PIPE_MAX_BYTES / 3) * 4 + 1_000 };

/**
 * Null when the message is within the limits, else a sentence saying which limit it crosses. Only plain
 * objects and arrays are walked; anything else (a Map, a typed array, a Date from structured clone) is one
 * value, which the schema then refuses.
 */
export function exceedsMessageLimits(message: unknown, limits: MessageLimits = MESSAGE_LIMITS): string | null {
  const size = measureMessage(message, limits);
  return typeof size === 'string' ? size : null;
}

/** What a message counts against the limits (values and characters of text), or the sentence of the one it crosses. */
export interface MessageSize {
  readonly values: number;
  readonly text: number;
}

/**
 * The walk behind exceedsMessageLimits, which also gives what a message within them counts: a worker that
 * puts several reports in one message keeps the sum of theirs under the limits.
 */
export function measureMessage(message: unknown, limits: MessageLimits = MESSAGE_LIMITS): MessageSize | string {
  // Two stacks side by side rather than one of {value, depth} pairs, and indexed loops rather than
  // iterators: every worker message and command is walked, and on 1 ms pool tasks the pairs were the
  // host's largest garbage of a task's report (profiled, about 0.7 KB a task).
  const pending: unknown[] = [message];
  const depths: number[] = [0];
  let values = 0;
  let text = 0;
  while (pending.length > 0) {
    const value = pending.pop();
    const depth = depths.pop()!;
    values += 1;
    if (values > limits.maxValues) return tooMany(limits);
    if (typeof value === 'string') {
      text += value.length;
      if (text > limits.maxTextLength) return tooLong(limits);
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    const isArray = Array.isArray(value);
    if (!isArray && !isPlainObject(value)) continue;
    if (depth >= limits.maxDepth) return `the message is nested more than ${limits.maxDepth} levels deep`;
    if (isArray) {
      // Length first: a sparse array from structured clone can claim a billion elements.
      if (values + pending.length + value.length > limits.maxValues) return tooMany(limits);
      for (let index = 0; index < value.length; index += 1) {
        const element: unknown = value[index];
        // A number, text or the like is counted here, not queued: a list of 100,000 of them is one quick pass.
        if (typeof element === 'object' && element !== null) {
          pending.push(element);
          depths.push(depth + 1);
          continue;
        }
        values += 1;
        if (typeof element === 'string') {
          text += element.length;
          if (text > limits.maxTextLength) return tooLong(limits);
        }
      }
      continue;
    }
    for (const key in value) {
      if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
      text += key.length;
      if (text > limits.maxTextLength) return tooLong(limits);
      if (values + pending.length >= limits.maxValues) return tooMany(limits);
      pending.push((value as Record<string, unknown>)[key]);
      depths.push(depth + 1);
    }
  }
  return { values, text };
}

// Outside the walk, so that a message within the limits makes no closures.
const tooMany = (limits: MessageLimits) => `the message has more than ${limits.maxValues} values`;
const tooLong = (limits: MessageLimits) => `the message has more than ${limits.maxTextLength} characters of text`;

/** An object as JSON or a structured clone makes one: no prototype but Object's (or none). */
export function isPlainObject(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
