import { describe, expect, it } from 'vitest';
import { buildProcessTree } from '../../../src/shared/process-tree';
import { reduceAll } from '../../../src/shared/reducer';
import { sortRows, tableRows } from '../../../src/renderer/model/table-rows';
import { selectionOrder, treeLines } from '../../../src/renderer/model/tree-rows';
import { descriptor, eventStream, HOST_PID, labStarted, proc } from '../shared/event-factory';

const thread = (tid: number, name: string) => ({ tid, name, state: 'S', cpu: 0 });

function scene() {
  const s = eventStream();
  const state = reduceAll([
    s.event(labStarted()),
    s.event({ type: 'worker.starting', worker: descriptor('w1', { name: 'alpha-1' }) }),
    s.event({ type: 'worker.ready', workerId: 'w1', pid: 201, ppid: HOST_PID, tid: 201, latencyMs: 50 }),
    s.event({ type: 'worker.starting', worker: descriptor('w2', { name: 'beta-1', kind: 'thread', method: 'thread' }) }),
    s.event({ type: 'worker.ready', workerId: 'w2', pid: HOST_PID, ppid: 1, tid: 105, latencyMs: 9 }),
    s.event({ type: 'worker.starting', worker: descriptor('w3', { name: 'gamma-1' }) }),
    s.event({
      type: 'metrics.processes',
      processes: [
        proc(HOST_PID, 1, { threads: [thread(HOST_PID, 'node'), thread(101, 'V8'), thread(102, 'libuv'), thread(105, 'WorkerThread')] }),
        proc(201, HOST_PID, { cpu: 90 }),
        proc(301, 201, { name: 'grandchild' }),
      ],
    }),
  ]);
  return { state, tree: buildProcessTree(state)! };
}

const options = { collapsed: new Set<string>(), runtimeShown: new Set<string>(), filter: '' };

describe('the lines of the process tree', () => {
  it('draws worker threads inside the host, folds its runtime threads, and shows a starting worker', () => {
    const { state, tree } = scene();
    const lines = treeLines(tree, state, options);
    expect(lines.map((line) => (line.type === 'process' ? `p${line.node.pid}` : line.type === 'thread' ? `t${line.thread.tid}` : `+${line.count}`))).toEqual([
      `p${HOST_PID}`,
      't105',
      '+3',
      'p201',
      'p301',
      'p0',
    ]);
    const pending = lines.at(-1);
    expect(pending?.type === 'process' && pending.worker?.id).toBe('w3');
    expect(selectionOrder(lines)).toContainEqual({ kind: 'worker', workerId: 'w2' });
  });

  it('unfolds runtime threads and collapses a process', () => {
    const { state, tree } = scene();
    const shown = treeLines(tree, state, { ...options, runtimeShown: new Set([tree.key]) });
    expect(shown.filter((line) => line.type === 'thread')).toHaveLength(4);
    const child = tree.children.find((node) => node.pid === 201)!;
    const collapsed = treeLines(tree, state, { ...options, collapsed: new Set([child.key]) });
    expect(collapsed.some((line) => line.type === 'process' && line.node.pid === 301)).toBe(false);
  });

  it('filters by name, command or pid and keeps the ancestors of what matches', () => {
    const { state, tree } = scene();
    const lines = treeLines(tree, state, { ...options, filter: 'grandchild' });
    expect(lines.map((line) => line.type === 'process' && line.node.pid)).toEqual([HOST_PID, 201, 301]);
  });

  it('lists processes and threads flat, sortable by CPU', () => {
    const { state, tree } = scene();
    const rows = sortRows(tableRows(tree, state, ''), { column: 'cpu', direction: 'descending' });
    expect(rows[0]).toMatchObject({ kind: 'process', pid: 201, cpu: 90 });
    expect(rows.filter((row) => row.kind === 'thread')).toHaveLength(4);
  });

  it("shows a Python thread waiting for the GIL as \"GIL wait\" in the table too: sorted and found by those words", () => {
    // Shares of one 500 ms interval from python3.11's two CPU-bound threads (as in process-tree.test.ts).
    const threads = [
      { tid: 401, name: 'python3', state: 'S', cpu: 0, queue: 0 },
      { tid: 402, name: 'python3', state: 'R', cpu: 17, queue: 70 },
      { tid: 403, name: 'python3', state: 'S', cpu: 18, queue: 69 },
    ];
    const s = eventStream();
    const state = reduceAll([s.event(labStarted()), s.event({ type: 'metrics.processes', processes: [proc(HOST_PID, 1), proc(401, HOST_PID, { threads })] })]);
    const rows = tableRows(buildProcessTree(state)!, state, '');
    const python = rows.filter((row) => row.pid === 401);
    expect(python.map((row) => [row.kind, row.tid, row.gilWait === null ? null : Math.round(row.gilWait)])).toEqual([
      ['process', null, null],
      ['thread', 401, null],
      ['thread', 402, 13],
      ['thread', 403, 13],
    ]);
    expect(tableRows(buildProcessTree(state)!, state, 'gil wait').map((row) => row.tid)).toEqual([402, 403]);
    const byState = sortRows(python, { column: 'state', direction: 'ascending' });
    expect(byState.slice(0, 2).map((row) => row.tid)).toEqual([402, 403]); // "GIL wait" before the one-letter "S"
  });
});
