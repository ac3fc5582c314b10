import { describe, expect, it } from 'vitest';
import { exceedsMessageLimits, MESSAGE_LIMITS } from '../../../src/shared/message-limits';

function nestedArrays(depth: number): unknown {
  let value: unknown = 'x';
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

describe('message limits', () => {
  it('let every command the lab knows through', () => {
    const start = { type: 'command', id: 'c1', command: { type: 'start', spec: { kind: 'process', method: 'fork', count: 3, task: { name: 'spawn-children', n: 2, kind: 'process', task: { name: 'sleep', ms: 10 } } } } };
    expect(exceedsMessageLimits(start)).toBeNull();
    const bigJoin = { type: 'command', id: 'c2', command: { type: 'join', workerIds: Array.from({ length: 4096 }, (_, i) => `w${i}`) } };
    expect(exceedsMessageLimits(bigJoin)).toBeNull();
    expect(exceedsMessageLimits(nestedArrays(MESSAGE_LIMITS.maxDepth))).toBeNull();
  });

  it('refuse nesting past the limit, 40,000 deep included, without recursing', () => {
    expect(exceedsMessageLimits(nestedArrays(MESSAGE_LIMITS.maxDepth + 1))).toBe('the message is nested more than 32 levels deep');
    expect(exceedsMessageLimits({ type: nestedArrays(40_000) })).toBe('the message is nested more than 32 levels deep');
    let objects: unknown = null;
    for (let i = 0; i < 200_000; i++) objects = { a: objects };
    expect(exceedsMessageLimits(objects)).toMatch(/nested more than 32/);
  });

  it('refuse too many values, a cycle, and a sparse array that claims a billion elements', () => {
    expect(exceedsMessageLimits(new Array(MESSAGE_LIMITS.maxValues).fill(0))).toMatch(/more than 20000 values/);
    expect(exceedsMessageLimits(new Array(1e9))).toMatch(/more than 20000 values/);
    const wide = Object.fromEntries(Array.from({ length: 30_000 }, (_, i) => [`k${i}`, i]));
    expect(exceedsMessageLimits(wide)).toMatch(/more than 20000 values/);
    const cycle: unknown[] = [];
    cycle.push(cycle, cycle);
    expect(exceedsMessageLimits(cycle)).not.toBeNull();
  });

  it('count text in values and keys', () => {
    expect(exceedsMessageLimits({ text: 'x'.repeat(MESSAGE_LIMITS.maxTextLength) })).toMatch(/more than 1000000 characters/);
    expect(exceedsMessageLimits({ ['k'.repeat(MESSAGE_LIMITS.maxTextLength + 1)]: 1 })).toMatch(/characters of text/);
    expect(exceedsMessageLimits(['x'.repeat(600_000), 'y'.repeat(600_000)])).toMatch(/characters of text/);
  });

  it('take other objects as one value each, for the schema to refuse', () => {
    expect(exceedsMessageLimits(new Map([[1, nestedArrays(100)]]))).toBeNull();
    expect(exceedsMessageLimits(new Uint8Array(1e6))).toBeNull();
    expect(exceedsMessageLimits(Object.assign(Object.create(null) as object, { a: nestedArrays(40) }))).toMatch(/nested/);
  });

  it('take other limits', () => {
    expect(exceedsMessageLimits([[1]], { maxDepth: 1, maxValues: 10, maxTextLength: 10 })).toMatch(/more than 1 levels/);
    expect(exceedsMessageLimits([1, 2, 3], { maxDepth: 4, maxValues: 3, maxTextLength: 10 })).toMatch(/more than 3 values/);
  });
});
