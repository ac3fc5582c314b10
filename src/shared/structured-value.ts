import { z } from 'zod';

/**
 * What a worker may put in a queue, send through a pipe or store in a Manager dict or list: the values JSON
 * can carry (Python's picklable basics: None, bool, int/float, str, list, dict with text keys). Nesting,
 * count and text are bounded before this schema runs (message-limits.ts), so the recursion here is shallow.
 */
export type StructuredValue = null | boolean | number | string | StructuredValue[] | { [key: string]: StructuredValue };

export const structuredValueSchema: z.ZodType<StructuredValue> = z.lazy(() =>
  z.union(
    [
      z.null(),
      z.boolean(),
      z.number(),
      z.string(),
      z.array(structuredValueSchema),
      // Zod would drop a "__proto__" key silently (so as not to set a prototype): refuse it in words instead.
      z
        .custom<object>((value) => typeof value === 'object' && value !== null && !Object.prototype.hasOwnProperty.call(value, '__proto__'), {
          error: 'a dict key may not be "__proto__"',
        })
        .pipe(z.record(z.string(), structuredValueSchema)),
    ],
    { error: 'an item must be None/null, a bool, a number, text, a list or a dict with text keys' },
  ),
);

/** Python's repr of a value, cut to `maxChars` with "…": strings quoted, True/False/None, lists and dicts. */
export function pythonRepr(value: StructuredValue | undefined, maxChars = 80): string {
  if (value === undefined) return '?';
  let text = '';
  // Iterative with an explicit stack, and it stops once past maxChars: the cost is bounded by the output.
  const pending: Array<StructuredValue | Punctuation> = [value];
  while (pending.length > 0 && text.length <= maxChars) text += reprStep(pending.pop()!, pending);
  return text.length > maxChars || pending.length > 0 ? `${text.slice(0, maxChars - 1)}…` : text;
}

/** The stack's own brackets and commas, told apart from a user's values (which are never instances). */
class Punctuation {
  constructor(readonly text: string) {}
}

/** The text for one value, pushing its elements (in reverse, for the stack) when it is a list or a dict. */
function reprStep(value: StructuredValue | Punctuation, pending: Array<StructuredValue | Punctuation>): string {
  if (value instanceof Punctuation) return value.text;
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return quote(value);
  if (Array.isArray(value)) {
    pending.push(new Punctuation(']'));
    for (let index = value.length - 1; index >= 0; index -= 1) {
      pending.push(value[index] as StructuredValue);
      if (index > 0) pending.push(new Punctuation(', '));
    }
    return '[';
  }
  const keys = Object.keys(value);
  pending.push(new Punctuation('}'));
  for (let index = keys.length - 1; index >= 0; index -= 1) {
    const key = keys[index] as string;
    pending.push(value[key] as StructuredValue);
    pending.push(new Punctuation(`${quote(key)}: `));
    if (index > 0) pending.push(new Punctuation(', '));
  }
  return '{';
}

function quote(text: string): string {
  // Python prefers single quotes unless the text holds one and no double quote.
  const useDouble = text.includes("'") && !text.includes('"');
  const q = useDouble ? '"' : "'";
  const escaped = text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t');
  return q + (useDouble ? escaped : escaped.replace(/'/g, "\\'")) + q;
}
