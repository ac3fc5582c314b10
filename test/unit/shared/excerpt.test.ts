import { describe, expect, it } from 'vitest';
import { describeFailure } from '../../../src/shared/describe-failure';
import { excerpt } from '../../../src/shared/excerpt';

describe('excerpt', () => {
  it('shows small values as JSON would', () => {
    expect(excerpt('SIGFOO')).toBe('"SIGFOO"');
    expect(excerpt(15)).toBe('15');
    expect(excerpt(null)).toBe('null');
    expect(excerpt(undefined)).toBe('undefined');
    expect(excerpt({ name: 'nap' })).toBe('{"name":"nap"}');
    expect(excerpt(['a', 1, true])).toBe('["a",1,true]');
  });

  it('shows what JSON cannot, without throwing', () => {
    expect(excerpt(15n)).toBe('15n');
    expect(excerpt(-0)).toBe('-0');
    expect(excerpt(Infinity)).toBe('Infinity');
    expect(excerpt(Symbol('x'))).toBe('a symbol');
    expect(excerpt(() => 1)).toBe('a function');
    expect(excerpt(new Map())).toBe('an object that is not plain data');
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(excerpt(cycle)).toBe('{"self":{"self":{…}}}');
  });

  it('stays short whatever the value: 40,000 levels deep, a million items, a long text', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 40_000; i++) deep = [deep];
    expect(excerpt(deep)).toBe('[[[…]]]');
    expect(excerpt(new Array(1e6).fill(7))).toBe('[7,7,7,7,…]');
    expect(excerpt('x'.repeat(1e6)).length).toBeLessThanOrEqual(60);
    expect(excerpt('x'.repeat(1e6), 20)).toBe(`"${'x'.repeat(18)}…`);
    const wide = Object.fromEntries(Array.from({ length: 1e5 }, (_, i) => [`k${i}`, i]));
    expect(excerpt(wide, 1000)).toBe('{"k0":0,"k1":1,"k2":2,"k3":3,…}');
  });

  it('escapes newlines and control characters, as JSON does', () => {
    expect(excerpt('a\nb\u001b[31m')).toBe('"a\\nb\\u001b[31m"');
  });
});

describe('describeFailure', () => {
  it('gives the first line of the message, cut short, whatever was thrown', () => {
    expect(describeFailure(new Error('disk full\n    at write (fs.js:1:1)'))).toBe('disk full');
    expect(describeFailure('plain text')).toBe('plain text');
    expect(describeFailure(42n)).toBe('an error without a message');
    expect(describeFailure(new Error(''))).toBe('an error without a message');
    expect(describeFailure(new Error('x'.repeat(500))).length).toBe(200);
    const hostile = new Error('x');
    Object.defineProperty(hostile, 'message', {
      get() {
        throw new Error('no');
      },
    });
    expect(describeFailure(hostile)).toBe('an error without a message');
  });
});
