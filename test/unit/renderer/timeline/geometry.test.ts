import { describe, expect, it } from 'vitest';
import { agoLabel, MIN_SPAN_MS, rowsOf, tickStep, timeAt, visiblePoints, visibleRange, visibleRows, xOf, zoomWindow } from '../../../../src/renderer/timeline/geometry';
import type { Segment } from '../../../../src/renderer/timeline/timeline-lanes';
import { TimelineLanes } from '../../../../src/renderer/timeline/timeline-lanes';
import { descriptor, eventStream, labStarted } from '../../shared/event-factory';

const segments: Segment<string>[] = [
  { start: 0, end: 10, state: 'a' },
  { start: 10, end: 20, state: 'b' },
  { start: 20, end: 35, state: 'c' },
  { start: 35, end: null, state: 'd' },
];

describe('timeline geometry', () => {
  it('maps time to x and back', () => {
    const window = { start: 1_000, end: 2_000 };
    expect(xOf(1_500, window, 100, 1_000)).toBe(600);
    expect(timeAt(600, window, 100, 1_000)).toBe(1_500);
  });

  it('zooms around the anchor, within bounds', () => {
    expect(zoomWindow({ start: 0, end: 1_000 }, 0.5, 800)).toEqual({ start: 400, end: 900 });
    const tight = zoomWindow({ start: 0, end: 1_000 }, 0.01, 0);
    expect(tight.end - tight.start).toBe(MIN_SPAN_MS);
  });

  it('finds the segments overlapping a window, the open last one included', () => {
    expect(visibleRange(segments, { start: 12, end: 22 })).toEqual([1, 3]);
    expect(visibleRange(segments, { start: 100, end: 200 })).toEqual([3, 4]);
    expect(visibleRange(segments, { start: -50, end: -1 })).toEqual([0, 0]);
    expect(visiblePoints([{ t: 0 }, { t: 5 }, { t: 9 }, { t: 30 }], { start: 6, end: 20 })).toEqual([1, 3]);
  });

  it('lays out processes with their lanes, then locks and counters, and shows only what is scrolled into view', () => {
    const s = eventStream();
    const lanes = new TimelineLanes();
    lanes.append([
      s.event(labStarted()),
      s.event({ type: 'sync.created', primitive: { kind: 'Lock', name: 'lockA' } }),
      s.event({ type: 'worker.starting', worker: descriptor('t1', { kind: 'thread', method: 'thread' }) }),
      s.event({ type: 'worker.starting', worker: descriptor('p1') }),
      s.event({ type: 'metrics.cpu', cores: [1, 2], total: 2 }),
    ]);
    const { rows, height } = rowsOf(lanes);
    expect(rows.map((row) => (row.kind === 'heading' ? `# ${row.label}` : `${row.kind} ${row.lane.label}`))).toEqual([
      '# lab host · pid 100',
      'lane worker-t1',
      '# worker-p1',
      'lane worker-p1',
      '# Locks: who holds them',
      'lock lockA',
      '# CPU per core (%)',
      'counter CPU 0',
      'counter CPU 1',
    ]);
    expect(height).toBe(rows.at(-1)!.y + rows.at(-1)!.height);
    expect(visibleRows(rows, 20, 30).map((row) => row.y)).toEqual([18, 34]);
  });

  it('picks round ticks and names past moments', () => {
    expect(tickStep(60_000, 900)).toBe(10_000);
    expect(tickStep(1_000, 1_000)).toBe(100);
    expect(agoLabel(1_000, 13_300)).toBe('−12.3 s');
    expect(agoLabel(0, 125_000)).toBe('−2 min 5 s');
  });
});
