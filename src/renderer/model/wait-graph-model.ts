import type { LabState } from '../../shared/lab-state';
import type { CycleStep, PrimitiveKind } from '../../shared/sync';
import type { PrimitiveEntry } from './primitive-list';
import { peopleOf } from './primitive-people';

/**
 * What the wait-for graph shows, before any geometry. A Lock with one holder and one waiter is an arrow
 * from the waiter to the holder, labelled with the lock (the classic picture of a deadlock). A semaphore,
 * and any primitive with several holders or waiters, is a node of its own between them (waiters -> pool ->
 * holders): one arrow per worker instead of one per waiter and holder pair, which for Semaphore(5) with 20
 * waiters was 75 overlapping arrows. Waiters and holders that take part in nothing else are folded into
 * "+12 waiting" beyond what fits; a deadlock's cycle is never folded.
 */

export type ModelNode =
  | { readonly type: 'worker'; readonly id: string; readonly workerId: string; readonly label: string; readonly inCycle: boolean }
  | {
      readonly type: 'primitive';
      readonly id: string;
      readonly name: string;
      readonly kind: PrimitiveKind;
      /** "0 of 5 free" for a semaphore; the kind for a lock. */
      readonly detail: string;
      readonly inCycle: boolean;
    }
  | {
      readonly type: 'group';
      readonly id: string;
      readonly role: 'waiting' | 'holding';
      /** The primitive they wait for or hold. */
      readonly primitive: string;
      readonly label: string;
      /** Every folded worker's name, for the tooltip. */
      readonly names: readonly string[];
      readonly inCycle: false;
    };

export interface ModelEdge {
  readonly key: string;
  /** Node ids. */
  readonly from: string;
  readonly to: string;
  /** The lock's name on a waiter -> holder arrow; none on arrows to and from a primitive's own node. */
  readonly label: string | null;
  readonly inCycle: boolean;
  /** Every wait it stands for has a timeout: it will end by itself (drawn dashed). */
  readonly timed: boolean;
}

/** A worker waiting in a join of another (LabState's `joining`): `timed` when the join has a timeout. */
export interface GraphJoin {
  readonly workerId: string;
  readonly target: string;
  readonly timed: boolean;
}

/** The joins in progress of the workers still running, for the graph. */
export function joinsOf(workers: LabState['workers']): GraphJoin[] {
  const joins: GraphJoin[] = [];
  for (const worker of Object.values(workers)) {
    if (worker.joining == null || worker.exit !== null) continue;
    joins.push({ workerId: worker.id, target: worker.joining.target, timed: worker.joining.timeoutMs !== null });
  }
  return joins;
}

export interface WaitGraphModel {
  readonly nodes: readonly ModelNode[];
  readonly edges: readonly ModelEdge[];
  /** The graph in words, every worker named (for the accessible name). */
  readonly words: string;
}

/** Only waits for something a worker holds make the graph (see wait-for.ts: the same kinds). */
const HELD_KINDS: ReadonlySet<PrimitiveKind> = new Set<PrimitiveKind>(['Lock', 'RLock', 'Semaphore', 'BoundedSemaphore']);

const byId = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true });

export const workerNodeId = (workerId: string) => workerId;
export const primitiveNodeId = (name: string) => `primitive:${name}`;

interface Drawn {
  readonly primitive: PrimitiveEntry;
  readonly waiters: readonly { readonly workerId: string; readonly timed: boolean }[];
  readonly holders: readonly string[];
  /** Drawn as a node of its own (a hub), not as one arrow. */
  readonly hub: boolean;
}

/** A sender blocked on a Pipe's full buffer waits for the pipe's reader, as a real pipe's writer does. */
const PIPE_SENDS: ReadonlySet<string> = new Set(['pipe_send', 'pipe_send_bytes']);

/**
 * The primitives someone waits to acquire while someone holds them, each as an arrow or a node; and a
 * Pipe whose sender is blocked, towards the workers that have read from it and are not blocked sending
 * (the pipe does not know who will read next: these are who did). Only the graph draws a pipe: a reader may be anyone, so it is
 * never part of a deadlock (wait-for.ts).
 */
