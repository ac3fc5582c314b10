import { describe, expect, it } from 'vitest';
import { LabStore } from '../../../src/renderer/store/lab-store';
import { descriptor, eventStream, labStarted } from '../shared/event-factory';

function history() {
  const s = eventStream();
  const events = [s.event(labStarted()), s.event({ type: 'worker.starting', worker: descriptor('w1') })];
  return { s, events };
}

describe('the renderer store', () => {
  it('folds the history, then live batches, one update per batch', () => {
    const store = new LabStore();
    let updates = 0;
    store.subscribe(() => updates++);
    const { s, events } = history();
    store.setStatus('connected');
    store.fold(events);
    store.fold([s.event({ type: 'worker.spawned', workerId: 'w1', pid: 201, ppid: 100 }), s.event({ type: 'worker.startFailed', workerId: 'w1', reason: 'x' })]);
    expect(store.getSnapshot().state.workers.w1).toMatchObject({ pid: 201, startFailure: 'x' });
    expect(updates).toBe(3);
  });

  it('skips live events the history already held', () => {
    const store = new LabStore();
    const { s, events } = history();
    const spawned = s.event({ type: 'worker.spawned', workerId: 'w1', pid: 201, ppid: 100 });
    store.setStatus('connected');
    store.fold([...events, spawned]);
    store.fold([spawned, s.event({ type: 'worker.stdio', workerId: 'w1', stdoutBytes: 5, stderrBytes: 0 })]);
    expect(store.getSnapshot().state.log.filter((event) => event.type === 'worker.spawned')).toHaveLength(1);
    expect(store.getSnapshot().state.workers.w1?.stdoutBytes).toBe(5);
  });

  it('rebuilds from the history after a reconnection instead of applying it twice', () => {
    const store = new LabStore();
    const { events } = history();
    store.setStatus('connected');
    store.fold(events);
    store.setStatus('disconnected');
    store.setStatus('connecting');
    store.setStatus('connected');
    store.fold(events);
    const { state } = store.getSnapshot();
    expect(state.workerOrder).toEqual(['w1']);
    expect(state.log).toHaveLength(events.length);
  });

  it('freezes the drawn state while paused and keeps folding underneath', () => {
    const store = new LabStore();
    const { s, events } = history();
    store.setStatus('connected');
    store.fold(events);
    store.togglePause();
    store.fold([s.event({ type: 'worker.spawned', workerId: 'w1', pid: 201, ppid: 100 })]);
    expect(store.getSnapshot()).toMatchObject({ paused: true, eventsWhilePaused: 1 });
    expect(store.getSnapshot().state.workers.w1?.pid).toBeNull();
    expect(store.liveState().workers.w1?.pid).toBe(201);
    store.togglePause();
    expect(store.getSnapshot().state.workers.w1?.pid).toBe(201);
  });
});

describe('the renderer store, folding once per frame', () => {
  it('folds every message that arrived before a frame in one update at that frame', () => {
    const frames: Array<() => void> = [];
    const store = new LabStore((callback) => frames.push(callback));
    let updates = 0;
    store.subscribe(() => updates++);
    const { s, events } = history();
    store.setStatus('connected');
    updates = 0;
    store.fold(events);
    store.fold([s.event({ type: 'worker.spawned', workerId: 'w1', pid: 201, ppid: 100 })]);
    store.fold([s.event({ type: 'worker.stdio', workerId: 'w1', stdoutBytes: 7, stderrBytes: 0 })]);
    expect(frames).toHaveLength(1);
    expect(updates).toBe(0);
    expect(store.getSnapshot().state.workers.w1).toBeUndefined();
    frames.shift()!();
    expect(updates).toBe(1);
    expect(store.getSnapshot().state.workers.w1).toMatchObject({ pid: 201, stdoutBytes: 7 });
  });

  it('starts again from a history that arrives while live events still wait for their frame', () => {
    const frames: Array<() => void> = [];
    const store = new LabStore((callback) => frames.push(callback));
    const { s, events } = history();
    store.setStatus('connected');
    store.fold(events);
    frames.shift()!();
    store.fold([s.event({ type: 'worker.spawned', workerId: 'w1', pid: 201, ppid: 100 })]);
    store.setStatus('disconnected');
    store.setStatus('connected');
    store.fold(events);
    while (frames.length > 0) frames.shift()!();
    const { state } = store.getSnapshot();
    expect(state.workers.w1?.pid).toBeNull();
    expect(state.log).toHaveLength(events.length);
  });
});

