import { describe, expect, it } from 'vitest';
import { timeoutArg, type SyncFact, type SyncFactBody } from '../../../../src/shared/facts';
import type { LabEvent } from '../../../../src/shared/protocol';
import { reduceAll } from '../../../../src/shared/reducer';
import { describeLaneState } from '../../../../src/renderer/timeline/lane-state';
import { TimelineLanes, type WorkerLane } from '../../../../src/renderer/timeline/timeline-lanes';
import { descriptor, eventStream, HOST_PID, labStarted, proc } from '../../shared/event-factory';

const T0 = 1_000_000;

/** What each segment of a lane says, with its times relative to T0. */
function story(lane: WorkerLane | undefined): string[] {
  return (lane?.segments ?? []).map((segment) => `${segment.start - T0}-${segment.end === null ? '' : segment.end - T0} ${describeLaneState(segment.state)}`);
}

function laneOf(lanes: TimelineLanes, workerId: string): WorkerLane | undefined {
  for (const group of lanes.groups) for (const lane of group.lanes) if (lane.kind === 'worker' && lane.key === workerId) return lane;
  return undefined;
}

function twoThreads() {
  const s = eventStream(T0);
  const facts = (at: number, ...list: SyncFactBody[]): LabEvent => {
    s.at(at);
    return s.event({ type: 'sync.facts', facts: list.map((fact) => ({ ...fact, t: T0 + at }) as SyncFact) });
  };
  const at = (ms: number, body: Parameters<typeof s.event>[0]): LabEvent => {
    s.at(ms);
    return s.event(body);
  };
  const start = [
    at(0, labStarted()),
    at(0, { type: 'sync.created', primitive: { kind: 'Lock', name: 'lockA' } }),
    at(0, { type: 'sync.created', primitive: { kind: 'Lock', name: 'lockB' } }),
    at(10, { type: 'worker.starting', worker: descriptor('a', { name: 'dl-a-1', kind: 'thread', method: 'thread' }) }),
    at(10, { type: 'worker.starting', worker: descriptor('b', { name: 'dl-b-1', kind: 'thread', method: 'thread' }) }),
    at(20, { type: 'worker.ready', workerId: 'a', pid: HOST_PID, ppid: 1, tid: 501, latencyMs: 10 }),
    at(20, { type: 'worker.ready', workerId: 'b', pid: HOST_PID, ppid: 1, tid: 502, latencyMs: 10 }),
  ];
  return { s, facts, at, start };
}

