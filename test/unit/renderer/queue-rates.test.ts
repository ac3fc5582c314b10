import { describe, expect, it } from 'vitest';
import { chartSpanSeconds, formatRate, queueRates } from '../../../src/renderer/model/queue-rates';

const point = (t: number, puts: number, gets: number, depth = puts - gets) => ({ t, values: [depth, null, puts, gets] });
const gap = (t: number) => ({ t, values: [null, null, null, null] });

describe('queue rates', () => {
  it('are the totals’ growth per second over the last three seconds', () => {
    const points = [point(0, 0, 0), point(1000, 20, 6), point(2000, 40, 12), point(4000, 80, 24), point(5000, 100, 30)];
    // From t=2000 (the oldest within 3 s of t=5000) to t=5000: 60 puts and 18 gets in 3 s.
    expect(queueRates(points)).toEqual({ putsPerSecond: 20, getsPerSecond: 6 });
  });

  it('need two samples, and stop at a gap', () => {
    expect(queueRates([])).toBeNull();
    expect(queueRates([point(0, 5, 5)])).toBeNull();
    expect(queueRates([point(0, 0, 0), gap(500), point(1000, 10, 0)])).toBeNull();
    expect(queueRates([point(0, 0, 0), gap(500), point(1000, 10, 0), point(1500, 15, 5)])).toEqual({ putsPerSecond: 10, getsPerSecond: 10 });
  });

  it('read as a person says them', () => {
    expect(formatRate(null)).toBe('–');
    expect(formatRate(3.94)).toBe('3.9/s');
    expect(formatRate(12.4)).toBe('12/s');
  });

  it('chart a young queue over ten seconds, then grow to the history window', () => {
    expect(chartSpanSeconds([], 0, 60)).toBe(10);
    expect(chartSpanSeconds([point(0, 0, 0)], 4_000, 60)).toBe(10);
    expect(chartSpanSeconds([point(0, 0, 0)], 23_000, 60)).toBe(30);
    expect(chartSpanSeconds([point(0, 0, 0)], 300_000, 60)).toBe(60);
  });
});
