import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SYNC_FACTS_PER_EVENT, syncFactProblem, syncFactSchema, syncFactsSchema } from '../../../src/shared/fact-schema';
import { SYNC_FACT_ARGS, SYNC_FACT_OPS } from '../../../src/shared/facts';

/** The fact's rules as the zod object they were written as before: the reference the hand check must agree with. */
const ARG_FIELDS = [...new Set(Object.values(SYNC_FACT_ARGS).filter((field): field is NonNullable<typeof field> => field !== null))];
const count = z.number().int().min(-(2 ** 31)).max(2 ** 31 - 1);
const reference = z
  .strictObject({
    t: z.number(),
    actor: z.string().min(1).max(64),
    primitive: z.string().min(1).max(200),
    op: z.enum(SYNC_FACT_OPS),
    ...Object.fromEntries(ARG_FIELDS.map((field) => [field, count.optional()])),
  })
  .superRefine((fact, context) => {
    const wanted = SYNC_FACT_ARGS[fact.op];
    for (const field of ARG_FIELDS) {
      const present = (fact as Record<string, unknown>)[field] !== undefined;
      if (field === wanted ? !present : present) context.addIssue({ code: 'custom', message: 'wrong number' });
    }
  });

/** Facts good and bad: every op with its number right, missing, doubled or odd; odd names, times and keys. */
function corpus(): unknown[] {
  const facts: unknown[] = [null, 1, 'fact', [], [1], {}];
  const numbers: unknown[] = [0, 7, -1, 2 ** 31 - 1, 2 ** 31, -(2 ** 31), -(2 ** 31) - 1, 1.5, '3', null, true];
  for (const op of SYNC_FACT_OPS) {
    const wanted = SYNC_FACT_ARGS[op];
    const base = { t: 1_700_000_000_000.5, actor: 'w1', primitive: 'lockA', op };
    facts.push(base);
    for (const field of ARG_FIELDS) for (const number of numbers) facts.push({ ...base, [field]: number });
    if (wanted !== null) {
      const good = { ...base, [wanted]: 1 };
      facts.push(good, { ...good, extra: 1 }, { ...good, ['__proto__']: 1 });
      for (const field of ARG_FIELDS) if (field !== wanted) facts.push({ ...good, [field]: 2 });
      for (const t of [0, -5, '1', null]) facts.push({ ...good, t });
      for (const actor of ['', 'a', 'a'.repeat(64), 'a'.repeat(65), 3]) facts.push({ ...good, actor });
      for (const primitive of ['', 'p'.repeat(200), 'p'.repeat(201), null]) facts.push({ ...good, primitive });
      const { op: _op, ...noOp } = good;
      facts.push(noOp, { ...good, op: 'lock.exploded' }, { ...good, op: 'toString' });
    }
  }
  // As they cross a boundary: parsed from text.
  return facts.map((fact) => JSON.parse(JSON.stringify(fact)) as unknown);
}

describe('a sync fact crossing to a page or into a recording', () => {
  it('is taken exactly when the zod object it was written as takes it', () => {
    const facts = corpus();
    expect(facts.length).toBeGreaterThan(1_000);
    const disagreements = facts.filter((fact) => syncFactSchema.safeParse(fact).success !== reference.safeParse(fact).success);
    expect(disagreements).toEqual([]);
    expect(facts.filter((fact) => syncFactSchema.safeParse(fact).success).length).toBeGreaterThan(SYNC_FACT_OPS.length);
  });

  it('says in a sentence what is wrong with a bad one', () => {
    expect(syncFactProblem({ t: 1, actor: 'w1', primitive: 'lockA', op: 'lock.acquired' })).toBe('lock.acquired needs its count');
    expect(syncFactProblem({ t: 1, actor: 'w1', primitive: 'lockA', op: 'lock.acquired', count: 1, units: 2 })).toMatch(/has no|no field/);
    expect(syncFactProblem({ t: 1, actor: 'w1', primitive: 'lockA', op: 'lock.acquired', count: 1, colour: 'red' })).toBe('a fact has no field "colour"');
    const parsed = syncFactSchema.safeParse({ t: 1, actor: '', primitive: 'lockA', op: 'lock.acquired', count: 1 });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe("a fact's actor is a name of 1 to 64 characters");
  });

  it("as an event's facts: 1 to SYNC_FACTS_PER_EVENT of them, the first bad one named by its place", () => {
    const fact = { t: 1, actor: 'w1', primitive: 'lockA', op: 'lock.acquired', count: 1 };
    expect(syncFactsSchema.safeParse([fact, fact]).data).toEqual([fact, fact]);
    expect(syncFactsSchema.safeParse(Array.from({ length: SYNC_FACTS_PER_EVENT }, () => fact)).success).toBe(true);
    expect(syncFactsSchema.safeParse(Array.from({ length: SYNC_FACTS_PER_EVENT + 1 }, () => fact)).success).toBe(false);
    expect(syncFactsSchema.safeParse([]).success).toBe(false);
    expect(syncFactsSchema.safeParse(fact).success).toBe(false);
    expect(syncFactsSchema.safeParse([fact, { ...fact, count: 'one' }]).error?.issues[0]?.message).toBe("fact 1: lock.acquired's count is a whole number (int32)");
  });
});
