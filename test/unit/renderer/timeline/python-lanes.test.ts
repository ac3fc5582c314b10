import { describe, expect, it } from 'vitest';
import { TimelineLanes } from '../../../../src/renderer/timeline/timeline-lanes';
import { descriptor, eventStream, HOST_PID, labStarted, proc } from '../../shared/event-factory';

describe("a Python program's lanes", () => {
  it('puts its observed threads in its process group, sampled from its own process, with no second lane per thread', () => {
    const s = eventStream(1_000_000);
    const observed = { process: 'w1', role: null, startMethod: null, ident: 1 };
    const lanes = new TimelineLanes();
    lanes.append([
      s.event(labStarted()),
      s.event({ type: 'worker.starting', worker: descriptor('w1', { name: 'prog-1', method: 'python' }) }),
      s.event({ type: 'worker.ready', workerId: 'w1', pid: 201, ppid: HOST_PID, tid: null, latencyMs: 10 }),
      s.event({ type: 'worker.starting', worker: { ...descriptor('w1.2', { name: 'first', kind: 'thread', method: 'python' }), observed } }),
      s.event({ type: 'worker.ready', workerId: 'w1.2', pid: 201, ppid: 201, tid: 205, latencyMs: 0 }),
      s.event({ type: 'metrics.processes', processes: [proc(HOST_PID, 1), proc(201, HOST_PID, { threads: [{ tid: 201, name: 'python3', state: 'S', cpu: 0 }, { tid: 205, name: 'python3', state: 'R', cpu: 90 }, { tid: 206, name: 'python3', state: 'S', cpu: 0 }] })] }),
    ]);
    const group = lanes.groups.find((each) => each.lanes.some((lane) => lane.key === 'w1'))!;
    expect(group.lanes.map((lane) => lane.key)).toEqual(['w1', 'w1.2', 'w1/206']);
    expect(lanes.groups.find((each) => each.key === 'host')?.lanes.some((lane) => lane.key === 'w1.2')).toBeFalsy();
    const first = group.lanes.find((lane) => lane.key === 'w1.2')!;
    expect(first.segments.at(-1)?.state).toMatchObject({ kind: 'running' });
  });
});
