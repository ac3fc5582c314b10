import { z } from 'zod';
import { SYNC_FACT_ARGS, SYNC_FACT_OPS, type SyncFact } from './facts';

/** The most facts in one `sync.facts` event: the host splits a busier turn into several. */
export const SYNC_FACTS_PER_EVENT = 1_000;

const ARG_FIELDS: readonly string[] = [...new Set(Object.values(SYNC_FACT_ARGS).filter((field): field is NonNullable<typeof field> => field !== null))];
const OPS: ReadonlySet<string> = new Set(SYNC_FACT_OPS);
const FIELDS: ReadonlySet<string> = new Set(['t', 'actor', 'primitive', 'op', ...ARG_FIELDS]);
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/**
 * What is wrong with a sync fact as it crosses to a page or into a recording, or null: the fields of a fact
 * and no other, the op's one number present (an int32) and no other number, so that a fact read back is a
 * fact the broker could have emitted. Checked by hand, not as a zod object: facts come by the thousand a
 * second, and the page's zod (jitless under its Content Security Policy) took ~8 µs a fact as a strict
 * object with a refinement, up to 8 ms for one event of SYNC_FACTS_PER_EVENT on the page's main thread
 * (bench page-sync, profile); checked by hand, a whole event's facts cost about what JSON.parse of them does.
 */
export function syncFactProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'a fact is an object';
  const fact = value as Record<string, unknown>;
  for (const key in fact) if (!Object.hasOwn(fact, key) || !FIELDS.has(key)) return `a fact has no field ${JSON.stringify(key).slice(0, 40)}`;
  const { t, actor, primitive, op } = fact;
  if (typeof t !== 'number' || !Number.isFinite(t)) return "a fact's t is a number";
  if (typeof actor !== 'string' || actor.length < 1 || actor.length > 64) return "a fact's actor is a name of 1 to 64 characters";
  if (typeof primitive !== 'string' || primitive.length < 1 || primitive.length > 200) return "a fact's primitive is a name of 1 to 200 characters";
  if (typeof op !== 'string' || !OPS.has(op)) return `a fact's op is one of the lab's (not ${JSON.stringify(String(op)).slice(0, 40)})`;
  const wanted = SYNC_FACT_ARGS[op as keyof typeof SYNC_FACT_ARGS];
  for (const field of ARG_FIELDS) {
    const number = fact[field];
    if (number === undefined) {
      if (field === wanted) return `${op} needs its ${field}`;
      continue;
    }
    if (field !== wanted) return `${op} has no ${field}`;
    if (typeof number !== 'number' || !Number.isInteger(number) || number < INT32_MIN || number > INT32_MAX) return `${op}'s ${field} is a whole number (int32)`;
  }
  return null;
}

/** A sync fact, checked by `syncFactProblem`; a bad one's issue is its sentence. */
export const syncFactSchema = z.unknown().transform((value, context): SyncFact => {
  const problem = syncFactProblem(value);
  if (problem === null) return value as SyncFact;
  context.addIssue({ code: 'custom', message: problem });
  return z.NEVER;
});

/**
 * A `sync.facts` event's facts: 1 to SYNC_FACTS_PER_EVENT of them, each checked by `syncFactProblem`, in one
 * pass (a zod array of `syncFactSchema` costs a zod step per fact again, ~2 µs each in the page).
 */
export const syncFactsSchema = z.unknown().transform((value, context): SyncFact[] => {
  const problem = !Array.isArray(value)
    ? 'the facts are an array'
    : value.length < 1 || value.length > SYNC_FACTS_PER_EVENT
      ? `an event holds 1 to ${SYNC_FACTS_PER_EVENT} facts (not ${value.length})`
      : firstProblem(value);
  if (problem === null) return value as SyncFact[];
  context.addIssue({ code: 'custom', message: problem });
  return z.NEVER;
});

function firstProblem(facts: readonly unknown[]): string | null {
  for (let index = 0; index < facts.length; index++) {
    const problem = syncFactProblem(facts[index]);
    if (problem !== null) return `fact ${index}: ${problem}`;
  }
  return null;
}