describe('timeline lanes', () => {
  it('shows a two-lock deadlock: holds on the lock lanes, both workers blocked on the lock the other holds', () => {
    const { facts, start } = twoThreads();
    const lanes = new TimelineLanes();
    lanes.append(start);
    lanes.append([
      facts(30, { op: 'lock.requested', actor: 'a', primitive: 'lockA' }, { op: 'lock.acquired', actor: 'a', primitive: 'lockA', count: 1 }),
      facts(40, { op: 'lock.requested', actor: 'b', primitive: 'lockB' }, { op: 'lock.acquired', actor: 'b', primitive: 'lockB', count: 1 }),
      facts(1030, { op: 'lock.requested', actor: 'a', primitive: 'lockB' }, { op: 'lock.waiting', actor: 'a', primitive: 'lockB', timeoutMs: timeoutArg(null) }),
      facts(1040, { op: 'lock.requested', actor: 'b', primitive: 'lockA' }, { op: 'lock.waiting', actor: 'b', primitive: 'lockA', timeoutMs: timeoutArg(null) }),
    ]);
    expect(story(laneOf(lanes, 'a'))).toEqual(['10-20 starting', '20-1030 running', '1030- blocked (acquire lockB)']);
    expect(story(laneOf(lanes, 'b'))).toEqual(['10-20 starting', '20-1040 running', '1040- blocked (acquire lockA)']);
    expect(lanes.locks.map((lane) => [lane.label, lane.segments.map((segment) => `${segment.start - T0}-${segment.end ?? ''} ${segment.state.label}`)])).toEqual([
      ['lockA', ['30- dl-a-1']],
      ['lockB', ['40- dl-b-1']],
    ]);
    expect(lanes.groups.map((group) => [group.label, group.lanes.length])).toEqual([['lab host · pid 100', 2]]);
  });

  it('draws a hand-off from the release to the waiter it unblocked, and not for an acquire nobody waited for', () => {
    const { facts, start } = twoThreads();
    const lanes = new TimelineLanes();
    lanes.append([
      ...start,
      facts(30, { op: 'lock.acquired', actor: 'a', primitive: 'lockA', count: 1 }),
      facts(35, { op: 'lock.waiting', actor: 'b', primitive: 'lockA', timeoutMs: timeoutArg(null) }),
      facts(50, { op: 'lock.released', actor: 'a', primitive: 'lockA', count: 0 }, { op: 'lock.acquired', actor: 'b', primitive: 'lockA', count: 1 }),
      facts(60, { op: 'lock.released', actor: 'b', primitive: 'lockA', count: 0 }),
      facts(70, { op: 'lock.acquired', actor: 'a', primitive: 'lockA', count: 1 }),
      // An RLock-style recursion holds on in the same segment.
      facts(71, { op: 'lock.acquired', actor: 'a', primitive: 'lockA', count: 2 }, { op: 'lock.released', actor: 'a', primitive: 'lockA', count: 1 }),
    ]);
    expect(lanes.handoffs).toEqual([{ primitive: 'lockA', from: 'a', to: 'b', released: T0 + 50, acquired: T0 + 50 }]);
    expect(lanes.locks[0]!.segments.map((segment) => [segment.start - T0, segment.end === null ? null : segment.end - T0, segment.state.holder])).toEqual([
      [30, 50, 'a'],
      [50, 60, 'b'],
      [70, null, 'a'],
    ]);
    expect(story(laneOf(lanes, 'b'))).toEqual(['10-20 starting', '20-35 running', '35-50 blocked (acquire lockA)', '50- running']);
  });

  it('ends every wait on a barrier when it trips, names queue waits, and counts depths', () => {
    const { facts, start } = twoThreads();
    const lanes = new TimelineLanes();
    lanes.append([
      ...start,
      facts(30, { op: 'barrier.arrive', actor: 'a', primitive: 'bar', timeoutMs: timeoutArg(null) }),
      facts(40, { op: 'barrier.trip', actor: 'b', primitive: 'bar', parties: 2 }),
      facts(50, { op: 'queue.emptyWait', actor: 'a', primitive: 'q', timeoutMs: timeoutArg(null) }),
      facts(60, { op: 'queue.put', actor: 'b', primitive: 'q', depth: 1 }),
      facts(61, { op: 'queue.get', actor: 'a', primitive: 'q', depth: 0 }),
    ]);
    expect(story(laneOf(lanes, 'a'))).toEqual(['10-20 starting', '20-30 running', '30-40 waiting (wait bar)', '40-50 running', '50-61 waiting (get q)', '61- running']);
    expect(lanes.counters.map((lane) => [lane.label, lane.points.map((point) => point.value), lane.max])).toEqual([['q', [1, 0], 1]]);
  });

  it('takes states from samples (threads of the host, processes and their threads) and ends with the exit code', () => {
    const { at, start } = twoThreads();
    const lanes = new TimelineLanes();
    lanes.append([
      ...start,
      at(25, { type: 'worker.starting', worker: descriptor('p', { name: 'proc-1' }) }),
      at(26, { type: 'worker.ready', workerId: 'p', pid: 300, ppid: HOST_PID, tid: null, latencyMs: 1 }),
      at(100, {
        type: 'metrics.processes',
        processes: [
          proc(HOST_PID, 1, { threads: [{ tid: 501, name: 'w', state: 'R', cpu: 90 }, { tid: 502, name: 'w', state: 'S', cpu: 0 }] }),
          proc(300, HOST_PID, { state: 'T', threads: [{ tid: 300, name: 'node', state: 'T', cpu: 0 }, { tid: 301, name: 'libuv', state: 'S', cpu: 0 }] }),
        ],
      }),
      at(150, { type: 'worker.exited', workerId: 'p', code: null, signal: 'SIGKILL', exitCode: -9, detail: null }),
      at(160, { type: 'metrics.cpu', cores: [10, 90], total: 50 }),
    ]);
    expect(story(laneOf(lanes, 'a'))).toEqual(['10-20 starting', '20- running']);
    expect(story(laneOf(lanes, 'b'))).toEqual(['10-20 starting', '20-100 running', '100- sleeping']);
    expect(story(laneOf(lanes, 'p'))).toEqual(['25-26 starting', '26-100 running', '100-150 stopped', '150- exited with code -9']);
    const group = lanes.groups.find((candidate) => candidate.key === 'worker:p')!;
    expect(group.label).toBe('proc-1 · pid 300');
    expect(group.lanes.map((lane) => [lane.label, story(lane as WorkerLane)])).toEqual([
      ['proc-1', story(laneOf(lanes, 'p'))],
      ['libuv · tid 301', ['100-150 sleeping']],
    ]);
    expect(lanes.counters.map((lane) => [lane.label, lane.points.map((point) => point.value)])).toEqual([['CPU 0', [10]], ['CPU 1', [90]]]);

    // Beyond the page's history window, an ended worker's lane goes, with its process's group and threads.
    lanes.dropEndedBefore(T0 + 150);
    expect(laneOf(lanes, 'p')).toBeDefined();
    lanes.dropEndedBefore(T0 + 151);
    expect(laneOf(lanes, 'p')).toBeUndefined();
    expect(lanes.groups.map((candidate) => candidate.key)).toEqual(['host']);
    expect(lanes.workerCount).toBe(2);
    // And in the lanes that stay, what ended before the window's start.
    lanes.forgetBefore(T0 + 101);
    expect(story(laneOf(lanes, 'a'))).toEqual(['20- running']);
    expect(story(laneOf(lanes, 'b'))).toEqual(['100- sleeping']);
  });
});

