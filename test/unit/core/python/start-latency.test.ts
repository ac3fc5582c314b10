import { describe, expect, it } from 'vitest';
import { PY_START_WAIT_MS, PY_STARTS_PENDING, StartLatencies } from '../../../../src/core/python/start-latency';

const WALL = 1_764_800_000_000;

function latencies() {
  let now = 0;
  const starts = new StartLatencies(() => now);
  return { starts, advance: (ms: number) => void (now += ms) };
}

describe('start latencies', () => {
  it("measures from the parent's call to the child's hello on the monotonic clock, whichever end comes first", () => {
    const { starts } = latencies();
    expect(starts.called(100, 201, 'spawn', WALL, 5_000, 1)).toBeNull();
    expect(starts.hello('py1', 201, 100, 'spawn', WALL + 999, 5_112.345)).toEqual({ workerId: 'py1', pid: 201, startMethod: 'spawn', latencyMs: 112.35, clock: 'monotonic', parentThreads: 1 });
    // The child's connection read first: the parent's call completes it.
    expect(starts.hello('py2', 202, 100, 'fork', WALL + 20, 6_020)).toBeNull();
    expect(starts.called(100, 202, 'fork', WALL, 6_000, 3)).toMatchObject({ workerId: 'py2', latencyMs: 20, parentThreads: 3 });
  });

  it("falls back to the wall clock for a hello without one, and takes a forkserver child's parent as the server", () => {
    const { starts } = latencies();
    starts.called(100, 203, 'forkserver', WALL, 1_000, 1);
    expect(starts.hello('py3', 203, 150, 'forkserver', WALL + 40, undefined)).toMatchObject({ latencyMs: 40, clock: 'wall' });
  });

  it.each([
    ['another method', 'fork', 100, 1_050],
    ['a child whose parent is not the caller', 'spawn', 999, 1_050],
    ['a hello before the call', 'spawn', 100, 900],
    ['a latency of hours', 'spawn', 100, 1_000 + 3_600_000],
  ] as const)('tells nothing for %s (forged, or not one start)', (_what, method, ppid, mono) => {
    const { starts } = latencies();
    starts.called(100, 204, 'spawn', WALL, 1_000, 1);
    expect(starts.hello('py4', 204, ppid, method, WALL, mono)).toBeNull();
    // Both ends were used up: a second hello of the pid is not matched to the old call.
    expect(starts.hello('py5', 204, 100, 'spawn', WALL, 1_050)).toBeNull();
  });

  it('keeps a bounded number of waiting ends, for a bounded time: a flood of forged calls costs a bounded map', () => {
    const { starts, advance } = latencies();
    for (let pid = 1; pid <= PY_STARTS_PENDING * 10; pid++) starts.called(100, pid, 'spawn', WALL, 1_000, 1);
    // The oldest went; the newest are still there.
    expect(starts.hello('a', 1, 100, 'spawn', WALL, 1_010)).toBeNull();
    expect(starts.hello('b', PY_STARTS_PENDING * 10, 100, 'spawn', WALL, 1_010)).toMatchObject({ latencyMs: 10 });
    starts.called(100, 7, 'spawn', WALL, 1_000, 1);
    advance(PY_START_WAIT_MS + 1);
    starts.called(100, 8, 'spawn', WALL, 1_000, 1);
    expect(starts.hello('c', 7, 100, 'spawn', WALL, 1_010)).toBeNull();
  });
});
