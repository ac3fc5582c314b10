import { describe, expect, it } from 'vitest';
import { checkPoolApplyAtAGlance } from '../../../src/shared/pool-apply-check';
import { MAX_APPLY_ARGS, MAX_CALLBACK_MS } from '../../../src/shared/pools';
import { commandSchema, describeIssues, parseCommand } from '../../../src/shared/protocol';

/** What a page, a script's pools.apply and the bench send. */
const good: unknown[] = [
  { type: 'pool.apply', pool: 'p', fn: 'square', args: [7] },
  { type: 'pool.apply', pool: 'p', fn: 'square' },
  { type: 'pool.apply', pool: '_a.b-c9', fn: '$f_1', args: [] },
  { type: 'pool.apply', pool: 'p', fn: 'burn', args: [1], callbackMs: 0 },
  { type: 'pool.apply', pool: 'p', fn: 'sleep', args: [10], callbackMs: MAX_CALLBACK_MS },
  { type: 'pool.apply', pool: 'x'.repeat(40), fn: 'f'.repeat(64), args: [null, true, false, -0, 1.5, 'text', '', -1e308] },
  { type: 'pool.apply', pool: 'p', fn: 'fail', args: Array.from({ length: MAX_APPLY_ARGS }, (_, index) => index) },
  Object.assign(Object.create(null) as object, { type: 'pool.apply', pool: 'p', fn: 'square', args: [2] }),
];

/** Each one refused by the schema (or, for the nested ones, taken by it but left to it by the check). */
const bad: unknown[] = [
  null,
  [],
  'pool.apply',
  { type: 'pool.apply' },
  { type: 'pool.apply', pool: 'p' },
  { type: 'pool.apply', fn: 'square' },
  { type: 'pool.apply', pool: '', fn: 'square' },
  { type: 'pool.apply', pool: '9p', fn: 'square' },
  { type: 'pool.apply', pool: 'x'.repeat(41), fn: 'square' },
  { type: 'pool.apply', pool: '__proto__', fn: 'square' },
  { type: 'pool.apply', pool: 'p q', fn: 'square' },
  { type: 'pool.apply', pool: 7, fn: 'square' },
  { type: 'pool.apply', pool: 'p', fn: '' },
  { type: 'pool.apply', pool: 'p', fn: 'f'.repeat(65) },
  { type: 'pool.apply', pool: 'p', fn: '1f' },
  { type: 'pool.apply', pool: 'p', fn: 'a.b' },
  { type: 'pool.apply', pool: 'p', fn: null },
  { type: 'pool.apply', pool: 'p', fn: 'square', args: 7 },
  { type: 'pool.apply', pool: 'p', fn: 'square', args: null },
  { type: 'pool.apply', pool: 'p', fn: 'square', args: undefined },
  { type: 'pool.apply', pool: 'p', fn: 'square', args: { 0: 1, length: 1 } },
  { type: 'pool.apply', pool: 'p', fn: 'square', args: Array.from({ length: MAX_APPLY_ARGS + 1 }, () => 1) },
  { type: 'pool.apply', pool: 'p', fn: 'square', args: [Number.NaN] },
  { type: 'pool.apply', pool: 'p', fn: 'square', args: [Number.POSITIVE_INFINITY] },
  { type: 'pool.apply', pool: 'p', fn: 'square', args: [undefined] },
  { type: 'pool.apply', pool: 'p', fn: 'square', args: [1n] },
  { type: 'pool.apply', pool: 'p', fn: 'square', args: [new Date(0)] },
  // eslint-disable-next-line no-sparse-arrays -- a hole, as structured clone can carry one
  { type: 'pool.apply', pool: 'p', fn: 'square', args: [1, , 2] },
  { type: 'pool.apply', pool: 'p', fn: 'square', args: [[1, 2]] },
  { type: 'pool.apply', pool: 'p', fn: 'square', args: [{ a: 1 }] },
  { type: 'pool.apply', pool: 'p', fn: 'square', args: [JSON.parse('{"__proto__": 1}') as unknown] },
  { type: 'pool.apply', pool: 'p', fn: 'square', callbackMs: -1 },
  { type: 'pool.apply', pool: 'p', fn: 'square', callbackMs: 1.5 },
  { type: 'pool.apply', pool: 'p', fn: 'square', callbackMs: MAX_CALLBACK_MS + 1 },
  { type: 'pool.apply', pool: 'p', fn: 'square', callbackMs: '5' },
  { type: 'pool.apply', pool: 'p', fn: 'square', callbackMs: undefined },
  { type: 'pool.apply', pool: 'p', fn: 'square', callbackMs: null },
  { type: 'pool.apply', pool: 'p', fn: 'square', extra: 1 },
  { type: 'pool.apply', pool: 'p', fn: 'square', args: [1], timeout: 5 },
  { type: 'pool.apply ', pool: 'p', fn: 'square' },
  Object.assign(Object.create({ inherited: 1 }) as object, { type: 'pool.apply', pool: 'p', fn: 'square' }),
  new (class Command {
    type = 'pool.apply';
    pool = 'p';
    fn = 'square';
  })(),
];

