import { afterEach, describe, expect, it } from 'vitest';
import { LabHarness } from '../../support/lab-harness';

/**
 * The pool commands reach the lab through the one contract (protocol.ts): a malformed one is refused in
 * words before anything runs (lab-pools.test.ts runs the well-formed ones).
 */
let harness: LabHarness;
afterEach(async () => harness?.stop());

describe('the pool commands at the lab', () => {
  it('refuses bad input in words and changes nothing', async () => {
    harness = new LabHarness();
    expect(await harness.refused({ type: 'pool.create', pool: { name: 'p', api: 'pool', runtime: 'process', size: 0 } })).toContain('size must be a whole number from 1 to 64');
    expect(await harness.refused({ type: 'pool.map', pool: 'p', fn: 'no such fn', items: [1] })).toContain('unknown function "no such fn"');
    expect(await harness.refused({ type: 'pool.join', pool: 'p', timeoutMs: -5 })).toContain('timeoutMs must be a whole number from 0');
    expect(harness.lab.state().pools).toEqual({});
  });
});
