import type { StructuredValue } from './structured-value';

// No zod here: worker handles print values (print(d), print(l)), and a worker's boot must not load the
// schemas (zod's compile alone is ~30 ms of a thread's start).

/** What pythonRepr writes: a value, or a Manager dict's own Map (walked in place, never copied). */
export type Reprable = StructuredValue | ReadonlyMap<string, StructuredValue>;

/** A container being written: a list by the index of its next element, a dict by its entries' iterator. */
type Frame =
  | { readonly kind: 'list'; readonly items: readonly StructuredValue[]; next: number }
  | { readonly kind: 'dict'; readonly entries: Iterator<readonly [string, StructuredValue]>; first: boolean };

/**
 * Python's repr of a value, cut to `maxChars` with "…": strings quoted, True/False/None, lists and dicts.
 * Containers are walked with cursors (a stack of frames, each at its next element) and the walk stops once
 * past maxChars, so the cost is bounded by the output, not by what a list or dict holds: the Locks view
 * writes a 5-million-item List in the same few steps as a short one.
 */
export function pythonRepr(value: Reprable | undefined, maxChars = 80): string {
  if (value === undefined) return '?';
  const frames: Frame[] = [];
  let text = '';
  const write = (each: Reprable) => {
    if (each === null) text += 'None';
    else if (typeof each === 'boolean') text += each ? 'True' : 'False';
    else if (typeof each === 'number') text += String(each);
    else if (typeof each === 'string') text += quote(each, maxChars + 1 - text.length);
    else if (Array.isArray(each)) {
      text += '[';
      frames.push({ kind: 'list', items: each, next: 0 });
    } else if (each instanceof Map) {
      text += '{';
      frames.push({ kind: 'dict', entries: each.entries(), first: true });
    } else if (isPlainDict(each)) {
      text += '{';
      frames.push({ kind: 'dict', entries: ownEntries(each as Record<string, StructuredValue>), first: true });
    } else {
      text += opaque(each);
    }
  };
  write(value);
  while (frames.length > 0 && text.length <= maxChars) {
    const frame = frames.at(-1)!;
    if (frame.kind === 'list') {
      if (frame.next >= frame.items.length) {
        text += ']';
        frames.pop();
        continue;
      }
      if (frame.next > 0) text += ', ';
      write(frame.items[frame.next] as StructuredValue);
      frame.next += 1;
    } else {
      const step = frame.entries.next();
      if (step.done === true) {
        text += '}';
        frames.pop();
        continue;
      }
      if (!frame.first) text += ', ';
      frame.first = false;
      const [key, item] = step.value;
      text += typeof key === 'string' ? quote(key, maxChars + 1 - text.length) : keyRepr(key);
      text += ': ';
      write(item);
    }
  }
  return text.length > maxChars || frames.length > 0 ? `${text.slice(0, maxChars - 1)}…` : text;
}

/**
 * A key of a thread's Map (structured clone) that is not text: a number, a bool or None as Python writes
 * it; a container only by its brackets, in constant time (a Map whose keys are Maps, thousands deep, must
 * not cost a stack frame a level).
 */
function keyRepr(key: unknown): string {
  if (key === null) return 'None';
  if (typeof key === 'boolean') return key ? 'True' : 'False';
  if (typeof key === 'number' || typeof key === 'bigint') return String(key);
  if (Array.isArray(key)) return '[…]';
  if (key instanceof Map || isPlainDict(key)) return '{…}';
  return opaque(key);
}

/** An object JSON would make (no prototype but Object's, or none): walked as a dict. */
function isPlainDict(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * What a value that is not a structured value is shown as, in constant time: a thread's task result may be
 * anything structured clone carries (a BigInt, a Date, a Set, a typed array of 50 MB whose keys alone would
 * cost the host half a minute and gigabytes). A BigInt is Python's int; anything else is named, with its size.
 */
function opaque(value: unknown): string {
  if (typeof value === 'bigint') return String(value);
  if (typeof value !== 'object' || value === null) return `<${typeof value}>`;
  const name = typeof value.constructor === 'function' && typeof value.constructor.name === 'string' ? value.constructor.name.slice(0, 40) : 'object';
  const size = value instanceof Set ? value.size : ArrayBuffer.isView(value) ? (value as ArrayBufferView & { length?: number }).length ?? value.byteLength : value instanceof ArrayBuffer ? value.byteLength : null;
  return size === null || size === undefined ? `<${name}>` : `<${name} of ${size}>`;
}

/**
 * A plain object's entries, one at a time. (Its keys are listed whole by the engine; a value inside a
 * message is bounded by the message limits, so only a Manager dict's own Map can be huge, and it is walked.)
 */
function* ownEntries(object: Record<string, StructuredValue>): Generator<readonly [string, StructuredValue]> {
  for (const key of Object.keys(object)) yield [key, object[key] as StructuredValue];
}

/** Python's quoted text; only its first `room` characters are escaped (the rest would be cut anyway). */
function quote(text: string, room: number): string {
  // Python prefers single quotes unless the text holds one and no double quote.
  const useDouble = text.includes("'") && !text.includes('"');
  const q = useDouble ? '"' : "'";
  const cut = text.length > room;
  const shown = cut ? text.slice(0, Math.max(0, room)) : text;
  const escaped = shown.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t');
  // A cut text gets no closing quote: the repr is cut with "…" at this point.
  return q + (useDouble ? escaped : escaped.replace(/'/g, "\\'")) + (cut ? '' : q);
}
