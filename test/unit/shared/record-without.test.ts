import { describe, expect, it } from 'vitest';
import { withoutKeys } from '../../../src/shared/record-without';
import { parseCommand } from '../../../src/shared/protocol';

describe('withoutKeys', () => {
  it('copies only the record’s own keys, never what it inherits', () => {
    const inherited = Object.create({ bogus: 1 }) as Record<string, number>;
    inherited['a'] = 1;
    inherited['b'] = 2;
    const kept = withoutKeys(inherited, new Set(['a']));
    expect(Object.keys(kept)).toEqual(['b']);
    expect('bogus' in kept).toBe(false);
  });

  it('hands back the same record when none of the names is in it', () => {
    const record = { a: 1 };
    expect(withoutKeys(record, new Set(['z']))).toBe(record);
  });
});

describe('a primitive named "__proto__"', () => {
  it('is refused in words, as assigning that key replaces a JavaScript object’s prototype', () => {
    expect(parseCommand({ type: 'sync.create', primitive: { kind: 'Lock', name: '__proto__' } })).toEqual({
      ok: false,
      error: 'bad command: primitive.name: "__proto__" cannot name a primitive here (JavaScript gives that name a meaning of its own)',
    });
    expect(parseCommand({ type: 'sync.create', primitive: { kind: 'Lock', name: '__proto' } }).ok).toBe(true);
  });
});