describe('the renderer store, viewing the past', () => {
  /** A lab in which w1 starts at 0, spawns at 1 s and prints at 2 s. */
  function threeMoments(store: LabStore) {
    const s = eventStream(1_000_000);
    store.setStatus('connected');
    store.fold([s.event(labStarted()), s.event({ type: 'worker.starting', worker: descriptor('w1') })]);
    s.at(1_000);
    store.fold([s.event({ type: 'worker.spawned', workerId: 'w1', pid: 201, ppid: 100 })]);
    s.at(2_000);
    store.fold([s.event({ type: 'worker.stdio', workerId: 'w1', stdoutBytes: 9, stderrBytes: 0 })]);
    return s;
  }

  it('draws the state at a chosen moment while it keeps folding, and Back to live shows the present', () => {
    const store = new LabStore();
    const s = threeMoments(store);
    store.viewAt(1_001_500);
    expect(store.getSnapshot()).toMatchObject({ viewedAt: 1_001_500, paused: true, span: { start: 1_000_000, end: 1_002_000 } });
    expect(store.getSnapshot().state.workers.w1).toMatchObject({ pid: 201, stdoutBytes: 0 });
    s.at(3_000);
    store.fold([s.event({ type: 'worker.stdio', workerId: 'w1', stdoutBytes: 12, stderrBytes: 0 })]);
    expect(store.getSnapshot()).toMatchObject({ viewedAt: 1_001_500, eventsWhilePaused: 1, span: { end: 1_003_000 } });
    expect(store.getSnapshot().state.workers.w1?.stdoutBytes).toBe(0);
    store.viewAt(0);
    expect(store.getSnapshot().viewedAt).toBe(1_000_000);
    expect(store.getSnapshot().state.workers.w1?.pid).toBeNull();
    store.backToLive();
    expect(store.getSnapshot()).toMatchObject({ viewedAt: null, paused: false });
    expect(store.getSnapshot().state.workers.w1?.stdoutBytes).toBe(12);
  });

  it('pauses at the newest moment with Space (togglePause) and gives the timeline its lanes', () => {
    const store = new LabStore();
    threeMoments(store);
    store.togglePause();
    expect(store.getSnapshot().viewedAt).toBe(1_002_000);
    expect(store.getSnapshot().state).toBe(store.liveState());
    expect(store.timeline().groups.flatMap((group) => group.lanes.map((lane) => lane.label))).toEqual(['worker-w1']);
  });

  it('opens a recording at its end, plays it from its start at the chosen speed, and returns to the live lab', () => {
    const frames: Array<() => void> = [];
    let wall = 0;
    const store = new LabStore((callback) => frames.push(callback), () => wall);
    const s = eventStream(5_000_000);
    const recorded = [s.event(labStarted()), s.event({ type: 'worker.starting', worker: descriptor('r1', { name: 'replayed' }) })];
    s.at(4_000);
    recorded.push(s.event({ type: 'worker.spawned', workerId: 'r1', pid: 301, ppid: 100 }));
    store.openRecording('demo.lab', recorded);
    expect(store.getSnapshot()).toMatchObject({ mode: { kind: 'recording', name: 'demo.lab' }, viewedAt: 5_004_000, paused: false, span: { start: 5_000_000, end: 5_004_000 } });
    expect(store.getSnapshot().state.workers.r1?.pid).toBe(301);
    expect(store.timeline().groups.flatMap((group) => group.lanes.map((lane) => lane.label))).toEqual(['replayed']);
    store.viewAt(5_001_000);
    expect(store.getSnapshot().state.workers.r1?.pid).toBeNull();

    store.setSpeed(2);
    store.viewAt(0);
    store.play();
    wall = 1_000;
    frames.shift()!();
    expect(store.getSnapshot().viewedAt).toBe(5_002_000);
    wall = 2_500;
    frames.shift()!();
    expect(store.getSnapshot()).toMatchObject({ viewedAt: 5_004_000, playback: { playing: false, speed: 2 } });
    expect(store.getSnapshot().state.workers.r1?.pid).toBe(301);
    expect(frames).toHaveLength(0);

    store.backToLive();
    expect(store.getSnapshot()).toMatchObject({ mode: { kind: 'live' }, viewedAt: null });
  });
});
