import { z } from 'zod';
import { SYNC_FACT_ARGS, SYNC_FACT_OPS, type SyncFact } from './facts';

/** The most facts in one `sync.facts` event: the host splits a busier turn into several. */
export const SYNC_FACTS_PER_EVENT = 1_000;

const ARG_FIELDS = [...new Set(Object.values(SYNC_FACT_ARGS).filter((field): field is NonNullable<typeof field> => field !== null))];
const count = z.number().int().min(-(2 ** 31)).max(2 ** 31 - 1);

/**
 * A sync fact as it crosses to a page or into a recording: the op's one number present (and no other), so
 * that a fact read back is a fact the broker could have emitted.
 */
export const syncFactSchema = z
  .strictObject({
    t: z.number(),
    actor: z.string().min(1).max(64),
    primitive: z.string().min(1).max(200),
    op: z.enum(SYNC_FACT_OPS),
    ...Object.fromEntries(ARG_FIELDS.map((field) => [field, count.optional()])),
  })
  .superRefine((fact, context) => {
    const wanted = SYNC_FACT_ARGS[fact.op];
    const numbers = fact as Record<string, unknown>;
    for (const field of ARG_FIELDS) {
      const present = numbers[field] !== undefined;
      if (field === wanted && !present) context.addIssue({ code: 'custom', message: `${fact.op} needs its ${field}` });
      if (field !== wanted && present) context.addIssue({ code: 'custom', message: `${fact.op} has no ${field}` });
    }
  })
  .transform((fact) => fact as unknown as SyncFact);
