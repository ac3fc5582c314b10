import { afterEach, describe, expect, it } from 'vitest';
import { LabHarness } from '../../support/lab-harness';

/**
 * The pool commands reach the lab through the one contract (protocol.ts): a malformed one is refused in
 * words before anything runs; a well-formed one is answered, not yet run, until the registry is wired.
 */
let harness: LabHarness;
afterEach(async () => harness?.stop());

describe('the pool commands at the lab', () => {
  it('refuses bad input in words and changes nothing', async () => {
    harness = new LabHarness();
    expect(await harness.refused({ type: 'pool.create', pool: { name: 'p', api: 'pool', runtime: 'process', size: 0 } })).toContain('size must be a whole number from 1 to 64');
    expect(await harness.refused({ type: 'pool.map', pool: 'p', fn: 'nope', items: [1] })).toContain('unknown function "nope"');
    expect(await harness.refused({ type: 'pool.join', pool: 'p', timeoutMs: -5 })).toContain('timeoutMs must be a whole number from 0');
    expect(harness.lab.state().pools).toEqual({});
  });

  it.each([
    { type: 'pool.create', pool: { name: 'p', api: 'executor', runtime: 'thread' } },
    { type: 'pool.apply', pool: 'p', fn: 'square', args: [3] },
    { type: 'pool.map', pool: 'p', fn: 'square', items: [1, 2, 3] },
    { type: 'pool.cancel', pool: 'p', taskId: 1 },
    { type: 'pool.close', pool: 'p' },
    { type: 'pool.terminate', pool: 'p' },
    { type: 'pool.join', pool: 'p' },
    { type: 'pool.shutdown', pool: 'p' },
    { type: 'pool.resize', pool: 'p', size: 3 },
    { type: 'pool.delete', pool: 'p' },
  ])('answers $type: not wired yet', async (command) => {
    harness = new LabHarness();
    expect(await harness.refused(command)).toBe('pools are not wired yet');
  });
});
