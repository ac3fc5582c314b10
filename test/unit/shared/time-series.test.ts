import { describe, expect, it } from 'vitest';
import { appendPoint, isGap, type SeriesPoint } from '../../../src/shared/time-series';

const at = (t: number, value = 1): SeriesPoint => ({ t, values: [value, value] });

describe('time series with gaps and pruning', () => {
  it('appends samples in order', () => {
    let series: SeriesPoint[] = [];
    for (const t of [0, 500, 1000]) series = appendPoint(series, at(t), 500, 60_000);
    expect(series.map((p) => p.t)).toEqual([0, 500, 1000]);
    expect(series.some(isGap)).toBe(false);
  });

  it('inserts a break where samples are missing', () => {
    let series = appendPoint([], at(0), 500, 60_000);
    series = appendPoint(series, at(5000), 500, 60_000);
    expect(series).toHaveLength(3);
    expect(isGap(series[1]!)).toBe(true);
    expect(series[1]!.t).toBe(500);
  });

  it('does not call one late sample a gap', () => {
    let series = appendPoint([], at(0), 500, 60_000);
    series = appendPoint(series, at(900), 500, 60_000);
    expect(series.some(isGap)).toBe(false);
  });

  it('prunes what is older than the window', () => {
    let series: SeriesPoint[] = [];
    for (let t = 0; t <= 70_000; t += 500) series = appendPoint(series, at(t), 500, 60_000);
    expect(series[0]!.t).toBe(10_000);
    expect(series.at(-1)!.t).toBe(70_000);
  });

  it('drops points after a sample that goes back in time (a clock change)', () => {
    let series: SeriesPoint[] = [];
    for (const t of [0, 500, 1000, 1500]) series = appendPoint(series, at(t), 500, 60_000);
    series = appendPoint(series, at(600, 9), 500, 60_000);
    expect(series.map((p) => p.t)).toEqual([0, 500, 600]);
  });
});
