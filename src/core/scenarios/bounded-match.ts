import { createContext, Script } from 'node:vm';

/**
 * The longest one chunk's lines may take to match a `printed` check's pattern. A pattern comes from a scenario
 * file, which anyone may write, and JavaScript's regular expressions backtrack: `^(a+)+$` on a line of 1,000
 * `a`s and a `!` would take longer than the universe has left, on the host's one event loop. A real pattern
 * matches a line in microseconds; this is ten thousand times that, so that a busy machine (the budget is wall
 * time) never fails a good one, and a bad one costs one stall: its check is then decided.
 */
export const MATCH_BUDGET_MS = 500;

/** What matching gave: the first matching line's match (or null), or that it ran out of time. */
export type BoundedMatch = RegExpExecArray | null | 'too slow';

// One context for every match: making one costs far more than a match. Its globals are set before each run;
// nothing else runs in it.
const sandbox: { pattern: RegExp | null; lines: readonly string[] } = { pattern: null, lines: [] };
const context = createContext(sandbox);
const firstOf = new Script('(() => { for (let at = 0; at < lines.length; at++) { const match = pattern.exec(lines[at]); if (match !== null) return match; } return null; })()');

/**
 * The first of `lines` that `pattern` matches, run under a time budget: V8 interrupts a regular expression that
 * backtracks past it (vm's `timeout`), so a pattern can cost the lab at most MATCH_BUDGET_MS per chunk of
 * output. The pattern and its match stay the lab's own objects (only the loop runs in the context).
 */
export function firstMatch(pattern: RegExp, lines: readonly string[], budgetMs: number = MATCH_BUDGET_MS): BoundedMatch {
  if (lines.length === 0) return null;
  sandbox.pattern = pattern;
  sandbox.lines = lines;
  try {
    return firstOf.runInContext(context, { timeout: budgetMs }) as RegExpExecArray | null;
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return 'too slow';
    throw error;
  } finally {
    sandbox.pattern = null;
    sandbox.lines = [];
  }
}