describe('timeline lanes from a keyframe (a page that connects mid-run)', () => {
  it('start each lane in its state at the keyframe: a wait begun before it, a lock held, a queue depth', () => {
    const { facts, at, start } = twoThreads();
    const events = [
      ...start,
      at(25, { type: 'sync.created', primitive: { kind: 'Queue', name: 'jobs', maxsize: 0 } }),
      at(26, { type: 'worker.starting', worker: descriptor('gone', { name: 'gone-1', kind: 'thread', method: 'thread' }) }),
      at(27, { type: 'worker.exited', workerId: 'gone', code: 0, signal: null, exitCode: 0, detail: null }),
      facts(30, { op: 'lock.requested', actor: 'a', primitive: 'lockA' }, { op: 'lock.acquired', actor: 'a', primitive: 'lockA', count: 1 }),
      facts(40, { op: 'lock.requested', actor: 'b', primitive: 'lockA' }, { op: 'lock.waiting', actor: 'b', primitive: 'lockA', timeoutMs: timeoutArg(null) }),
      facts(50, { op: 'queue.put', actor: 'a', primitive: 'jobs', depth: 1 }),
    ];
    const keyframe = reduceAll(events);
    const lanes = new TimelineLanes();
    lanes.seed(keyframe, T0 + 60, T0 + 28);
    expect(story(laneOf(lanes, 'a'))).toEqual(['60- running']);
    expect(story(laneOf(lanes, 'b'))).toEqual(['60- blocked (acquire lockA)']);
    expect(laneOf(lanes, 'gone')).toBeUndefined();
    expect(lanes.locks.find((lock) => lock.label === 'lockA')!.segments.map((segment) => [segment.start - T0, segment.state.label])).toEqual([[60, 'dl-a-1']]);
    expect(lanes.counters.find((lane) => lane.key === 'queue:jobs')!.points).toEqual([{ t: T0 + 60, value: 1 }]);

    // What follows folds on: a's release hands lockA to b, drawn as a hand-off; b's wait ends.
    lanes.append([
      facts(70, { op: 'lock.released', actor: 'a', primitive: 'lockA', count: 0 }, { op: 'lock.acquired', actor: 'b', primitive: 'lockA', count: 1 }),
    ]);
    expect(story(laneOf(lanes, 'b'))).toEqual(['60-70 blocked (acquire lockA)', '70- running']);
    expect(lanes.handoffs.map((handoff) => [handoff.from, handoff.to])).toEqual([['a', 'b']]);
  });
});

