import { ARROWHEAD, borderPoint, IDENTITY, loop, MARGIN, NODE_HEIGHT, round, type GraphArrow, type GraphNode, type GraphSize, type SizedNode, type WaitGraph } from './wait-graph-geometry';
import type { ModelEdge } from './wait-graph-model';

/** How far an arrow bows from the straight line: two workers waiting on each other get two visible arrows. */
const BOW = 26;

const byId = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true });

/**
 * Workers on a circle: every pair of nodes then has a clear line between them, whatever the edges. Two
 * locks between the same pair make one arrow labelled "lockA, lockB".
 */
export function layoutCircle(sized: readonly SizedNode[], edges: readonly ModelEdge[], size: GraphSize): Omit<WaitGraph, 'words'> {
  const pills = [...sized].sort((a, b) => byId(a.node.id, b.node.id));
  const widest = Math.max(0, ...pills.map((pill) => pill.halfWidth));
  const cx = size.width / 2;
  const cy = size.height / 2;
  const rx = Math.max(0, cx - widest - MARGIN);
  const ry = Math.max(0, cy - NODE_HEIGHT / 2 - MARGIN - (pills.length > 2 ? 0 : 8));
  const nodes: GraphNode[] = pills.map((pill, index) => {
    // Start on the left and go round: two workers face each other across the middle, as people draw them.
    const angle = Math.PI + (2 * Math.PI * index) / pills.length;
    const x = pills.length === 1 ? cx : cx + rx * Math.cos(angle);
    const y = pills.length === 1 ? cy : cy + ry * Math.sin(angle);
    return { ...pill.node, x, y, halfWidth: pill.halfWidth, halfHeight: pill.halfHeight };
  });
  const nodeOf = new Map(nodes.map((node) => [node.id, node]));

  const grouped = new Map<string, ModelEdge[]>();
  for (const edge of edges) {
    const key = `${edge.from}->${edge.to}`;
    grouped.set(key, [...(grouped.get(key) ?? []), edge]);
  }
  const arrows: GraphArrow[] = [...grouped.entries()].map(([key, group]) => {
    const first = group[0]!;
    const from = nodeOf.get(first.from)!;
    const to = nodeOf.get(first.to)!;
    return {
      key,
      from: first.from,
      to: first.to,
      label: [...new Set(group.map((edge) => edge.label).filter((label) => label !== null))].join(', '),
      ...(from === to ? loop(from) : bowed(from, to)),
      inCycle: group.some((edge) => edge.inCycle),
      timed: group.every((edge) => edge.timed),
    };
  });
  return { nodes, arrows, transform: IDENTITY };
}

/** A quadratic curve bowed to the right of its direction, so a -> b and b -> a never overlap. */
function bowed(from: GraphNode, to: GraphNode): Pick<GraphArrow, 'path' | 'labelX' | 'labelY'> {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const length = Math.hypot(dx, dy) || 1;
  // The right-hand normal of the direction, in SVG's y-down coordinates.
  const nx = -dy / length;
  const ny = dx / length;
  const control = { x: (from.x + to.x) / 2 + nx * BOW * 2, y: (from.y + to.y) / 2 + ny * BOW * 2 };
  const start = borderPoint(from, control.x, control.y, 2);
  const end = borderPoint(to, control.x, control.y, ARROWHEAD);
  // The curve's midpoint: a quarter of each end and half the control point.
  const labelX = 0.25 * start.x + 0.5 * control.x + 0.25 * end.x;
  const labelY = 0.25 * start.y + 0.5 * control.y + 0.25 * end.y;
  return {
    path: `M ${round(start.x)} ${round(start.y)} Q ${round(control.x)} ${round(control.y)} ${round(end.x)} ${round(end.y)}`,
    labelX: round(labelX),
    labelY: round(labelY),
  };
}
