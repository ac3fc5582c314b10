import { describe, expect, it } from 'vitest';
import { buildProcessTree, flattenTree, type TreeNode } from '../../../src/shared/process-tree';
import { reduceAll } from '../../../src/shared/reducer';
import { descriptor, eventStream, HOST_PID, labStarted, proc } from './event-factory';
import type { ProcessSample } from '../../../src/shared/samples';

function treeOf(processes: ProcessSample[], extra: Parameters<typeof reduceAll>[0] = []) {
  const s = eventStream();
  const state = reduceAll([s.event(labStarted()), ...extra.map((e) => ({ ...e, seq: e.seq + 100 })), s.event({ type: 'metrics.processes', processes })]);
  return { tree: buildProcessTree(state)!, state };
}

const pids = (node: TreeNode): number[] => node.children.map((child) => child.pid);

describe('the PID/PPID tree', () => {
  it('puts the host at the root and nests children and grandchildren', () => {
    const { tree } = treeOf([proc(HOST_PID, 1), proc(201, HOST_PID), proc(202, HOST_PID), proc(301, 201)]);
    expect(tree.pid).toBe(HOST_PID);
    expect(pids(tree)).toEqual([201, 202]);
    expect(pids(tree.children[0]!)).toEqual([301]);
    expect(flattenTree(tree).map((row) => [row.node.pid, row.depth])).toEqual([
      [HOST_PID, 0],
      [201, 1],
      [301, 2],
      [202, 1],
    ]);
  });

  it("marks a Python process's threads that wait for the GIL, with their share; other processes' threads never", () => {
    // Shares of one 500 ms interval recorded from python3.11's two CPU-bound threads on a busy machine (gil.test.ts).
    const threads = [
      { tid: 401, name: 'python3', state: 'S', cpu: 0, queue: 0 },
      { tid: 402, name: 'python3', state: 'R', cpu: 17, queue: 70 },
      { tid: 403, name: 'python3', state: 'S', cpu: 18, queue: 69 },
    ];
    const noSchedstat = threads.map(({ queue: _queue, ...thread }) => ({ ...thread, tid: thread.tid + 100 }));
    const { tree } = treeOf([proc(HOST_PID, 1), proc(401, HOST_PID, { threads }), proc(501, HOST_PID, { threads: noSchedstat })]);
    const [python, other] = tree.children;
    expect(python!.threads.map((thread) => [thread.tid, thread.gilWait === null ? null : Math.round(thread.gilWait)])).toEqual([
      [401, null],
      [402, 13],
      [403, 13],
    ]);
    expect(other!.threads.every((thread) => thread.gilWait === null)).toBe(true);
  });

  it('does not take a younger process with a reused PID for a parent', () => {
    // 301 started before the current 201 did: its real parent (an older 201) is gone.
    const { tree } = treeOf([proc(HOST_PID, 1), proc(201, HOST_PID, { start: 5000 }), proc(301, 201, { start: 3000 })]);
    expect(pids(tree)).toEqual([201, 301]);
    expect(tree.children.find((n) => n.pid === 301)?.missingParent).toBe(true);
  });

  it('shows a reparented orphan under the root, marked', () => {
    const { tree } = treeOf([proc(HOST_PID, 1), proc(401, 1, { orphan: true })]);
    expect(tree.children[0]).toMatchObject({ pid: 401, orphan: true, missingParent: false });
  });

  it('hangs a process whose parent was not sampled under the root, marked', () => {
    const { tree } = treeOf([proc(HOST_PID, 1), proc(501, 999)]);
    expect(tree.children[0]).toMatchObject({ pid: 501, missingParent: true });
  });

  it('binds workers to their process and thread, and keeps exited workers as greyed ghosts', () => {
    const s = eventStream();
    const events = [
      s.event({ type: 'worker.starting', worker: descriptor('w1') }),
      s.event({ type: 'worker.ready', workerId: 'w1', pid: 201, ppid: HOST_PID, tid: 201, latencyMs: 70 }),
      s.event({ type: 'worker.starting', worker: descriptor('w2') }),
      s.event({ type: 'worker.ready', workerId: 'w2', pid: 202, ppid: HOST_PID, tid: 202, latencyMs: 70 }),
      s.event({ type: 'worker.exited', workerId: 'w2', code: 0, signal: null, exitCode: 0, detail: null }),
      s.event({ type: 'worker.starting', worker: descriptor('w3', { kind: 'thread', method: 'thread' }) }),
      s.event({ type: 'worker.ready', workerId: 'w3', pid: HOST_PID, ppid: 1, tid: 107, latencyMs: 20 }),
    ];
    const { tree } = treeOf(
      [proc(HOST_PID, 1, { threads: [{ tid: HOST_PID, name: 'node', state: 'S', cpu: 1 }, { tid: 107, name: 'node', state: 'R', cpu: 99 }] }), proc(201, HOST_PID)],
      events,
    );
    expect(tree.children.map((n) => [n.pid, n.workerId, n.ghost]).sort()).toEqual([
      [201, 'w1', false],
      [202, 'w2', true],
    ]);
    expect(tree.threads.find((t) => t.tid === 107)?.workerId).toBe('w3');
  });

  it('keeps every worker where it was when another exits: its ghost takes the same place', () => {
    const s = eventStream();
    const thread = (tid: number) => ({ tid, name: 'node', state: 'S', cpu: 0 });
    const started = [
      s.event(labStarted()),
      ...['w1', 'w2', 'w3'].flatMap((id, index) => [
        s.event({ type: 'worker.starting', worker: descriptor(id) }),
        s.event({ type: 'worker.ready', workerId: id, pid: 201 + index, ppid: HOST_PID, tid: 201 + index, latencyMs: 70 }),
      ]),
      ...['t1', 't2', 't3'].flatMap((id, index) => [
        s.event({ type: 'worker.starting', worker: descriptor(id, { kind: 'thread', method: 'thread' }) }),
        s.event({ type: 'worker.ready', workerId: id, pid: HOST_PID, ppid: 1, tid: 110 + index, latencyMs: 20 }),
      ]),
    ];
    // Start times from /proc (boot time in whole seconds) need not agree with the lab's clock: w1's
    // process is sampled as starting after w2's request, which once put w2's ghost above w1.
    const sample = (pids: number[], tids: number[]) =>
      s.event({
        type: 'metrics.processes',
        processes: [proc(HOST_PID, 1, { threads: [thread(HOST_PID), ...tids.map(thread)] }), ...pids.map((pid) => proc(pid, HOST_PID, { startedAt: 1_700_000_900_000 - pid }))],
      });
    const order = (state: ReturnType<typeof reduceAll>) => {
      const tree = buildProcessTree(state)!;
      return [tree.children.map((node) => `${node.workerId}${node.ghost ? ' (ghost)' : ''}`), tree.threads.filter((t) => t.workerId !== null).map((t) => `${t.workerId}${t.ghost ? ' (ghost)' : ''}`)];
    };
    const before = reduceAll([...started, sample([201, 202, 203], [110, 111, 112])]);
    expect(order(before)).toEqual([
      ['w1', 'w2', 'w3'],
      ['t1', 't2', 't3'],
    ]);
    const after = reduceAll(
      [
        s.event({ type: 'worker.exited', workerId: 'w2', code: null, signal: 'SIGTERM', exitCode: -15, detail: null }),
        s.event({ type: 'worker.exited', workerId: 't1', code: 1, signal: null, exitCode: 1, detail: null }),
        sample([201, 203], [111, 112]),
      ],
      before,
    );
    expect(order(after)).toEqual([
      ['w1', 'w2 (ghost)', 'w3'],
      ['t1 (ghost)', 't2', 't3'],
    ]);
  });
});