function drawnPrimitives(primitives: readonly PrimitiveEntry[], cycle: readonly CycleStep[]): Drawn[] {
  const drawn: Drawn[] = [];
  for (const primitive of primitives) {
    const pipe = primitive.kind === 'Pipe';
    if (!HELD_KINDS.has(primitive.kind) && !pipe) continue;
    const people = peopleOf(primitive);
    const waiters = people.waiters
      .filter((waiter) => (pipe ? PIPE_SENDS.has(waiter.op) : waiter.op === 'acquire'))
      .map((waiter) => ({ workerId: waiter.actor, timed: waiter.timeoutMs !== null }));
    // A worker blocked sending is not reading now, whatever it read before.
    const holders = primitive.state.kind === 'Pipe' ? primitive.state.receivers.filter((id) => !waiters.some((waiter) => waiter.workerId === id)) : people.holders.map((holder) => holder.actor);
    const blocking = waiters.some((waiter) => holders.some((holder) => holder !== waiter.workerId));
    const selfWait = cycle.some((step) => step.primitive === primitive.name && step.workerId === step.heldBy);
    if (!blocking && !selfWait) continue;
    const hub = pipe || primitive.kind === 'Semaphore' || primitive.kind === 'BoundedSemaphore' || waiters.length > 1 || holders.length > 1;
    drawn.push({ primitive, waiters, holders, hub });
  }
  return drawn;
}

/**
 * `rows`: how many workers fit one above the other (the drawing's height); each hub keeps that many of its
 * own waiters and holders, the rest folded into one node.
 */
export function waitGraphModel(
  primitives: readonly PrimitiveEntry[],
  cycle: readonly CycleStep[] | null,
  rows: number,
  nameOf: (workerId: string) => string,
  joins: readonly GraphJoin[] = [],
): WaitGraphModel {
  const steps = cycle ?? [];
  const drawn = drawnPrimitives(primitives, steps);
  const inCycleWorker = new Set(steps.flatMap((step) => [step.workerId, step.heldBy]));
  const stepIs = (workerId: string, primitive: string, heldBy?: string) =>
    steps.some((step) => step.workerId === workerId && step.primitive === primitive && (heldBy === undefined || step.heldBy === heldBy));
  const heldInCycle = (primitive: string, holder: string) => steps.some((step) => step.primitive === primitive && step.heldBy === holder);

  // A worker on more than one of the drawn primitives links parts of the graph: it is never folded (nor one in a join).
  const mentions = new Map<string, number>();
  for (const { waiters, holders } of drawn) for (const id of new Set([...waiters.map((w) => w.workerId), ...holders])) mentions.set(id, (mentions.get(id) ?? 0) + 1);
  for (const join of joins) for (const id of [join.workerId, join.target]) mentions.set(id, (mentions.get(id) ?? 0) + 2);
  const foldable = (workerId: string) => (mentions.get(workerId) ?? 0) === 1 && !inCycleWorker.has(workerId);
  const hubs = drawn.filter((each) => each.hub).length;
  // Each hub gets its share of the rows, one of them for its "N more" node.
  const keep = Math.max(1, Math.floor(Math.max(2, rows) / Math.max(1, hubs)) - 1);

  const nodes = new Map<string, ModelNode>();
  const edges: ModelEdge[] = [];
  const words: string[] = [];
  const addWorker = (workerId: string) => {
    if (!nodes.has(workerId)) nodes.set(workerId, { type: 'worker', id: workerNodeId(workerId), workerId, label: nameOf(workerId), inCycle: inCycleWorker.has(workerId) });
    return workerNodeId(workerId);
  };

  for (const { primitive, waiters, holders, hub } of drawn) {
    const { name } = primitive;
    const by = primitive.kind === 'Pipe' ? 'to be read by' : 'held by';
    words.push(`${listWords(waiters.map((w) => nameOf(w.workerId)))} ${waiters.length === 1 ? 'waits' : 'wait'} for ${name} ${by} ${listWords(holders.map(nameOf))}`);
    if (!hub) {
      const holder = holders[0]!;
      for (const waiter of waiters) {
        edges.push({ key: `${waiter.workerId}->${holder}:${name}`, from: addWorker(waiter.workerId), to: addWorker(holder), label: name, inCycle: stepIs(waiter.workerId, name, holder), timed: waiter.timed });
      }
      continue;
    }
    const hubId = primitiveNodeId(name);
    const hubInCycle = steps.some((step) => step.primitive === name);
    nodes.set(hubId, { type: 'primitive', id: hubId, name, kind: primitive.kind, detail: detailOf(primitive), inCycle: hubInCycle });
    const [shownWaiters, foldedWaiters] = split([...waiters].sort((a, b) => byId(a.workerId, b.workerId)), (w) => foldable(w.workerId), keep);
    for (const waiter of shownWaiters) {
      edges.push({ key: `${waiter.workerId}->${hubId}`, from: addWorker(waiter.workerId), to: hubId, label: null, inCycle: stepIs(waiter.workerId, name), timed: waiter.timed });
    }
    if (foldedWaiters.length > 0) {
      const id = `group:${name}:waiting`;
      nodes.set(id, group(id, 'waiting', name, foldedWaiters.map((w) => nameOf(w.workerId)), shownWaiters.length > 0));
      edges.push({ key: `${id}->${hubId}`, from: id, to: hubId, label: null, inCycle: false, timed: foldedWaiters.every((w) => w.timed) });
    }
    const [shownHolders, foldedHolders] = split([...holders].sort(byId), foldable, keep);
    for (const holder of shownHolders) {
      edges.push({ key: `${hubId}->${holder}`, from: hubId, to: addWorker(holder), label: null, inCycle: heldInCycle(name, holder), timed: false });
    }
    if (foldedHolders.length > 0) {
      const id = `group:${name}:holding`;
      nodes.set(id, group(id, 'holding', name, foldedHolders.map(nameOf), shownHolders.length > 0));
      edges.push({ key: `${hubId}->${id}`, from: hubId, to: id, label: null, inCycle: false, timed: false });
    }
  }

  // A join: an arrow from the joiner to the thread or process it waits for, labelled "join".
  for (const join of joins) {
    const inCycle = steps.some((step) => step.via === 'join' && step.workerId === join.workerId && step.primitive === join.target);
    words.push(`${nameOf(join.workerId)} waits to join ${nameOf(join.target)}`);
    edges.push({ key: `${join.workerId}->${join.target}:join`, from: addWorker(join.workerId), to: addWorker(join.target), label: 'join', inCycle, timed: join.timed });
  }

  // A cycle step that no primitive drew (a Lock taken twice by its own holder) is still drawn: as a loop.
  for (const step of steps) {
    if (step.via === 'join' && joins.some((join) => join.workerId === step.workerId && join.target === step.primitive)) continue;
    if (edges.some((edge) => edge.inCycle && edge.label === step.primitive && edge.from === step.workerId)) continue;
    if (drawn.some((each) => each.hub && each.primitive.name === step.primitive)) continue;
    edges.push({ key: `${step.workerId}->${step.heldBy}:${step.primitive}`, from: addWorker(step.workerId), to: addWorker(step.heldBy), label: step.primitive, inCycle: true, timed: false });
  }
  return { nodes: [...nodes.values()], edges, words: words.join('; ') };
}

