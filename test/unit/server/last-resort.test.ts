import { describe, expect, it } from 'vitest';
import { createLastResort } from '../../../src/server/last-resort';

describe('the last resort for an error nothing caught', () => {
  it('carries on after one, and stops when they keep coming', () => {
    let now = 0;
    const verdict = createLastResort({ monotonic: () => now }, { count: 3, withinMs: 1000 });
    expect(verdict()).toBe('carry on');
    now = 400;
    expect(verdict()).toBe('carry on');
    now = 800;
    expect(verdict()).toBe('stop');
  });

  it('forgets errors older than the window', () => {
    let now = 0;
    const verdict = createLastResort({ monotonic: () => now }, { count: 3, withinMs: 1000 });
    for (const at of [0, 900, 1900, 2800, 3700]) {
      now = at;
      expect(verdict()).toBe('carry on');
    }
  });
});
