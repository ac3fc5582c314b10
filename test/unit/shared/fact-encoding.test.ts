import { describe, expect, it } from 'vitest';
import { decodeFact, encodeFact, FactIds, fitsChunk, HOT_FACT_BYTES, HOT_FACT_INTS } from '../../../src/shared/fact-encoding';
import { SYNC_FACT_ARGS, SYNC_FACT_OPS, type SyncFact } from '../../../src/shared/facts';

/** One fact of every op, with a distinct number where the op has one. */
function everyOp(base: number): SyncFact[] {
  return SYNC_FACT_OPS.map((op, index) => {
    const field = SYNC_FACT_ARGS[op];
    const body = { t: base + index * 1.5, actor: index % 3 === 0 ? 'lab' : `w${index}`, primitive: `p${index % 5}`, op };
    return (field === null ? body : { ...body, [field]: 1000 + index }) as SyncFact;
  });
}

describe('the hot fact encoding', () => {
  it('is 16 bytes a fact', () => {
    expect(HOT_FACT_BYTES).toBe(16);
    expect(SYNC_FACT_OPS.length).toBeLessThan(256);
  });

  it('round-trips a fact of every op, with its actor, primitive, number and time to the microsecond', () => {
    const base = 1_700_000_000_123;
    const facts = everyOp(base);
    const ids = new FactIds();
    const ints = new Int32Array(facts.length * HOT_FACT_INTS);
    facts.forEach((fact, slot) => encodeFact(ids, fact, base, ints, slot));
    const back = facts.map((_, slot) => decodeFact(ids, base, ints, slot));
    expect(back).toEqual(facts);
  });

  it('puts the op code in the top byte, the actor in the low 24 bits', () => {
    const ids = new FactIds();
    for (let i = 0; i < 5; i += 1) ids.actor(`a${i}`);
    const fact: SyncFact = { t: 10, actor: 'a4', primitive: 'L', op: 'wait.ended' };
    const ints = new Int32Array(HOT_FACT_INTS);
    encodeFact(ids, fact, 10, ints, 0);
    expect(ints[1]! >>> 24).toBe(SYNC_FACT_OPS.indexOf('wait.ended'));
    expect(decodeFact(ids, 10, ints, 0)).toEqual(fact);
  });

  it('refuses a slot that holds no fact the registry knows', () => {
    const ids = new FactIds();
    const ints = new Int32Array(HOT_FACT_INTS);
    ints[1] = (255 << 24) | 0;
    expect(() => decodeFact(ids, 0, ints, 0)).toThrow(RangeError);
  });

  it('tells when a time no longer fits a chunk (before its base, or 35 minutes after)', () => {
    expect(fitsChunk(1000, 1000)).toBe(true);
    expect(fitsChunk(999, 1000)).toBe(false);
    expect(fitsChunk(1000 + 2_147_483, 1000)).toBe(true);
    expect(fitsChunk(1000 + 2_147_484, 1000)).toBe(false);
  });
});
