import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { describeFailure } from '../../shared/describe-failure';
import { scenarioSchema, SCENARIO_LIMITS, type Scenario } from '../../shared/scenario';

/** YAML aliases a file may use: a few, so that a small file cannot expand into a huge one ("billion laughs"). */
export const MAX_ALIASES = 16;

export type ParsedScenario = { ok: true; scenario: Scenario } | { ok: false; error: string };

/**
 * One scenario file's text, parsed and validated (docs/scenarios.md), or the first thing wrong with it as a
 * sentence that names the file and the line: "water.yaml line 12: variants[0].check.expect must be one of
 * cycle, none". Bounded: the text's length is capped before the parse, aliases are few, and a structure too
 * deep for the parser is an error like any other.
 */
export function parseScenarioFile(file: string, text: string): ParsedScenario {
  if (text.length > SCENARIO_LIMITS.fileBytes) return { ok: false, error: `${file}: the file is larger than ${SCENARIO_LIMITS.fileBytes / 1024} KiB: a scenario is a page of text` };
  const lines = new LineCounter();
  let document: Document.Parsed;
  let data: unknown;
  try {
    document = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false, strict: true });
    const problem = document.errors[0];
    if (problem !== undefined) {
      const line = lines.linePos(problem.pos[0]).line;
      return { ok: false, error: `${file} line ${line}: ${firstLine(problem.message)}` };
    }
    data = document.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    return { ok: false, error: `${file}: not readable as YAML: ${describeFailure(error)}` };
  }
  if (data === null || data === undefined) return { ok: false, error: `${file}: the file is empty: a scenario needs a title, a seed, narration and variants` };
  let parsed: ReturnType<typeof scenarioSchema.safeParse>;
  try {
    parsed = scenarioSchema.safeParse(data);
  } catch (error) {
    return { ok: false, error: `${file}: ${describeFailure(error)}` };
  }
  if (parsed.success) return { ok: true, scenario: parsed.data };
  // An unknown key first: a misspelt key is also the reason the right one is missing.
  const issue = parsed.error.issues.find((each) => each.code === 'unrecognized_keys') ?? parsed.error.issues[0]!;
  const line = lineOf(document, lines, issue);
  return { ok: false, error: `${file}${line === null ? '' : ` line ${line}`}: ${describeIssue(issue, data)}` };
}

/** "variants[0].check.expect must be one of cycle, none": the issue's message under the path it is about. */
function describeIssue(issue: z.core.$ZodIssue, data: unknown): string {
  const path = issue.path.filter((part): part is string | number => typeof part !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    const where = pathWords(path);
    return `unknown key ${issue.keys.map((key) => JSON.stringify(key.slice(0, 40))).join(', ')}${where === '' ? '' : ` in ${where}`} (docs/scenarios.md lists the keys)`;
  }
  const last = path.at(-1);
  const parent = pathWords(path.slice(0, -1));
  // A required key left out: the schema's "must be text" reads wrongly for what is not there at all.
  if (typeof last === 'string' && valueAt(data, path) === undefined && issue.code === 'invalid_type') return `${parent === '' ? '' : `${parent}: `}${last} is missing`;
  const message = issue.message.length > 300 ? `${issue.message.slice(0, 299)}…` : issue.message;
  // The messages start with their key's name ("expect must be one of ...", "verdict.pass may use ..."): the
  // path before it says whose.
  for (let keys = Math.min(3, path.length); keys >= 1; keys--) {
    const tail = path.slice(-keys);
    if (tail.some((part) => typeof part !== 'string')) continue;
    if (!message.startsWith(`${tail.join('.')} `)) continue;
    const before = pathWords(path.slice(0, -keys));
    return `${before === '' ? '' : `${before}.`}${message}`;
  }
  const where = pathWords(path);
  return where === '' ? message : `${where}: ${message}`;
}

/** variants[0].check */
function pathWords(path: readonly (string | number)[]): string {
  return path.map((part, at) => (typeof part === 'number' ? `[${part}]` : `${at === 0 ? '' : '.'}${part.slice(0, 40)}`)).join('');
}

function valueAt(data: unknown, path: readonly (string | number)[]): unknown {
  let at: unknown = data;
  for (const part of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string | number, unknown>)[part];
  }
  return at;
}

/**
 * The line of the node an issue is about: the node at its path, or for an unknown key that key, or for a key
 * left out the nearest node above it that is in the file.
 */
function lineOf(document: Document.Parsed, lines: LineCounter, issue: z.core.$ZodIssue): number | null {
  const path = issue.path.filter((part): part is string | number => typeof part !== 'symbol');
  for (let length = path.length; length >= 0; length--) {
    const node = nodeAt(document.contents, path.slice(0, length));
    if (node === null) continue;
    if (issue.code === 'unrecognized_keys' && length === path.length && isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && issue.keys.includes(String(item.key.value)));
      const key = pair?.key as Node | undefined;
      if (key?.range) return lines.linePos(key.range[0]).line;
    }
    if (node.range) return lines.linePos(node.range[0]).line;
  }
  return null;
}

function nodeAt(root: Node | null, path: readonly (string | number)[]): Node | null {
  let at: Node | null = root;
  for (const part of path) {
    if (at === null) return null;
    if (isMap(at)) {
      const pair = at.items.find((item) => isScalar(item.key) && String(item.key.value) === String(part));
      at = (pair?.value as Node | null | undefined) ?? null;
    } else if (isSeq(at) && typeof part === 'number') {
      at = (at.items[part] as Node | undefined) ?? null;
    } else {
      return null;
    }
  }
  return at;
}

function firstLine(message: string): string {
  // The parser's own recursion ran out: say so in the file's words.
  if (message.includes('call stack')) return 'nested too deeply';
  const line = message.split('\n')[0] ?? message;
  return line.length > 300 ? `${line.slice(0, 299)}…` : line;
}
