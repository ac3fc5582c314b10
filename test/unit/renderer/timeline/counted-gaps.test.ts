import { describe, expect, it } from 'vitest';
import type { LabEvent } from '../../../../src/shared/protocol';
import { COUNTED_SPAN_MS, countedInWindow, countedSentence, gapAt, gapWordsAt, type CountedOps } from '../../../../src/renderer/timeline/counted-gaps';
import { rowsOf } from '../../../../src/renderer/timeline/geometry';
import { TimelineLanes, type Segment, type WorkerLane } from '../../../../src/renderer/timeline/timeline-lanes';
import { descriptor, eventStream, HOST_PID, labStarted } from '../../shared/event-factory';

const T0 = 1_000_000;

/** A thread `a` started at 10 ms (ready at 20), and `counted(at, ops, total)`: a `sync.fastPathCounted` of it. */
function oneThread() {
  const s = eventStream(T0);
  const at = (ms: number, body: Parameters<typeof s.event>[0]): LabEvent => {
    s.at(ms);
    return s.event(body);
  };
  const start = [
    at(0, labStarted()),
    at(10, { type: 'worker.starting', worker: descriptor('a', { name: 'loop-1', kind: 'thread', method: 'thread' }) }),
    at(20, { type: 'worker.ready', workerId: 'a', pid: HOST_PID, ppid: 1, tid: 501, latencyMs: 10 }),
  ];
  const counted = (ms: number, ops: number, total: number, workerId = 'a') => at(ms, { type: 'sync.fastPathCounted', workerId, ops, total });
  return { start, counted };
}

function gapsOf(lanes: TimelineLanes): string[] {
  const lane = lanes.groups.flatMap((group) => group.lanes).find((one): one is WorkerLane => one.kind === 'worker' && one.key === 'a');
  return (lane?.gaps ?? []).map((gap) => `${gap.start - T0}-${gap.end! - T0} ${gap.state.ops}/${gap.state.total}`);
}

describe('counted gaps on a thread lane', () => {
  it('spans each sync.fastPathCounted from the previous one, at most COUNTED_SPAN_MS back and not before the thread ran', () => {
    const { start, counted } = oneThread();
    const lanes = new TimelineLanes();
    lanes.append(start);
    lanes.append([counted(500, 1_000, 1_000)]);
    // The first: the thread ran from 20 ms (ready; it starts at 10), less than COUNTED_SPAN_MS before.
    expect(gapsOf(lanes)).toEqual(['20-500 1000/1000']);
    lanes.append([counted(1_500, 2_000_000, 2_001_000), counted(5_000, 300, 2_001_300)]);
    expect(gapsOf(lanes)).toEqual([
      '20-500 1000/1000',
      // The next second's ops: since the previous one.
      '500-1500 2000000/2001000',
      // After a quiet while, only the last COUNTED_SPAN_MS: the ops were counted since the previous sample.
      `${5_000 - COUNTED_SPAN_MS}-5000 300/2001300`,
    ]);
  });

  it('ignores a count for a worker it has no lane for, and forgets gaps older than the history', () => {
    const { start, counted } = oneThread();
    const lanes = new TimelineLanes();
    lanes.append([...start, counted(400, 5, 5, 'nobody'), counted(500, 7, 7), counted(3_000, 9, 16)]);
    expect(gapsOf(lanes)).toEqual(['20-500 7/7', '1800-3000 9/16']);
    lanes.forgetBefore(T0 + 1_000);
    expect(gapsOf(lanes)).toEqual(['1800-3000 9/16']);
  });

  it('says the gap under the pointer, and the gaps in the window for the canvas\'s accessible text', () => {
    const { start, counted } = oneThread();
    const lanes = new TimelineLanes();
    lanes.append([...start, counted(2_000, 3_812_000, 3_812_000)]);
    const { rows } = rowsOf(lanes);
    const row = rows.find((one) => one.kind === 'lane')!;
    expect(gapWordsAt(rows, row.y + 1, T0 + 1_500)).toBe('loop-1: 3,812,000 ops counted, not kept (3,812,000 so far; over the recording rate of its fast path)');
    expect(gapWordsAt(rows, row.y + 1, T0 + 700)).toBeNull();
    expect(gapWordsAt(rows, 0, T0 + 1_500)).toBeNull(); // the process heading, not the lane
    const workers = lanes.groups.flatMap((group) => group.lanes).filter((lane) => lane.kind === 'worker');
    expect(countedSentence(workers, { start: T0, end: T0 + 3_000 })).toBe(' Hatched, fast-path ops over the recording rate: loop-1: 3,812,000 ops counted, not kept.');
    expect(countedSentence(workers, { start: T0 + 2_500, end: T0 + 3_000 })).toBe('');
  });

  it('finds gaps at their edges: a moment two gaps share is the earlier one\'s, a window touching a gap counts it', () => {
    // A busy thread's gaps, each from the previous one's end (addCountedGap), 1 s long, 1,000 of them.
    const gaps: Segment<CountedOps>[] = Array.from({ length: 1_000 }, (_, i) => ({ start: i * 1_000, end: (i + 1) * 1_000, state: { ops: i + 1, total: 0 } }));
    const lane = { label: 'busy-1', gaps };
    expect(gapAt(lane, 2_000)?.state.ops).toBe(2);
    expect(gapAt(lane, 2_500)?.state.ops).toBe(3);
    expect(gapAt(lane, 0)?.state.ops).toBe(1);
    expect(gapAt(lane, 1_000_000)?.state.ops).toBe(1_000);
    expect(gapAt(lane, -1)).toBeNull();
    expect(gapAt(lane, 1_000_001)).toBeNull();
    // [2,000, 3,000] touches the gaps ending at 2,000 and starting at 3,000: 2 + 3 + 4.
    expect(countedInWindow([lane], { start: 2_000, end: 3_000 })).toEqual([{ label: 'busy-1', ops: 9 }]);
    expect(countedInWindow([lane], { start: 1_000_001, end: 2_000_000 })).toEqual([]);
    expect(countedInWindow([{ label: 'idle-1', gaps: [] }], { start: 0, end: 1 })).toEqual([]);
  });
});
