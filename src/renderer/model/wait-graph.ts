import type { CycleStep } from '../../shared/sync';
import type { WaitEdge } from '../../shared/wait-for';

/**
 * The wait-for graph laid out for drawing: workers on a circle (every pair of nodes then has a clear line
 * between them, whatever the edges), arrows from the waiter to the holder labelled with the primitive,
 * and the deadlock's cycle marked. Pure geometry, so it is tested without a DOM.
 */

export interface GraphSize {
  readonly width: number;
  readonly height: number;
}

export interface GraphNode {
  readonly id: string;
  readonly label: string;
  /** Centre and half-sizes of the node's pill. */
  readonly x: number;
  readonly y: number;
  readonly halfWidth: number;
  readonly halfHeight: number;
  readonly inCycle: boolean;
}

export interface GraphArrow {
  readonly key: string;
  readonly from: string;
  readonly to: string;
  /** The primitives this wait is on, as the label reads: "lockB". */
  readonly label: string;
  /** SVG path data, trimmed to the nodes' borders so the arrowhead touches the holder. */
  readonly path: string;
  readonly labelX: number;
  readonly labelY: number;
  readonly inCycle: boolean;
  /** Every wait on it has a timeout: it will end by itself (drawn dashed). */
  readonly timed: boolean;
}

export interface WaitGraph {
  readonly nodes: readonly GraphNode[];
  readonly arrows: readonly GraphArrow[];
}

const NODE_HEIGHT = 34;
/** Roughly the width of one character of a 14 px label; the pill grows with the name. */
const CHAR_WIDTH = 8.2;
const NODE_PADDING = 24;
/** How far an arrow bows from the straight line: two workers waiting on each other get two visible arrows. */
const BOW = 26;
/** Room kept around the circle for labels and pills. */
const MARGIN = 12;

const byId = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true });

interface Wait {
  readonly from: string;
  readonly to: string;
  readonly primitive: string;
  readonly timed: boolean;
}

/** A cycle step that is not an edge (a worker waiting on itself) still has to be drawn: as a loop. */
function waitsOf(edges: readonly WaitEdge[], cycle: readonly CycleStep[]): Wait[] {
  const waits: Wait[] = edges.map((edge) => ({ from: edge.from, to: edge.to, primitive: edge.primitive, timed: edge.timeoutMs !== null }));
  for (const step of cycle) {
    if (!waits.some((wait) => wait.from === step.workerId && wait.to === step.heldBy && wait.primitive === step.primitive)) {
      waits.push({ from: step.workerId, to: step.heldBy, primitive: step.primitive, timed: false });
    }
  }
  return waits;
}

export function layoutWaitGraph(edges: readonly WaitEdge[], cycle: readonly CycleStep[] | null, size: GraphSize, nameOf: (workerId: string) => string): WaitGraph {
  const steps = cycle ?? [];
  const waits = waitsOf(edges, steps);
  const ids = [...new Set(waits.flatMap((wait) => [wait.from, wait.to]))].sort(byId);
  const inCycleNode = new Set(steps.flatMap((step) => [step.workerId, step.heldBy]));
  const stepInCycle = (from: string, to: string, primitive: string) => steps.some((step) => step.workerId === from && step.heldBy === to && step.primitive === primitive);

  const pills = ids.map((id) => {
    const label = nameOf(id);
    return { id, label, halfWidth: (label.length * CHAR_WIDTH + NODE_PADDING) / 2, halfHeight: NODE_HEIGHT / 2 };
  });
  const widest = Math.max(0, ...pills.map((pill) => pill.halfWidth));
  const cx = size.width / 2;
  const cy = size.height / 2;
  const rx = Math.max(0, cx - widest - MARGIN);
  const ry = Math.max(0, cy - NODE_HEIGHT / 2 - MARGIN - (ids.length > 2 ? 0 : 8));
  const nodes: GraphNode[] = pills.map((pill, index) => {
    // Start on the left and go round: two workers face each other across the middle, as people draw them.
    const angle = Math.PI + (2 * Math.PI * index) / pills.length;
    const x = pills.length === 1 ? cx : cx + rx * Math.cos(angle);
    const y = pills.length === 1 ? cy : cy + ry * Math.sin(angle);
    return { ...pill, x, y, inCycle: inCycleNode.has(pill.id) };
  });
  const nodeOf = new Map(nodes.map((node) => [node.id, node]));

  // One arrow per waiter and holder: two locks between the same pair read "lockA, lockB".
  const grouped = new Map<string, Wait[]>();
  for (const wait of waits) {
    const key = `${wait.from}->${wait.to}`;
    grouped.set(key, [...(grouped.get(key) ?? []), wait]);
  }
  const arrows: GraphArrow[] = [...grouped.entries()].map(([key, group]) => {
    const first = group[0]!;
    const from = nodeOf.get(first.from)!;
    const to = nodeOf.get(first.to)!;
    const shape = from === to ? loop(from) : bowed(from, to);
    return {
      key,
      from: first.from,
      to: first.to,
      label: [...new Set(group.map((wait) => wait.primitive))].join(', '),
      ...shape,
      inCycle: group.some((wait) => stepInCycle(wait.from, wait.to, wait.primitive)),
      timed: group.every((wait) => wait.timed),
    };
  });
  return { nodes, arrows };
}

