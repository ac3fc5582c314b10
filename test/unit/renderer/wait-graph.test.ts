import { describe, expect, it } from 'vitest';
import { borderPoint, layoutWaitGraph } from '../../../src/renderer/model/wait-graph';
import type { WaitEdge } from '../../../src/shared/wait-for';

const size = { width: 400, height: 200 };
const nameOf = (id: string) => ({ w1: 'dl-a-1', w2: 'dl-b-1', w3: 'third' })[id] ?? id;
const edge = (from: string, to: string, primitive: string, timeoutMs: number | null = null): WaitEdge => ({ from, to, primitive, timeoutMs });

describe('the wait-for graph layout', () => {
  it('is empty when no one waits', () => {
    expect(layoutWaitGraph([], null, size, nameOf)).toEqual({ nodes: [], arrows: [] });
  });

  it('puts two workers face to face and bows their arrows apart, the cycle marked', () => {
    const cycle = [
      { workerId: 'w1', primitive: 'lockB', heldBy: 'w2' },
      { workerId: 'w2', primitive: 'lockA', heldBy: 'w1' },
    ];
    const graph = layoutWaitGraph([edge('w2', 'w1', 'lockA'), edge('w1', 'w2', 'lockB')], cycle, size, nameOf);
    const [a, b] = graph.nodes;
    expect(a).toMatchObject({ id: 'w1', label: 'dl-a-1', inCycle: true });
    expect(b).toMatchObject({ id: 'w2', inCycle: true });
    expect(a!.y).toBeCloseTo(b!.y);
    expect(a!.x).toBeLessThan(b!.x);
    // Every pill inside the drawing.
    for (const node of graph.nodes) {
      expect(node.x - node.halfWidth).toBeGreaterThanOrEqual(0);
      expect(node.x + node.halfWidth).toBeLessThanOrEqual(size.width);
    }
    expect(graph.arrows.map((arrow) => [arrow.from, arrow.to, arrow.label, arrow.inCycle])).toEqual([
      ['w2', 'w1', 'lockA', true],
      ['w1', 'w2', 'lockB', true],
    ]);
    // One above the line between them, the other below: both labels readable.
    const [lockA, lockB] = graph.arrows;
    expect(Math.sign(lockA!.labelY - a!.y)).toBe(-Math.sign(lockB!.labelY - a!.y));
  });

  it('merges two waits between the same pair into one arrow, and dashes waits that time out', () => {
    const graph = layoutWaitGraph([edge('w1', 'w2', 'lockA', 1000), edge('w1', 'w2', 'lockB', 2000), edge('w3', 'w2', 'lockA')], null, size, nameOf);
    expect(graph.nodes.map((node) => node.id)).toEqual(['w1', 'w2', 'w3']);
    expect(graph.arrows.map((arrow) => [arrow.label, arrow.timed, arrow.inCycle])).toEqual([
      ['lockA, lockB', true, false],
      ['lockA', false, false],
    ]);
  });

  it('draws a worker waiting on itself as a loop', () => {
    const graph = layoutWaitGraph([], [{ workerId: 'w1', primitive: 'lockA', heldBy: 'w1' }], size, nameOf);
    expect(graph.nodes).toHaveLength(1);
    expect(graph.nodes[0]).toMatchObject({ x: 200, y: 100, inCycle: true });
    expect(graph.arrows[0]).toMatchObject({ from: 'w1', to: 'w1', label: 'lockA', inCycle: true });
    expect(graph.arrows[0]!.path).toMatch(/^M .* C /);
  });

  it('ends arrows on the border of a pill', () => {
    const node = { id: 'w1', label: 'w1', x: 100, y: 100, halfWidth: 40, halfHeight: 17, inCycle: false };
    expect(borderPoint(node, 300, 100)).toEqual({ x: 140, y: 100 });
    expect(borderPoint(node, 100, 0)).toEqual({ x: 100, y: 83 });
  });
});