/** The first `keep` foldable items stay (with every one that may not be folded); the rest are folded, if more than one. */
function split<T>(items: readonly T[], foldable: (item: T) => boolean, keep: number): [T[], T[]] {
  const candidates = items.filter(foldable);
  if (candidates.length <= keep + 1) return [[...items], []];
  const folded = new Set(candidates.slice(keep));
  return [items.filter((item) => !folded.has(item)), items.filter((item) => folded.has(item))];
}

function group(id: string, role: 'waiting' | 'holding', primitive: string, names: readonly string[], more: boolean): ModelNode {
  // "+12 waiting" beside drawn ones, "12 waiting" alone: short, because at 1280x720 three columns share 420 px.
  return { type: 'group', id, role, primitive, label: `${more ? '+' : ''}${names.length} ${role}`, names, inCycle: false };
}

/** A semaphore's units: "0 of 5 free" (free, and free plus held); a lock's kind. */
function detailOf(primitive: PrimitiveEntry): string {
  const { state } = primitive;
  if (state.kind === 'Pipe') return `full: ${state.bytes} B unread`;
  if (state.kind !== 'Semaphore' && state.kind !== 'BoundedSemaphore') return state.kind;
  const held = state.holders.reduce((sum, holder) => sum + holder.count, 0);
  return `${state.value} of ${state.value + held} free`;
}

/** "a, b and c"; past ten names, "a, b, ... j and 13 more". */
function listWords(names: readonly string[]): string {
  const shown = names.length > 10 ? [...names.slice(0, 10), `${names.length - 10} more`] : [...names];
  return shown.length <= 1 ? (shown[0] ?? 'no one') : `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)!}`;
}
