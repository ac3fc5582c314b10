import { describe, expect, it } from 'vitest';
import { borderPoint, layoutWaitGraph, rowsThatFit, type GraphNode, type WaitGraph } from '../../../src/renderer/model/wait-graph';
import type { PrimitiveEntry } from '../../../src/renderer/model/primitive-list';
import type { PrimitiveKind, PrimitiveSnapshot } from '../../../src/shared/sync';
import { emptySnapshot } from '../../../src/shared/sync';
import { findDeadlock } from '../../../src/shared/wait-for';
import { peopleOf } from '../../../src/renderer/model/primitive-people';
import { entry, held, waiting } from './sync-fixtures';

const size = { width: 400, height: 200 };
/** The Wait-for graph's drawing area at 1280x720 in the Sync view. */
const PANEL = { width: 420, height: 178 };
const nameOf = (id: string) => ({ w1: 'dl-a-1', w2: 'dl-b-1', w3: 'third' })[id] ?? id;

interface Spec {
  kind?: PrimitiveKind;
  holders?: string[];
  waiters?: (string | [string, number])[];
  value?: number;
}

const waitersOf = (spec: Spec) =>
  (spec.waiters ?? []).map((each) => {
    const [actor, timeoutMs] = typeof each === 'string' ? [each, null] : each;
    return waiting(actor, 0, timeoutMs);
  });

/** A primitive's folded state with only what the graph reads; waits are for ever unless given a timeout (ms). */
function prim(name: string, spec: Spec): PrimitiveEntry {
  const kind = spec.kind ?? 'Lock';
  const holders = (spec.holders ?? []).map((actor) => held(actor));
  if (kind === 'Lock' || kind === 'RLock') return entry(name, kind, { holder: holders[0] ?? null, waiters: waitersOf(spec) });
  return entry(name, kind, { holders, waiters: waitersOf(spec), value: spec.value ?? 0 });
}

/** The same primitive as the broker's snapshot, for the host's deadlock finder (wait-for.ts), which reads snapshots. */
function snap(name: string, spec: Spec): PrimitiveSnapshot {
  const kind = spec.kind ?? 'Lock';
  return {
    ...emptySnapshot(name, kind),
    holders: (spec.holders ?? []).map((workerId) => ({ workerId, since: 0, count: 1 })),
    waiters: (spec.waiters ?? []).map((waiter) => {
      const [workerId, timeoutMs] = typeof waiter === 'string' ? [waiter, null] : waiter;
      return { workerId, op: 'acquire' as const, since: 0, timeoutMs };
    }),
    value: spec.value ?? (kind.endsWith('Semaphore') ? 0 : null),
  };
}

/** The broker's snapshot of the same state, for the host's deadlock finder (wait-for.ts reads snapshots). */
function asSnapshot(primitive: PrimitiveEntry): PrimitiveSnapshot {
  const people = peopleOf(primitive);
  const value = primitive.state.kind === 'Semaphore' || primitive.state.kind === 'BoundedSemaphore' ? primitive.state.value : undefined;
  return snap(primitive.name, {
    kind: primitive.kind,
    holders: people.holders.map((holder) => holder.actor),
    waiters: people.waiters.map((waiter) => (waiter.timeoutMs === null ? waiter.actor : [waiter.actor, waiter.timeoutMs])),
    ...(value === undefined ? {} : { value }),
  });
}

