import { describe, expect, it } from 'vitest';
import { pairOf, rotate, sideOf, type RotationPlan } from '../../../bench/rotated';

const plan = (patch: Partial<RotationPlan> = {}): RotationPlan => ({ minCycles: 4, maxCycles: 40, maxSeconds: 3600, tolerance: 0.05, judge: { side: 'lab', reference: 'raw' }, ...patch });

describe('rotated rounds', () => {
  it('runs one round of each side per cycle, reversing the order every cycle', async () => {
    const order: string[] = [];
    const round = (side: string) => () => (order.push(side), 1);
    await rotate(plan({ minCycles: 3, maxCycles: 3 }), { raw: round('raw'), pool: round('pool'), lab: round('lab') });
    expect(order.join(' ')).toBe('raw pool lab lab pool raw raw pool lab');
  });

  it('takes the ratio of any two sides cycle by cycle, so that a drift of the machine cancels', async () => {
    // Everything slows down 10% per cycle; the lab is always 0.9x the raw side, the pool 0.8x.
    const rounds = { raw: 0, pool: 0, lab: 0 };
    const slowing = (side: keyof typeof rounds, base: number) => () => base * 0.9 ** rounds[side]++;
    const rotated = await rotate(plan({ minCycles: 6 }), { raw: slowing('raw', 100), pool: slowing('pool', 80), lab: slowing('lab', 90) });
    expect(rotated.stoppedBy).toBe('tight');
    expect(rotated.cycles).toBe(6);
    expect(pairOf(rotated, 'raw', 'lab').ratio.value).toBeCloseTo(0.9);
    expect(pairOf(rotated, 'raw', 'pool').ratio.value).toBeCloseTo(0.8);
    expect(pairOf(rotated, 'pool', 'lab').lab.n).toBe(6);
    expect(sideOf(rotated, 'pool').max).toBeCloseTo(80);
  });

  it('keeps going while the judged ratio scatters, up to its cap', async () => {
    let round = 0;
    const rotated = await rotate(plan({ maxCycles: 12 }), { raw: () => 1, lab: () => (round++ % 2 === 0 ? 1 : 3), other: () => 1 });
    expect(rotated.cycles).toBe(12);
    expect(rotated.stoppedBy).toBe('max pairs');
  });

  it('refuses to judge a side it does not run', async () => {
    await expect(rotate(plan({ judge: { side: 'lab', reference: 'none' } }), { raw: () => 1, lab: () => 1 })).rejects.toThrow(/judges none/);
  });
});