/** Where the ray from a pill's centre towards (tx, ty) leaves the pill (treated as its rectangle). */
export function borderPoint(node: GraphNode, tx: number, ty: number, gap = 0): { x: number; y: number } {
  const dx = tx - node.x;
  const dy = ty - node.y;
  const length = Math.hypot(dx, dy);
  if (length === 0) return { x: node.x, y: node.y };
  const scale = Math.min(dx === 0 ? Infinity : node.halfWidth / Math.abs(dx), dy === 0 ? Infinity : node.halfHeight / Math.abs(dy));
  return { x: node.x + dx * scale + (dx / length) * gap, y: node.y + dy * scale + (dy / length) * gap };
}

const round = (value: number) => Math.round(value * 10) / 10;

/** A quadratic curve bowed to the right of its direction, so a → b and b → a never overlap. */
function bowed(from: GraphNode, to: GraphNode): Pick<GraphArrow, 'path' | 'labelX' | 'labelY'> {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const length = Math.hypot(dx, dy) || 1;
  // The right-hand normal of the direction, in SVG's y-down coordinates.
  const nx = -dy / length;
  const ny = dx / length;
  const control = { x: (from.x + to.x) / 2 + nx * BOW * 2, y: (from.y + to.y) / 2 + ny * BOW * 2 };
  const start = borderPoint(from, control.x, control.y, 2);
  // The arrowhead is drawn beyond the path's end: stop short of the border by its length.
  const end = borderPoint(to, control.x, control.y, 9);
  // The curve's midpoint: a quarter of each end and half the control point.
  const labelX = 0.25 * start.x + 0.5 * control.x + 0.25 * end.x;
  const labelY = 0.25 * start.y + 0.5 * control.y + 0.25 * end.y;
  return {
    path: `M ${round(start.x)} ${round(start.y)} Q ${round(control.x)} ${round(control.y)} ${round(end.x)} ${round(end.y)}`,
    labelX: round(labelX),
    labelY: round(labelY),
  };
}

/** A worker waiting for what it holds itself (a Lock taken twice): a loop over its pill. */
function loop(node: GraphNode): Pick<GraphArrow, 'path' | 'labelX' | 'labelY'> {
  const top = node.y - node.halfHeight;
  const spread = Math.min(node.halfWidth * 0.6, 24);
  return {
    path: `M ${round(node.x - spread)} ${round(top - 2)} C ${round(node.x - spread * 2.4)} ${round(top - 46)} ${round(node.x + spread * 2.4)} ${round(top - 46)} ${round(node.x + spread)} ${round(top - 9)}`,
    labelX: round(node.x),
    labelY: round(top - 40),
  };
}