const ids = (from: number, to: number, prefix = 'w') => Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${from + i}`);

/** The node's box as drawn, after the drawing's own move and scale. */
function drawnBox(graph: WaitGraph, node: GraphNode) {
  const { dx, dy, scale } = graph.transform;
  return { left: dx + (node.x - node.halfWidth) * scale, right: dx + (node.x + node.halfWidth) * scale, top: dy + (node.y - node.halfHeight) * scale, bottom: dy + (node.y + node.halfHeight) * scale };
}

/** Readable: every node inside the drawing, none on top of another, text at the page's size. */
function expectReadable(graph: WaitGraph, box: { width: number; height: number }): void {
  expect(graph.transform.scale).toBe(1);
  const boxes = graph.nodes.map((node) => ({ id: node.id, ...drawnBox(graph, node) }));
  for (const each of boxes) {
    expect(each.left, each.id).toBeGreaterThanOrEqual(0);
    expect(each.right, each.id).toBeLessThanOrEqual(box.width);
    expect(each.top, each.id).toBeGreaterThanOrEqual(0);
    expect(each.bottom, each.id).toBeLessThanOrEqual(box.height);
  }
  for (const [index, a] of boxes.entries()) {
    for (const b of boxes.slice(index + 1)) {
      const apart = a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top;
      expect(apart, `${a.id} overlaps ${b.id}`).toBe(true);
    }
  }
}

describe('the wait-for graph layout', () => {
  it('is empty when no one waits for what another holds', () => {
    expect(layoutWaitGraph([], null, size, nameOf)).toMatchObject({ nodes: [], arrows: [] });
    expect(layoutWaitGraph([prim('L', { holders: ['w1'] }), prim('S', { kind: 'Semaphore', waiters: ['w2'] })], null, size, nameOf).nodes).toEqual([]);
  });

  it('puts two workers face to face and bows their arrows apart, the cycle marked', () => {
    const primitives = [prim('lockA', { holders: ['w1'], waiters: ['w2'] }), prim('lockB', { holders: ['w2'], waiters: ['w1'] })];
    const graph = layoutWaitGraph(primitives, findDeadlock(primitives.map(asSnapshot)), size, nameOf);
    const [a, b] = graph.nodes;
    expect(a).toMatchObject({ id: 'w1', type: 'worker', label: 'dl-a-1', inCycle: true });
    expect(b).toMatchObject({ id: 'w2', inCycle: true });
    expect(a!.y).toBeCloseTo(b!.y);
    expect(a!.x).toBeLessThan(b!.x);
    expectReadable(graph, size);
    expect(graph.arrows.map((arrow) => [arrow.from, arrow.to, arrow.label, arrow.inCycle])).toEqual([
      ['w2', 'w1', 'lockA', true],
      ['w1', 'w2', 'lockB', true],
    ]);
    // One above the line between them, the other below: both labels readable.
    const [lockA, lockB] = graph.arrows;
    expect(Math.sign(lockA!.labelY - a!.y)).toBe(-Math.sign(lockB!.labelY - a!.y));
    expect(graph.words).toBe('dl-b-1 waits for lockA held by dl-a-1; dl-a-1 waits for lockB held by dl-b-1');
  });

  it('merges two waits between the same pair into one arrow, and dashes waits that time out', () => {
    const graph = layoutWaitGraph([prim('lockA', { holders: ['w2'], waiters: [['w1', 1000]] }), prim('lockB', { holders: ['w2'], waiters: [['w1', 2000]] }), prim('lockC', { holders: ['w3'], waiters: ['w2'] })], null, size, nameOf);
    expect(graph.nodes.map((node) => node.id)).toEqual(['w1', 'w2', 'w3']);
    expect(graph.arrows.map((arrow) => [arrow.label, arrow.timed, arrow.inCycle])).toEqual([
      ['lockA, lockB', true, false],
      ['lockC', false, false],
    ]);
  });

  it('draws a worker waiting on a lock it holds as a loop', () => {
    const primitives = [prim('lockA', { holders: ['w1'], waiters: ['w1'] })];
    const graph = layoutWaitGraph(primitives, findDeadlock(primitives.map(asSnapshot)), size, nameOf);
    expect(graph.nodes).toHaveLength(1);
    expect(graph.nodes[0]).toMatchObject({ x: 200, y: 100, inCycle: true });
    expect(graph.arrows[0]).toMatchObject({ from: 'w1', to: 'w1', label: 'lockA', inCycle: true });
    expect(graph.arrows[0]!.path).toMatch(/^M .* C /);
  });

  it('draws Semaphore(5) with 20 workers as waiters -> pool -> holders, folding what does not fit', () => {
    const primitives = [prim('pool', { kind: 'Semaphore', holders: ids(1, 5, 'worker-'), waiters: ids(6, 20, 'worker-') })];
    const graph = layoutWaitGraph(primitives, findDeadlock(primitives.map(asSnapshot)), PANEL, nameOf);
    const rows = rowsThatFit(PANEL.height);
    const pool = graph.nodes.find((node) => node.type === 'primitive')!;
    expect(pool).toMatchObject({ id: 'primitive:pool', name: 'pool', detail: '0 of 5 free' });
    const waiting = graph.nodes.find((node) => node.type === 'group' && node.role === 'waiting');
    expect(waiting).toMatchObject({ label: `+${15 - (rows - 1)} waiting` });
    // One arrow per drawn worker (or fold), none between workers: the 75 arrows of before are gone.
    expect(graph.arrows.length).toBeLessThanOrEqual(2 * rows);
    expect(graph.arrows.every((arrow) => arrow.from === pool.id || arrow.to === pool.id)).toBe(true);
    expect(graph.arrows.some((arrow) => arrow.label !== null)).toBe(false);
    // Waiters on its left, holders on its right.
    for (const arrow of graph.arrows) {
      const other = graph.nodes.find((node) => node.id === (arrow.from === pool.id ? arrow.to : arrow.from))!;
      if (arrow.to === pool.id) expect(other.x).toBeLessThan(pool.x);
      else expect(other.x).toBeGreaterThan(pool.x);
    }
    expectReadable(graph, PANEL);
    expect(graph.words).toContain('wait for pool held by worker-1, worker-2, worker-3, worker-4 and worker-5');
    // Every worker is still named somewhere: drawn, or in a fold's list.
    const named = graph.nodes.flatMap((node) => (node.type === 'worker' ? [node.label] : node.type === 'group' ? node.names : []));
    expect(new Set(named)).toEqual(new Set(ids(1, 20, 'worker-')));
  });

  it('draws a lock many wait for as a node too, at 20+ waiters', () => {
    const primitives = [prim('lockA', { holders: ['w1'], waiters: ids(2, 25) })];
    const graph = layoutWaitGraph(primitives, null, PANEL, nameOf);
    expect(graph.nodes.filter((node) => node.type === 'worker').length).toBeLessThanOrEqual(rowsThatFit(PANEL.height) + 1);
    expect(graph.nodes.find((node) => node.type === 'group')).toMatchObject({ role: 'waiting', names: expect.arrayContaining(['w25']) });
    expectReadable(graph, PANEL);
  });

  it('always draws a deadlock through a semaphore in full and in red, however many others wait', () => {
    // w2 and w3 hold the pool's units and wait for L, which w1 holds while it waits for the pool.
    const primitives = [prim('pool', { kind: 'Semaphore', holders: ['w2', 'w3'], waiters: ['w1', ...ids(10, 30)] }), prim('L', { holders: ['w1'], waiters: ['w2', 'w3'] })];
    const cycle = findDeadlock(primitives.map(asSnapshot))!;
    expect(cycle.map((step) => step.workerId)).toEqual(['w1', 'w2']);
    const graph = layoutWaitGraph(primitives, cycle, PANEL, nameOf);
    const red = graph.arrows.filter((arrow) => arrow.inCycle).map((arrow) => `${arrow.from}->${arrow.to}`);
    expect(red.sort()).toEqual(['primitive:L->w1', 'primitive:pool->w2', 'w1->primitive:pool', 'w2->primitive:L'].sort());
    expect(graph.nodes.filter((node) => node.inCycle).map((node) => node.id).sort()).toEqual(['primitive:L', 'primitive:pool', 'w1', 'w2']);
    expect(graph.nodes.find((node) => node.type === 'group')).toMatchObject({ role: 'waiting', primitive: 'pool' });
    expect(graph.nodes.some((node) => node.id === 'w3')).toBe(true);
    for (const node of graph.nodes) {
      const box = drawnBox(graph, node);
      expect(box.left).toBeGreaterThanOrEqual(0);
      expect(box.right).toBeLessThanOrEqual(PANEL.width);
    }
  });

  it('ends arrows on the border of a pill', () => {
    const node = { x: 100, y: 100, halfWidth: 40, halfHeight: 17 };
    expect(borderPoint(node, 300, 100)).toEqual({ x: 140, y: 100 });
    expect(borderPoint(node, 100, 0)).toEqual({ x: 100, y: 83 });
  });
});