/** The check's promise: what it takes, the schema takes and gives exactly; and parseCommand answers as the schema. */
function expectSameAsSchema(raw: unknown): void {
  const quick = checkPoolApplyAtAGlance(raw);
  const schema = commandSchema.safeParse(raw);
  if (quick !== null) {
    expect(schema.success).toBe(true);
    expect(quick).toStrictEqual(schema.data);
  }
  const parsed = parseCommand(raw);
  if (schema.success) expect(parsed).toStrictEqual({ ok: true, command: schema.data });
  else expect(parsed).toStrictEqual({ ok: false, error: `bad command: ${describeIssues(schema.error)}` });
}

/** A fixed pseudo-random walk (so a failure repeats): mulberry32. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ODD: unknown[] = [undefined, null, 0, -1, 1.5, 2 ** 53, Number.NaN, Number.NEGATIVE_INFINITY, '', 'p', 'square', '__proto__', 'a'.repeat(41), '9', true, [], [1], [[1]], {}, { range: 3 }, 60_001, 60_000];
const KEYS = ['type', 'pool', 'fn', 'args', 'callbackMs', 'items', 'extra'];

/** One mutation of a good command: a key dropped, set to an odd value, or an argument changed. */
function mutate(next: () => number, base: Record<string, unknown>): unknown {
  let command: Record<string, unknown> = { ...base, ...(Array.isArray(base.args) ? { args: [...(base.args as unknown[])] } : {}) };
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  for (let changes = 1 + Math.floor(next() * 3); changes > 0; changes -= 1) {
    const kind = next();
    const key = pick(KEYS);
    if (kind < 0.25) command = Object.fromEntries(Object.entries(command).filter(([name]) => name !== key));
    else if (kind < 0.7) command[key] = pick(ODD);
    else if (Array.isArray(command.args)) (command.args as unknown[])[Math.floor(next() * ((command.args as unknown[]).length + 1))] = pick(ODD);
    else command.args = [pick(ODD)];
  }
  return command;
}

describe('pool.apply checked at a glance (the host checks every apply_async and submit)', () => {
  it('takes the commands a page, a script and the bench send, giving what the schema gives', () => {
    for (const raw of good) {
      expect(checkPoolApplyAtAGlance(raw), JSON.stringify(raw)).not.toBeNull();
      expectSameAsSchema(raw);
    }
  });

  it("gives a new command: the sender's args list changed afterwards does not change it, as the schema's copy", () => {
    const args = [3];
    const checked = checkPoolApplyAtAGlance({ type: 'pool.apply', pool: 'p', fn: 'square', args });
    args[0] = 4;
    expect(checked?.args).toEqual([3]);
  });

  it("never takes a bad one: each is refused in the schema's words, or left to the schema when only it can say", () => {
    for (const raw of bad) {
      expect(checkPoolApplyAtAGlance(raw), String(bad.indexOf(raw))).toBeNull();
      expectSameAsSchema(raw);
    }
    expect(parseCommand({ type: 'pool.apply', pool: 'p', fn: 'square', args: [Number.NaN] }).ok).toBe(false);
    expect(parseCommand({ type: 'pool.apply', pool: '__proto__', fn: 'square' })).toMatchObject({ ok: false, error: expect.stringContaining('"__proto__" cannot name a pool') });
  });

  it('agrees with the schema over 5,000 fuzzed commands, taking most of the good ones itself', () => {
    const next = random(9);
    let taken = 0;
    let schemaTook = 0;
    for (let round = 0; round < 5_000; round += 1) {
      const raw = mutate(next, good[Math.floor(next() * 7)] as Record<string, unknown>);
      if (checkPoolApplyAtAGlance(raw) !== null) taken += 1;
      if (commandSchema.safeParse(raw).success) schemaTook += 1;
      expectSameAsSchema(raw);
    }
    // A walk that found nothing on either side would prove nothing.
    expect(taken).toBeGreaterThan(250);
    expect(schemaTook - taken).toBeGreaterThanOrEqual(0);
    expect(5_000 - schemaTook).toBeGreaterThan(1_250);
    // zod's words for each refusal are the slow part: seconds on a busy machine.
  }, 60_000);
});
