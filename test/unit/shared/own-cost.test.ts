import { describe, expect, it } from 'vitest';
import { initialSampling, nextSampling, OWN_COST_POLICY, type OwnCostReading, type SamplingState } from '../../../src/shared/own-cost';

const reading = (busyPercent: number): OwnCostReading => ({ busyPercent, heapBytes: 1, rssBytes: 1, factsPerSecond: 0 });
const run = (state: SamplingState, busy: readonly number[], configured = state.configuredMs) => busy.reduce((each, percent) => nextSampling(each, reading(percent), configured), state);

describe('the lab lowers its own sampling rate when busy, and restores it when calm', () => {
  it('one busy period does nothing; two in a row double the period, with the reason in words', () => {
    const once = run(initialSampling(500), [90]);
    expect(once.periodMs).toBe(500);
    const twice = run(initialSampling(500), [90, 90]);
    expect(twice.periodMs).toBe(1000);
    expect(twice.reason).toBe('the lab is busy (its main thread 90% busy)');
    // A calm period between two busy ones starts the count again.
    expect(run(initialSampling(500), [90, 10, 90]).periodMs).toBe(500);
  });

  it('stops at 8x the configured period (and at 10 s)', () => {
    expect(run(initialSampling(500), Array(20).fill(95)).periodMs).toBe(500 * OWN_COST_POLICY.maxFactor);
    expect(run(initialSampling(2000), Array(20).fill(95)).periodMs).toBe(OWN_COST_POLICY.maxPeriodMs);
  });

  it('five calm periods halve it again, down to the configured one, and the reason goes', () => {
    const lowered = run(initialSampling(500), [90, 90, 90, 90]);
    expect(lowered.periodMs).toBe(2000);
    expect(run(lowered, [10, 10, 10, 10]).periodMs).toBe(2000);
    const halfway = run(lowered, Array(5).fill(10));
    expect(halfway.periodMs).toBe(1000);
    expect(halfway.reason).not.toBeNull();
    const back = run(halfway, Array(5).fill(10));
    expect(back).toMatchObject({ periodMs: 500, reason: null });
    // Between calm and busy (25-60%) nothing changes.
    expect(run(lowered, Array(10).fill(40)).periodMs).toBe(2000);
  });

  it('a newly configured period starts afresh', () => {
    const lowered = run(initialSampling(500), [90, 90]);
    expect(nextSampling(lowered, reading(90), 250)).toMatchObject({ periodMs: 250, configuredMs: 250, reason: null });
  });
});
