import { describe, expect, it } from 'vitest';
import { buildProcessTree } from '../../../src/shared/process-tree';
import { reduceAll } from '../../../src/shared/reducer';
import { labStateSchema } from '../../../src/shared/lab-state-schema';
import { availability, groupOf } from '../../../src/renderer/model/worker-actions';
import { liveWorkerCount } from '../../../src/renderer/model/live-workers';
import { descriptor, eventStream, HOST_PID, labStarted, proc } from './event-factory';

/** A Python program the lab started (w1, pid 201), its forked child (py1, pid 202) and their observed threads. */
function pythonState() {
  const s = eventStream();
  const observedThread = (id: string, process: string, name: string, daemon = false) =>
    s.event({ type: 'worker.starting', worker: { ...descriptor(id, { kind: 'thread', method: 'python', daemon }), name, observed: { process, role: null, startMethod: null, ident: 140_000 } } });
  return reduceAll([
    s.event(labStarted()),
    s.event({ type: 'worker.starting', worker: descriptor('w1', { method: 'python' }) }),
    s.event({ type: 'worker.ready', workerId: 'w1', pid: 201, ppid: HOST_PID, tid: null, latencyMs: 30 }),
    s.event({ type: 'python.process', workerId: 'w1', pid: 201, role: 'main', startMethod: null, version: '3.12.1' }),
    observedThread('w1.1', 'w1', 'MainThread'),
    s.event({ type: 'worker.ready', workerId: 'w1.1', pid: 201, ppid: 201, tid: 201, latencyMs: 0 }),
    observedThread('w1.2', 'w1', 'Thread-1 (worker)', true),
    s.event({ type: 'worker.ready', workerId: 'w1.2', pid: 201, ppid: 201, tid: 205, latencyMs: 0 }),
    s.event({ type: 'worker.starting', worker: { ...descriptor('py1', { method: 'python' }), name: 'Process-1', observed: { process: 'w1', role: 'process', startMethod: 'fork', ident: null } } }),
    s.event({ type: 'worker.ready', workerId: 'py1', pid: 202, ppid: 201, tid: null, latencyMs: 0 }),
    s.event({ type: 'python.process', workerId: 'py1', pid: 202, role: 'process', startMethod: 'fork', version: '3.12.1' }),
    s.event({
      type: 'metrics.processes',
      processes: [
        proc(HOST_PID, 1),
        proc(201, HOST_PID, { threads: [{ tid: 201, name: 'python3', state: 'S', cpu: 0 }, { tid: 205, name: 'python3', state: 'R', cpu: 90 }] }),
        proc(202, 201, { threads: [{ tid: 202, name: 'python3', state: 'S', cpu: 0 }] }),
      ],
    }),
  ]);
}

describe('a Python program in the tree', () => {
  it("puts its observed threads in its process, by native id, with their Python names, never under the host", () => {
    const state = pythonState();
    const tree = buildProcessTree(state)!;
    expect(tree.threads.map((thread) => thread.workerId)).not.toContain('w1.1');
    const program = tree.children.find((node) => node.pid === 201)!;
    expect(program.workerId).toBe('w1');
    expect(program.threads.map((thread) => [thread.tid, thread.name, thread.workerId])).toEqual([
      [201, 'MainThread', 'w1.1'],
      [205, 'Thread-1 (worker)', 'w1.2'],
    ]);
    expect(program.children.map((node) => [node.pid, node.workerId])).toEqual([[202, 'py1']]);
    // Their state and CPU come from their own process's threads.
    expect(state.workers['w1.2']).toMatchObject({ state: 'running', cpu: 90 });
    expect(state.workers.py1?.python).toEqual({ role: 'process', startMethod: 'fork', version: '3.12.1', unobserved: null });
  });

  it('refuses to end an observed thread, and to join an observed process, saying why; signals reach the process', () => {
    const state = pythonState();
    const context = { state, selection: null, offReason: null };
    expect(availability('terminate', state.workers['w1.2'], context).reason).toBe('a Python thread cannot be terminated or joined from outside: end its process');
    expect(availability('kill', state.workers.py1, context).enabled).toBe(true);
    expect(availability('join', state.workers.py1, context).reason).toContain('not one the lab started');
    expect(availability('terminate', state.workers.w1, context).enabled).toBe(true);
  });

  it('marks a Python worker whose connection was refused as unobserved, with the reason', () => {
    const s = eventStream();
    const state = reduceAll([
      s.event(labStarted()),
      s.event({ type: 'worker.starting', worker: descriptor('w1', { method: 'python' }) }),
      s.event({ type: 'python.unobserved', workerId: 'w1', pid: 201, reason: 'a hello with the wrong token' }),
    ]);
    expect(state.workers.w1?.python).toEqual({ role: null, startMethod: null, version: null, unobserved: 'a hello with the wrong token' });
    expect(state.log.at(-1)?.type).toBe('python.unobserved');
  });
});

