import { describe, expect, it } from 'vitest';
import { judge, quantile, quantileRanks, summarize } from '../../../bench/stats';

describe('bench statistics', () => {
  it('interpolates quantiles between order statistics', () => {
    expect(quantile([3, 1, 2, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5], 0.25)).toBe(2);
    expect(quantile([7], 0.95)).toBe(7);
  });

  it('bounds a median only from 6 rounds on, and a p95 from below its largest value only from 110', () => {
    expect(quantileRanks(5, 0.5)).toEqual({ lower: 0, upper: 6 });
    expect(quantileRanks(6, 0.5)).toEqual({ lower: 1, upper: 6 });
    // The classic table for n = 20: the 6th to 15th values hold the median with 95% confidence.
    expect(quantileRanks(20, 0.5)).toEqual({ lower: 6, upper: 15 });
    expect(quantileRanks(71, 0.95).upper).toBe(72);
    expect(quantileRanks(72, 0.95).upper).toBe(72);
    expect(quantileRanks(109, 0.95).upper).toBe(109);
    expect(quantileRanks(110, 0.95).upper).toBe(109);
  });

  it('summarises rounds: the figure, its interval, and how widely rounds scatter', () => {
    const values = Array.from({ length: 20 }, (_, index) => index + 1);
    const summary = summarize(values);
    expect(summary).toMatchObject({ n: 20, min: 1, max: 20, median: 10.5, value: 10.5, low: 6, high: 15 });
    expect(summary.iqrOverMedian).toBeCloseTo((15.25 - 5.75) / 10.5);
    expect(summary.halfWidth).toBeCloseTo(4.5 / 10.5);
    const few = summarize([1, 2, 3]);
    expect([few.low, few.high]).toEqual([Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY]);
  });

  it('calls a figure met or missed only when its whole interval is on one side of the limit', () => {
    const around = (low: number, high: number) => ({ ...summarize([1, 2, 3, 4, 5, 6]), low, high });
    const atMost = { direction: 'at most', limit: 1.2 } as const;
    expect(judge(around(1.05, 1.15), atMost)).toBe('met');
    expect(judge(around(1.25, 1.4), atMost)).toBe('missed');
    expect(judge(around(1.1, 1.3), atMost)).toBe('too noisy: not judged');
    expect(judge(around(1.1, Number.POSITIVE_INFINITY), atMost)).toBe('too noisy: not judged');
    const atLeast = { direction: 'at least', limit: 0.95 } as const;
    expect(judge(around(0.97, 1.02), atLeast)).toBe('met');
    expect(judge(around(0.8, 0.9), atLeast)).toBe('missed');
    expect(judge(around(0.9, 1.0), atLeast)).toBe('too noisy: not judged');
  });
});
