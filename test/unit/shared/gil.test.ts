import { describe, expect, it } from 'vitest';
import { gilWaitOf, inferGil } from '../../../src/shared/gil';
import type { ThreadSample } from '../../../src/shared/samples';

const thread = (tid: number, cpu: number | null, queue: number | undefined, name = 'python3'): ThreadSample => ({
  tid,
  name,
  state: 'S',
  cpu,
  cpuTimeMs: 0,
  ...(queue === undefined ? {} : { queue }),
});

/*
 * Shares of 500 ms intervals, recorded with /proc/PID/task/TID/schedstat on this project's 2-core build machine
 * while it was shared (load average 13 to 16): python3.11 running two CPU-bound threads (the main thread in
 * join), then two CPU-bound processes. Each line: [cpu, queue] per thread.
 */
const GIL_BUSY_MACHINE: [number, number][][] = [
  [[0, 0], [17, 73], [17, 73]],
  [[0, 0], [17, 70], [18, 69]],
  [[0, 0], [11, 79], [10, 60]],
];
const PROCESS_BUSY_MACHINE: [number, number][] = [[13, 87], [14, 86]];

describe('inferGil', () => {
  it('two CPU-bound threads of one interpreter on an idle machine: each half a core, asleep the other half', () => {
    const reading = inferGil([thread(1, 0, 0), thread(2, 50, 1), thread(3, 49, 0)]);
    expect(reading).toMatchObject({ busy: 2, bound: true });
    expect(reading?.busyCpu).toBeCloseTo(99);
    expect(gilWaitOf(reading, 2)?.waiting).toBeCloseTo(49);
    expect(gilWaitOf(reading, 1)).toBeNull(); // the main thread, asleep in join, is not busy
  });

  it('on a busy shared machine too: the run queue is not sleep, and what is left is the GIL', () => {
    for (const interval of GIL_BUSY_MACHINE) {
      const reading = inferGil(interval.map(([cpu, queue], at) => thread(at + 1, cpu, queue)));
      expect(reading?.bound).toBe(true);
      expect(reading?.waiting.map((each) => each.tid)).toEqual([2, 3]);
    }
  });

  it('single-threaded CPU-bound processes are never GIL-bound, even when the machine holds them back', () => {
    for (const [cpu, queue] of PROCESS_BUSY_MACHINE) expect(inferGil([thread(1, cpu, queue)])?.bound).toBe(false);
  });

  it('threads that run in parallel (a free-threaded build, a C extension releasing the GIL) are not flagged', () => {
    expect(inferGil([thread(1, 98, 1), thread(2, 97, 2)])?.bound).toBe(false);
    // Two cores' worth of CPU cannot have come through one GIL, however much they slept besides.
    expect(inferGil([thread(1, 70, 0), thread(2, 70, 0)])?.bound).toBe(false);
  });

  it('one busy thread and idle others is not a GIL contest', () => {
    expect(inferGil([thread(1, 95, 0), thread(2, 1, 0), thread(3, 0, 0)])?.bound).toBe(false);
  });

  it('needs schedstat and a previous sample: otherwise it says nothing', () => {
    expect(inferGil(null)).toBeNull();
    expect(inferGil([thread(1, 50, undefined), thread(2, 50, undefined)])).toBeNull();
    expect(inferGil([thread(1, null, 0), thread(2, null, 0)])).toBeNull();
  });
});