describe("the lab's live-worker count", () => {
  it("counts the Python program the lab started, not the processes and threads it started itself", () => {
    expect(liveWorkerCount(pythonState())).toBe(1);
  });
});

describe("a Python program's group", () => {
  it('is the workers the lab started, not the processes and threads the program started', () => {
    const state = pythonState();
    expect(groupOf(state.workers.w1!, state).map((worker) => worker.id)).toEqual(['w1']);
  });
});

describe('a Python program in a keyframe', () => {
  it("validates as a recording's keyframe must: observed workers, Python views, observed primitives", () => {
    const s = eventStream();
    const state = reduceAll(
      [
        s.event({ type: 'sync.created', primitive: { kind: 'Lock', name: 'mutexA' }, origin: 'observed', where: 'deadlock.py:4' }),
        s.event({ type: 'python.unobserved', workerId: null, pid: null, reason: 'a hello with the wrong token' }),
      ],
      pythonState(),
    );
    const parsed = labStateSchema.safeParse(state);
    expect(parsed.success ? null : parsed.error.issues.slice(0, 3)).toBeNull();
    expect(state.sync.states.mutexA?.origin).toBe('observed');
  });
});

describe("a multiprocessing child's start", () => {
  it('sets its start latency, marks a fork among threads on the child, says both in the log, and keeps in a keyframe', () => {
    const s = eventStream(2_000_000);
    const state = reduceAll([s.event({ type: 'python.started', workerId: 'py1', pid: 202, startMethod: 'fork', latencyMs: 12.5, clock: 'monotonic', parentThreads: 2 })], pythonState());
    expect(state.workers.py1).toMatchObject({ latencyMs: 12.5, python: { startMethod: 'fork', forkedAmongThreads: 2 } });
    expect(state.log.at(-1)?.type).toBe('python.started');
    const parsed = labStateSchema.safeParse(state);
    expect(parsed.success ? null : parsed.error.issues.slice(0, 3)).toBeNull();
    // A spawned child, or a fork from a one-thread parent, has no hazard.
    const spawned = reduceAll([s.event({ type: 'python.started', workerId: 'py1', pid: 202, startMethod: 'spawn', latencyMs: 800, clock: 'monotonic', parentThreads: 3 })], pythonState());
    expect(spawned.workers.py1?.latencyMs).toBe(800);
    expect(spawned.workers.py1?.python?.forkedAmongThreads).toBeUndefined();
  });
});

describe('the interpreters the lab found', () => {
  it('join the system facts, with no line in the event log', () => {
    const s = eventStream();
    const state = reduceAll([
      s.event(labStarted()),
      s.event({ type: 'lab.system', system: { cpuModel: 'cpu', cpuSpeedGHz: null, physicalCores: null, os: 'Linux', memTotal: null } }),
      s.event({ type: 'python.interpreters', interpreters: [{ interpreter: 'python3', label: 'python3 (3.11.7)', version: '3.11.7', freeThreaded: false }] }),
    ]);
    expect(state.system?.pythons?.map((each) => each.label)).toEqual(['python3 (3.11.7)']);
    expect(state.log.map((event) => event.type)).not.toContain('python.interpreters');
  });
});
