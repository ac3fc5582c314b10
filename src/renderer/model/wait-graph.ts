import type { CycleStep } from '../../shared/sync';
import type { PrimitiveEntry } from './primitive-list';
import { layoutCircle } from './wait-graph-circle';
import { layoutLayered } from './wait-graph-layered';
import { CHAR_WIDTH, CIRCLE_MAX_WORKERS, IDENTITY, MARGIN, NODE_GAP, NODE_HEIGHT, NODE_PADDING, PRIMITIVE_HEIGHT, SMALL_CHAR_WIDTH, type GraphSize, type WaitGraph } from './wait-graph-geometry';
import { waitGraphModel, type GraphJoin, type ModelNode } from './wait-graph-model';

export type { GraphArrow, GraphNode, GraphSize, GraphTransform, WaitGraph } from './wait-graph-geometry';
export { borderPoint } from './wait-graph-geometry';

/**
 * The wait-for graph laid out for drawing. Workers waiting on each other through Locks only (the classic
 * deadlock) sit on a circle, arrows bowed so that a -> b and b -> a both show; as soon as a primitive is a
 * node of its own (a semaphore, a lock with many waiters) the graph is drawn in layers from left to right:
 * waiters, the primitive, its holders. Pure geometry, so it is tested without a DOM.
 */

/** How many nodes fit one above the other in a drawing this tall. */
export function rowsThatFit(height: number): number {
  return Math.max(2, Math.floor((height - 2 * MARGIN + NODE_GAP) / (NODE_HEIGHT + NODE_GAP)));
}

export function layoutWaitGraph(
  primitives: readonly PrimitiveEntry[],
  cycle: readonly CycleStep[] | null,
  size: GraphSize,
  nameOf: (workerId: string) => string,
  joins: readonly GraphJoin[] = [],
): WaitGraph {
  const model = waitGraphModel(primitives, cycle, rowsThatFit(size.height), nameOf, joins);
  if (model.nodes.length === 0) return { nodes: [], arrows: [], transform: IDENTITY, words: '' };
  const sized = model.nodes.map((node) => ({ node, ...halfSizeOf(node) }));
  const onlyWorkers = model.nodes.every((node) => node.type === 'worker');
  const layout = onlyWorkers && model.nodes.length <= CIRCLE_MAX_WORKERS ? layoutCircle(sized, model.edges, size) : layoutLayered(sized, model.edges, size);
  return { ...layout, words: model.words };
}

function halfSizeOf(node: ModelNode): { halfWidth: number; halfHeight: number } {
  switch (node.type) {
    case 'worker':
    case 'group':
      return { halfWidth: (node.label.length * CHAR_WIDTH + NODE_PADDING) / 2, halfHeight: NODE_HEIGHT / 2 };
    case 'primitive':
      return { halfWidth: (Math.max(node.name.length * CHAR_WIDTH, node.detail.length * SMALL_CHAR_WIDTH) + NODE_PADDING) / 2, halfHeight: PRIMITIVE_HEIGHT / 2 };
  }
}

