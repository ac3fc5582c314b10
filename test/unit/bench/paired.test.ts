import { describe, expect, it } from 'vitest';
import { alternate, type Plan } from '../../../bench/paired';

const plan = (patch: Partial<Plan> = {}): Plan => ({ minPairs: 6, maxPairs: 40, maxSeconds: 3600, tolerance: 0.05, judge: 'ratio', ...patch });

describe('alternated rounds', () => {
  it('alternates raw and lab, flipping which goes first every pair', async () => {
    const order: string[] = [];
    await alternate(plan({ minPairs: 4, maxPairs: 4 }), () => (order.push('raw'), 1), () => (order.push('lab'), 1));
    expect(order.join(' ')).toBe('raw lab lab raw raw lab lab raw');
  });

  it('takes the ratio of each pair, so that a drift of the machine cancels', async () => {
    // Both sides slow down 10% per pair; the lab is always 1.5x its raw twin.
    let rawRound = 0;
    let labRound = 0;
    const paired = await alternate(plan(), () => 10 * 1.1 ** rawRound++, () => 15 * 1.1 ** labRound++);
    expect(paired.ratio.value).toBeCloseTo(1.5);
    expect(paired.stoppedBy).toBe('tight');
    expect(paired.pairs).toBe(6);
  });

  it('keeps going while the interval is wide, up to its cap', async () => {
    let round = 0;
    const paired = await alternate(plan({ maxPairs: 30 }), () => 1, () => (round++ % 2 === 0 ? 1 : 3));
    expect(paired.pairs).toBe(30);
    expect(paired.stoppedBy).toBe('max pairs');
    expect(paired.ratio.halfWidth).toBeGreaterThan(0.05);
  });

  it('judges the lab side on the quantile asked for', async () => {
    let round = 0;
    const paired = await alternate(plan({ judge: 'lab', quantile: 0.95, minPairs: 20, maxPairs: 20 }), () => 1, () => ++round);
    expect(paired.lab.quantile).toBe(0.95);
    expect(paired.lab.value).toBeCloseTo(19.05);
  });
});
