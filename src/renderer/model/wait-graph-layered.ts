import dagre from '@dagrejs/dagre';
import { ARROWHEAD, loop, MARGIN, NODE_GAP, NODE_HEIGHT, round, type GraphArrow, type GraphNode, type GraphSize, type SizedNode, type WaitGraph } from './wait-graph-geometry';
import type { ModelEdge } from './wait-graph-model';

/** Room between columns: enough for an arrow and its head to read as one. */
const COLUMN_GAP = 32;
/** Two arrows between the same nodes in opposite directions bow apart by this much. */
const TWIN_BOW = 14;
/** A label sits this far above (or below) its arrow: clear of the pills it joins. */
const LABEL_RISE = NODE_HEIGHT / 2 + 8;
const LABEL_HALF_HEIGHT = 9;
const LABEL_CHAR_WIDTH = 8;

type Point = { x: number; y: number };

/**
 * Columns from left to right, laid out by dagre (ranks, crossing reduction, coordinates): whoever waits,
 * then what they wait for, then who holds it. A cycle is closed by an arrow that runs back. Drawn at the
 * page's own text size; only a graph too big for the panel even after folding is scaled down (`transform`).
 */
export function layoutLayered(sized: readonly SizedNode[], edges: readonly ModelEdge[], size: GraphSize): Omit<WaitGraph, 'words'> {
  const graph = new dagre.graphlib.Graph({ multigraph: true });
  graph.setGraph({ rankdir: 'LR', nodesep: NODE_GAP, ranksep: COLUMN_GAP, edgesep: 10, marginx: 0, marginy: 0 });
  for (const { node, halfWidth, halfHeight } of sized) graph.setNode(node.id, { width: halfWidth * 2, height: halfHeight * 2 });
  const drawn = edges.filter((edge) => edge.from !== edge.to);
  // No room is asked for labels: dagre would give each its own column, and four columns do not fit at
  // 1280x720. A label goes above its arrow instead (labelAbove).
  for (const edge of drawn) graph.setEdge(edge.from, edge.to, {}, edge.key);
  dagre.layout(graph);

  // Laid out at the page's text size, centred; scaled down (text and all) only if it cannot fit.
  const { width = 0, height = 0 } = graph.graph();
  const scale = Math.min(1, (size.width - 2 * MARGIN) / Math.max(1, width), (size.height - 2 * MARGIN) / Math.max(1, height));
  const transform = { dx: round((size.width - width * scale) / 2), dy: round((size.height - height * scale) / 2), scale: Math.round(scale * 1000) / 1000 };

  const placed: GraphNode[] = sized.map(({ node, halfWidth, halfHeight }) => {
    const at = graph.node(node.id) as Point;
    return { ...node, x: at.x, y: at.y, halfWidth, halfHeight };
  });
  const { nodes, moved } = inReadingOrder(placed, drawn);
  const nodeOf = new Map(nodes.map((node) => [node.id, node]));
  const pairs = new Set(drawn.map((edge) => `${edge.from}->${edge.to}`));

  const routes = new Map<string, Point[]>();
  for (const edge of drawn) {
    const from = nodeOf.get(edge.from)!;
    const to = nodeOf.get(edge.to)!;
    // a -> b and b -> a share their ends once dagre has turned one round: bow them to either side.
    const twin = pairs.has(`${edge.to}->${edge.from}`) ? (edge.from < edge.to ? 1 : -1) : 0;
    const laid = moved.has(edge.from) || moved.has(edge.to) ? [{ x: from.x, y: from.y }, { x: to.x, y: to.y }] : (graph.edge(edge.from, edge.to, edge.key) as { points: Point[] }).points;
    routes.set(edge.key, bow(laid, twin * TWIN_BOW));
  }
  const arrows: GraphArrow[] = edges.map((edge) => {
    const common = { key: edge.key, from: edge.from, to: edge.to, label: edge.label, inCycle: edge.inCycle, timed: edge.timed };
    if (edge.from === edge.to) return { ...common, ...loop(nodeOf.get(edge.from)!) };
    const points = routes.get(edge.key)!;
    const shape = moved.has(edge.from) || moved.has(edge.to) ? between(nodeOf.get(edge.from)!, nodeOf.get(edge.to)!) : { path: smoothPath(trimEnd(points, ARROWHEAD)), labelX: 0, labelY: 0 };
    const others = [...routes].flatMap(([key, route]) => (key === edge.key ? [] : [route]));
    const labelAt = edge.label === null ? { x: shape.labelX, y: shape.labelY } : labelBeside(points, edge.label, others, nodes);
    return { ...common, path: shape.path, labelX: round(labelAt.x), labelY: round(labelAt.y) };
  });
  return { nodes, arrows, transform };
}

/**
 * A column of leaves around one node (a pool's waiters, its holders) read top to bottom in the model's
 * order: workers by id, the "+12 waiting" fold last. Dagre orders a column to cross fewer lines, which for
 * leaves of one node is any order; it tends to give them upside down.
 */
