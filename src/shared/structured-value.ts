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

export { pythonRepr, type Reprable } from './python-repr';
