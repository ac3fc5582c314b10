import { afterEach, describe, expect, it } from 'vitest';
import { LabHarness } from '../../support/lab-harness';
import { waitFor } from '../../support/wait';

let harness: LabHarness;
let burning: NodeJS.Timeout | null = null;
afterEach(async () => {
  if (burning !== null) clearInterval(burning);
  burning = null;
  await harness?.stop();
});

/** Keeps this process's main thread (the lab's host here) about 90% busy: 45 ms of work every 50 ms. */
function burnHostThread(): NodeJS.Timeout {
  return setInterval(() => {
    const until = performance.now() + 45;
    while (performance.now() < until);
  }, 50);
}

describe("the lab's own cost, measured on the real host", () => {
  it('says how busy it is, its memory and facts per second, every sample', async () => {
    harness = new LabHarness({ samplePeriodMs: 200 });
    const cost = await harness.waitFor('metrics.cost');
    expect(cost.periodMs).toBe(200);
    expect(cost.configuredMs).toBe(200);
    expect(cost.busyPercent).toBeGreaterThanOrEqual(0);
    expect(cost.busyPercent).toBeLessThanOrEqual(100);
    expect(cost.heapBytes).toBeGreaterThan(1024 * 1024);
    expect(cost.rssBytes).toBeGreaterThan(cost.heapBytes);
    // Its own samples are facts it recorded.
    const later = await waitFor('a cost reading with facts', () => harness.all('metrics.cost').find((each) => each.factsPerSecond > 0));
    expect(later.factsPerSecond).toBeGreaterThan(0);
    expect(harness.lab.state().cost?.periodMs).toBe(200);
  });

  it('lowers its sampling rate while its main thread is busy, says why, and restores it when calm', async () => {
    // A short period, so the test keeps a core busy for well under a second (other tests run beside it).
    harness = new LabHarness({ samplePeriodMs: 100 });
    await harness.waitFor('metrics.cost');
    burning = burnHostThread();
    const lowered = await waitFor('the sampling period lowered', () => harness.all('lab.sampling').find((each) => each.reason !== null), 20_000);
    expect(lowered.periodMs).toBe(200);
    expect(lowered.reason).toMatch(/^the lab is busy \(its main thread \d+% busy\)$/);
    // The samples come further apart now.
    const samples = await waitFor('two samples at the lowered period', () => {
      const after = harness.all('metrics.processes').filter((each) => each.t > lowered.t);
      return after.length >= 2 ? after : undefined;
    });
    expect(samples[1]!.t - samples[0]!.t).toBeGreaterThanOrEqual(150);
    clearInterval(burning);
    burning = null;
    const restored = await waitFor('the configured period back', () => harness.all('lab.sampling').find((each) => each.t > lowered.t && each.reason === null), 30_000);
    expect(restored.periodMs).toBe(100);
  }, 60_000);

  it('with adaptive sampling off, shows the cost and keeps the configured period', async () => {
    harness = new LabHarness({ samplePeriodMs: 100 }, { adaptiveSampling: false });
    burning = burnHostThread();
    await waitFor('five cost readings', () => (harness.all('metrics.cost').length >= 5 ? true : undefined), 20_000);
    expect(harness.all('metrics.cost').every((each) => each.periodMs === 100)).toBe(true);
    expect(Math.max(...harness.all('metrics.cost').map((each) => each.busyPercent))).toBeGreaterThan(60);
    expect(harness.all('lab.sampling')).toEqual([]);
  }, 30_000);
});