describe('timeline lock lanes after a dropped batch', () => {
  it('follow the host restating a lock (lock.restated): a hold opens for its holder and ends when restated free, with no hand-off', () => {
    const { facts, start } = twoThreads();
    const lanes = new TimelineLanes();
    lanes.append([
      ...start,
      facts(100, { op: 'lock.acquired', actor: 'a', primitive: 'lockA', count: 1 }, { op: 'lock.released', actor: 'a', primitive: 'lockA', count: 0 }),
      // The batch that took it again was dropped: the host says who holds it, then that it is free.
      facts(300, { op: 'lock.restated', actor: 'a', primitive: 'lockA', count: 1 }),
      facts(350, { op: 'lock.restated', actor: 'a', primitive: 'lockA', count: 1 }),
      facts(500, { op: 'lock.restated', actor: 'a', primitive: 'lockA', count: 0 }),
    ]);
    expect(lanes.locks[0]!.segments.map((segment) => [segment.start - T0, segment.end === null ? null : segment.end - T0, segment.state.label])).toEqual([
      [100, 100, 'dl-a-1'],
      [300, 500, 'dl-a-1'],
    ]);
    expect(lanes.handoffs).toEqual([]);
  });

  it('step mode: a held worker\'s lane says where until its release, then its broker wait; a new page sees the hold from its keyframe', () => {
    const { facts, at, start } = twoThreads();
    const events = [
      ...start,
      at(25, { type: 'step.mode', on: true }),
      at(30, { type: 'step.held', workerId: 'a', primitive: 'lockA', op: 'acquire' }),
      at(40, { type: 'step.released', workerId: 'a', primitive: 'lockA', op: 'acquire', by: 'you' }),
      facts(40, { op: 'lock.requested', actor: 'a', primitive: 'lockA' }, { op: 'lock.acquired', actor: 'a', primitive: 'lockA', count: 1 }),
      at(45, { type: 'step.held', workerId: 'b', primitive: 'lockA', op: 'acquire' }),
    ];
    const lanes = new TimelineLanes();
    lanes.append(events);
    expect(story(laneOf(lanes, 'a'))).toEqual(['10-20 starting', '20-30 running', '30-40 held by you at lockA.acquire', '40- running']);
    expect(story(laneOf(lanes, 'b'))).toEqual(['10-20 starting', '20-45 running', '45- held by you at lockA.acquire']);
    const seeded = new TimelineLanes();
    seeded.seed(reduceAll(events), T0 + 50, T0 + 28);
    expect(story(laneOf(seeded, 'b'))).toEqual(['50- held by you at lockA.acquire']);
    lanes.append([at(60, { type: 'step.released', workerId: 'b', primitive: 'lockA', op: 'acquire', by: 'you' }), facts(60, { op: 'lock.waiting', actor: 'b', primitive: 'lockA', timeoutMs: timeoutArg(null) })]);
    // (The release and the wait are at the same moment: the running between them lasts nothing, not drawn.)
    expect(story(laneOf(lanes, 'b')).filter((told) => !told.startsWith('60-60 ')).slice(-2)).toEqual(['45-60 held by you at lockA.acquire', '60- blocked (acquire lockA)']);
  });
});
