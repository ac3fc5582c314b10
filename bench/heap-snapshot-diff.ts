import { readFileSync } from 'node:fs';

/**
 * What grew between two heap snapshots of the page (Chromium's .heapsnapshot JSON): objects counted and
 * summed by type and constructor name, the biggest growth first, and the retainer paths of a few objects
 * of one kind that are in the second snapshot only. Used to find what the page soak's heap kept (docs/
 * page-performance.md); `page-heap-snapshots.ts` takes the snapshots. Not a benchmark: a diagnosis.
 *
 *   npx tsx bench/heap-snapshot-diff.ts A.heapsnapshot B.heapsnapshot ['concatenated string']
 */

interface Snapshot {
  readonly nodes: readonly number[];
  readonly edges: readonly number[];
  readonly strings: readonly string[];
  readonly nodeFields: number;
  readonly edgeFields: number;
  readonly nodeTypes: readonly string[];
  readonly edgeTypes: readonly string[];
  readonly count: number;
  /** Index into `edges` of each node's first edge (and of the end, at `count`). */
  readonly firstEdge: Uint32Array;
}

interface RawSnapshot {
  snapshot: { meta: { node_fields: string[]; edge_fields: string[]; node_types: [string[]]; edge_types: [string[]] } };
  nodes: number[];
  edges: number[];
  strings: string[];
}

// Node fields: type, name, id, self_size, edge_count, ...; edge fields: type, name_or_index, to_node.
const TYPE = 0;
const NAME = 1;
const ID = 2;
const SELF_SIZE = 3;
const EDGE_COUNT = 4;

function load(file: string): Snapshot {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as RawSnapshot;
  const { meta } = raw.snapshot;
  const nodeFields = meta.node_fields.length;
  const edgeFields = meta.edge_fields.length;
  const count = raw.nodes.length / nodeFields;
  const firstEdge = new Uint32Array(count + 1);
  for (let node = 0, edge = 0; node < count; node++) {
    firstEdge[node] = edge;
    edge += raw.nodes[node * nodeFields + EDGE_COUNT]! * edgeFields;
    firstEdge[node + 1] = edge;
  }
  return { nodes: raw.nodes, edges: raw.edges, strings: raw.strings, nodeFields, edgeFields, nodeTypes: meta.node_types[0], edgeTypes: meta.edge_types[0], count, firstEdge };
}

/** "object:Array", "string:(string)": a string's name is its text, so strings are one kind. */
function kindOf(snapshot: Snapshot, node: number): string {
  const type = snapshot.nodeTypes[snapshot.nodes[node * snapshot.nodeFields + TYPE]!]!;
  const name = snapshot.strings[snapshot.nodes[node * snapshot.nodeFields + NAME]!]!;
  if (type.endsWith('string')) return `${type}:(string)`;
  if (type === 'number' || type === 'hidden' || type === 'code') return type;
  return `${type}:${name.slice(0, 60)}`;
}

function totals(snapshot: Snapshot): Map<string, { count: number; bytes: number }> {
  const byKind = new Map<string, { count: number; bytes: number }>();
  for (let node = 0; node < snapshot.count; node++) {
    const kind = kindOf(snapshot, node);
    const total = byKind.get(kind) ?? { count: 0, bytes: 0 };
    total.count += 1;
    total.bytes += snapshot.nodes[node * snapshot.nodeFields + SELF_SIZE]!;
    byKind.set(kind, total);
  }
  return byKind;
}

/** A retainer path of `node`, up to `depth` steps: `<-text- object:Object <-0- array ...`. */
function retainers(snapshot: Snapshot, retainedBy: readonly (readonly [number, number][] | undefined)[], node: number, depth: number): string {
  const path = [kindOf(snapshot, node)];
  const seen = new Set([node]);
  for (let current = node, step = 0; step < depth; step++) {
    const next = retainedBy[current]?.find(([from]) => !seen.has(from));
    if (next === undefined) break;
    const [from, edge] = next;
    const edgeType = snapshot.edgeTypes[snapshot.edges[edge]!]!;
    const edgeName = edgeType === 'element' || edgeType === 'hidden' ? `[${snapshot.edges[edge + 1]}]` : snapshot.strings[snapshot.edges[edge + 1]!];
    path.push(`<-${edgeName}- ${kindOf(snapshot, from)}`);
    seen.add(from);
    current = from;
  }
  return path.join('\n    ');
}

function main(): void {
  const [beforeFile, afterFile, traced] = process.argv.slice(2);
  if (beforeFile === undefined || afterFile === undefined) throw new Error('usage: heap-snapshot-diff.ts A.heapsnapshot B.heapsnapshot [kind to trace]');
  const before = load(beforeFile);
  const beforeTotals = totals(before);
  const beforeIds = new Set<number>();
  for (let node = 0; node < before.count; node++) beforeIds.add(before.nodes[node * before.nodeFields + ID]!);
  const after = load(afterFile);
  const afterTotals = totals(after);
  const kinds = new Set([...beforeTotals.keys(), ...afterTotals.keys()]);
  const growth = [...kinds].map((kind) => {
    const was = beforeTotals.get(kind) ?? { count: 0, bytes: 0 };
    const is = afterTotals.get(kind) ?? { count: 0, bytes: 0 };
    return { kind, bytes: is.bytes - was.bytes, count: is.count - was.count, now: is.bytes };
  });
  growth.sort((a, b) => b.bytes - a.bytes);
  console.log(`nodes ${before.count} -> ${after.count}; growth by self size (bytes, objects, bytes now):`);
  for (const row of growth.slice(0, 25)) console.log(`  ${String(row.bytes).padStart(10)} ${String(row.count).padStart(8)} ${String(row.now).padStart(10)}  ${row.kind}`);
  if (traced === undefined) return;
  // A few retainers per node, strong edges only: enough to name the structure that keeps it.
  const retainedBy: [number, number][][] = [];
  for (let from = 0; from < after.count; from++) {
    for (let edge = after.firstEdge[from]!; edge < after.firstEdge[from + 1]!; edge += after.edgeFields) {
      if (after.edgeTypes[after.edges[edge]!] === 'weak') continue;
      const to = after.edges[edge + 2]! / after.nodeFields;
      const list = (retainedBy[to] ??= []);
      if (list.length < 4) list.push([from, edge]);
    }
  }
  let shown = 0;
  for (let node = 0; node < after.count && shown < 4; node++) {
    if (beforeIds.has(after.nodes[node * after.nodeFields + ID]!) || !kindOf(after, node).includes(traced)) continue;
    shown += 1;
    console.log(`\nnew ${traced}, retained by:\n    ${retainers(after, retainedBy, node, 16)}`);
  }
}

main();