/** `moved`: the nodes of the columns put in order, whose arrows are drawn again (see `between`). */
function inReadingOrder(nodes: readonly GraphNode[], edges: readonly ModelEdge[]): { nodes: GraphNode[]; moved: Set<string> } {
  const neighbours = new Map<string, Set<string>>();
  for (const edge of edges) {
    neighbours.set(edge.from, (neighbours.get(edge.from) ?? new Set()).add(edge.to));
    neighbours.set(edge.to, (neighbours.get(edge.to) ?? new Set()).add(edge.from));
  }
  const columns = new Map<number, GraphNode[]>();
  for (const node of nodes) columns.set(Math.round(node.x), [...(columns.get(Math.round(node.x)) ?? []), node]);
  const placed = new Map(nodes.map((node) => [node.id, node]));
  const moved = new Set<string>();
  const order = new Map(nodes.map((node, index) => [node.id, index]));
  for (const column of columns.values()) {
    const hubs = new Set(column.flatMap((node) => [...(neighbours.get(node.id) ?? [])]));
    const leaves = column.every((node) => neighbours.get(node.id)?.size === 1);
    if (column.length < 2 || !leaves || hubs.size !== 1) continue;
    const slots = column.map((node) => node.y).sort((a, b) => a - b);
    const wanted = [...column].sort((a, b) => order.get(a.id)! - order.get(b.id)!);
    wanted.forEach((node, index) => {
      placed.set(node.id, { ...node, y: slots[index]! });
      moved.add(node.id);
    });
  }
  return { nodes: nodes.map((node) => placed.get(node.id)!), moved };
}

/** An arrow between nodes in neighbouring columns: a curve leaving and arriving level, border to border. */
function between(from: GraphNode, to: GraphNode): Pick<GraphArrow, 'path' | 'labelX' | 'labelY'> {
  const direction = to.x >= from.x ? 1 : -1;
  const start = { x: from.x + direction * from.halfWidth, y: from.y };
  const end = { x: to.x - direction * (to.halfWidth + ARROWHEAD), y: to.y };
  const reach = (end.x - start.x) / 2;
  const path = `M ${round(start.x)} ${round(start.y)} C ${round(start.x + reach)} ${round(start.y)} ${round(end.x - reach)} ${round(end.y)} ${round(end.x)} ${round(end.y)}`;
  return { path, labelX: round((start.x + end.x) / 2), labelY: round((start.y + end.y) / 2) };
}

/** The inner points moved sideways (to the right of the direction) by `by`; the ends stay on their nodes. */
function bow(points: readonly Point[], by: number): Point[] {
  if (by === 0 || points.length < 2) return [...points];
  const first = points[0]!;
  const last = points.at(-1)!;
  const inner = points.length === 2 ? [{ x: (first.x + last.x) / 2, y: (first.y + last.y) / 2 }] : points.slice(1, -1);
  return [first, ...inner.map((point) => offset(point, points, by)), last];
}

function offset(point: Point, points: readonly Point[], by: number): Point {
  const first = points[0]!;
  const last = points.at(-1)!;
  const length = Math.hypot(last.x - first.x, last.y - first.y) || 1;
  return { x: point.x - ((last.y - first.y) / length) * by, y: point.y + ((last.x - first.x) / length) * by };
}

/**
 * Where an arrow's label goes: above or below the middle of the arrow, clear of the nodes it joins, so that
 * it needs no room between the columns; of the two, the side that fewer other arrows and nodes cross.
 */
function labelBeside(points: readonly Point[], label: string, others: readonly (readonly Point[])[], nodes: readonly GraphNode[]): Point {
  const first = points[0]!;
  const last = points.at(-1)!;
  const at = points.length % 2 === 1 ? points[Math.floor(points.length / 2)]! : { x: (first.x + last.x) / 2, y: (first.y + last.y) / 2 };
  const halfWidth = (label.length * LABEL_CHAR_WIDTH) / 2 + 4;
  const crowding = (centre: Point) => {
    const inside = (point: Point) => Math.abs(point.x - centre.x) <= halfWidth && Math.abs(point.y - centre.y) <= LABEL_HALF_HEIGHT;
    const crossings = others.reduce((sum, route) => sum + along(route).filter(inside).length, 0);
    const covered = nodes.filter((node) => Math.abs(node.x - centre.x) < node.halfWidth + halfWidth && Math.abs(node.y - centre.y) < node.halfHeight + LABEL_HALF_HEIGHT).length;
    return crossings + 100 * covered;
  };
  const above = { x: at.x, y: at.y - LABEL_RISE };
  const below = { x: at.x, y: at.y + LABEL_RISE };
  return crowding(below) < crowding(above) ? below : above;
}

/** Points every few pixels along a route, to tell what a label would sit on. */
function along(route: readonly Point[]): Point[] {
  const points: Point[] = [];
  for (let index = 1; index < route.length; index++) {
    const a = route[index - 1]!;
    const b = route[index]!;
    const steps = Math.max(1, Math.ceil(Math.hypot(b.x - a.x, b.y - a.y) / 4));
    for (let step = 0; step <= steps; step++) points.push({ x: a.x + ((b.x - a.x) * step) / steps, y: a.y + ((b.y - a.y) * step) / steps });
  }
  return points;
}

/** The last point moved back towards the one before by `by`, so the arrowhead drawn beyond it ends on the node. */
function trimEnd(points: readonly Point[], by: number): Point[] {
  if (points.length < 2) return [...points];
  const end = points.at(-1)!;
  const before = points.at(-2)!;
  const length = Math.hypot(end.x - before.x, end.y - before.y);
  if (length <= by) return [...points];
  const kept = (length - by) / length;
  return [...points.slice(0, -1), { x: before.x + (end.x - before.x) * kept, y: before.y + (end.y - before.y) * kept }];
}

/** Straight between two points; through more, a smooth curve that passes the inner points' midpoints. */
function smoothPath(points: readonly Point[]): string {
  const at = (point: Point) => `${round(point.x)} ${round(point.y)}`;
  if (points.length <= 2) return `M ${points.map(at).join(' L ')}`;
  let path = `M ${at(points[0]!)}`;
  for (let index = 1; index < points.length - 1; index++) {
    const point = points[index]!;
    const next = points[index + 1]!;
    const isLast = index === points.length - 2;
    const end = isLast ? next : { x: (point.x + next.x) / 2, y: (point.y + next.y) / 2 };
    path += ` Q ${at(point)} ${at(end)}`;
  }
  return path;
}
