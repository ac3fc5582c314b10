import { describe, expect, it } from 'vitest';
import { formatEdge, histogramBars, histogramSummary } from '../../../src/renderer/model/pool-histogram';

describe('a pool histogram', () => {
  it('has 17 bars, one under each edge and the last above 10 s, labelled by their upper edge', () => {
    const bars = histogramBars(new Array<number>(17).fill(0));
    expect(bars).toHaveLength(17);
    expect(bars[0]!.label).toBe('≤ 0.1 ms');
    expect(bars[9]!.label).toBe('≤ 100 ms');
    expect(bars[13]!.label).toBe('≤ 2.5 s');
    expect(bars[16]!.label).toBe('> 10 s');
    // Three ticks, so they fit under a small chart.
    expect(bars.filter((bar) => bar.tick !== '').map((bar) => bar.tick)).toEqual(['1ms', '100ms', '10s']);
  });

  it('draws each bar against the tallest, and says where most tasks fell', () => {
    const counts = new Array<number>(17).fill(0);
    counts[9] = 90;
    counts[10] = 30;
    const bars = histogramBars(counts);
    expect(bars[9]!.share).toBe(1);
    expect(bars[10]!.share).toBeCloseTo(1 / 3);
    expect(bars[0]!.share).toBe(0);
    expect(histogramSummary(bars)).toBe('120 tasks, most ≤ 100 ms (90)');
    expect(histogramSummary(histogramBars([]))).toBe('no tasks yet');
  });

  it('writes edges as a person reads them', () => {
    expect(formatEdge(0.25)).toBe('0.25 ms');
    expect(formatEdge(1000)).toBe('1 s');
    expect(formatEdge(2500)).toBe('2.5 s');
  });
});
