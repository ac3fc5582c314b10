import type { ModelNode } from './wait-graph-model';

/** The shapes of the wait-for graph's drawing and the geometry its two layouts share. */

export interface GraphSize {
  readonly width: number;
  readonly height: number;
}

/** A node with its place: centre and half-sizes of its shape. */
export type GraphNode = ModelNode & {
  readonly x: number;
  readonly y: number;
  readonly halfWidth: number;
  readonly halfHeight: number;
};

export interface GraphArrow {
  readonly key: string;
  /** Node ids (a worker's node id is its worker id). */
  readonly from: string;
  readonly to: string;
  /** The primitives this arrow stands for ("lockA, lockB"), or null on an arrow to or from a primitive's node. */
  readonly label: string | null;
  /** SVG path data, trimmed to the nodes' borders so the arrowhead touches the target. */
  readonly path: string;
  readonly labelX: number;
  readonly labelY: number;
  readonly inCycle: boolean;
  /** Every wait on it has a timeout: it will end by itself (drawn dashed). */
  readonly timed: boolean;
}

/** Where the drawing goes in its box: moved by (dx, dy), then scaled (1 unless it could not fit). */
export interface GraphTransform {
  readonly dx: number;
  readonly dy: number;
  readonly scale: number;
}

export const IDENTITY: GraphTransform = { dx: 0, dy: 0, scale: 1 };

export interface WaitGraph {
  readonly nodes: readonly GraphNode[];
  readonly arrows: readonly GraphArrow[];
  readonly transform: GraphTransform;
  /** The graph in words, every worker named. */
  readonly words: string;
}

export const NODE_HEIGHT = 30;
export const PRIMITIVE_HEIGHT = 42;
/** Vertical room between two nodes of one column. */
export const NODE_GAP = 8;
/** Room kept around the drawing. */
export const MARGIN = 10;
/** Roughly the width of one character of a 14 px label; a pill grows with its name. */
export const CHAR_WIDTH = 8.2;
export const SMALL_CHAR_WIDTH = 7;
export const NODE_PADDING = 24;
/** The circle is for a few workers; past this many, columns read better. */
export const CIRCLE_MAX_WORKERS = 8;

export interface SizedNode {
  readonly node: ModelNode;
  readonly halfWidth: number;
  readonly halfHeight: number;
}

/** Where the ray from a node's centre towards (tx, ty) leaves it (treated as its rectangle), `gap` beyond. */
export function borderPoint(node: Pick<GraphNode, 'x' | 'y' | 'halfWidth' | 'halfHeight'>, tx: number, ty: number, gap = 0): { x: number; y: number } {
  const dx = tx - node.x;
  const dy = ty - node.y;
  const length = Math.hypot(dx, dy);
  if (length === 0) return { x: node.x, y: node.y };
  const scale = Math.min(dx === 0 ? Infinity : node.halfWidth / Math.abs(dx), dy === 0 ? Infinity : node.halfHeight / Math.abs(dy));
  return { x: node.x + dx * scale + (dx / length) * gap, y: node.y + dy * scale + (dy / length) * gap };
}

export const round = (value: number) => Math.round(value * 10) / 10;

/** The arrowhead is drawn beyond a path's end: paths stop this far short of their target. */
export const ARROWHEAD = 9;

/** A node waiting for what it holds itself (a Lock taken twice): a loop over its top. */
export function loop(node: Pick<GraphNode, 'x' | 'y' | 'halfWidth' | 'halfHeight'>): Pick<GraphArrow, 'path' | 'labelX' | 'labelY'> {
  const top = node.y - node.halfHeight;
  const spread = Math.min(node.halfWidth * 0.6, 24);
  return {
    path: `M ${round(node.x - spread)} ${round(top - 2)} C ${round(node.x - spread * 2.4)} ${round(top - 46)} ${round(node.x + spread * 2.4)} ${round(top - 46)} ${round(node.x + spread)} ${round(top - 9)}`,
    labelX: round(node.x),
    labelY: round(top - 40),
  };
}
