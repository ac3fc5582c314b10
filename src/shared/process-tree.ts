import { gilWaitOf, inferGil } from './gil';
import { isInHistory, type LabState, type WorkerView } from './lab-state';
import { processKey, processStateOf, type ProcessSample } from './samples';

/**
 * Builds the PID/PPID tree from the newest process sample. Nodes are keyed by (pid, start time) because
 * PIDs are reused: a process is only the parent of processes that started after it.
 */

export interface ThreadNode {
  readonly key: string;
  readonly tid: number | null;
  readonly name: string;
  readonly state: string;
  readonly cpu: number | null;
  readonly workerId: string | null;
  /** An exited thread worker, kept visible for a while. */
  readonly ghost: boolean;
  /**
   * Percent of the last interval this thread was runnable in all but name, waiting for its interpreter's
   * GIL (inferred from /proc, gil.ts); null when not (or not known: only Python processes are read for it).
   */
  readonly gilWait: number | null;
}

export interface TreeNode {
  readonly key: string;
  readonly pid: number;
  readonly ppid: number;
  readonly name: string;
  readonly command: string;
  readonly state: string;
  readonly cpu: number | null;
  readonly rss: number | null;
  readonly startedAt: number | null;
  /** Reparented to init or a subreaper after its parent died. */
  readonly orphan: boolean;
  /** Its parent was not in the sample (it may just have exited); drawn under the root. */
  readonly missingParent: boolean;
  readonly workerId: string | null;
  /** An exited process worker, kept visible for a while. */
  readonly ghost: boolean;
  readonly threads: readonly ThreadNode[];
  readonly children: readonly TreeNode[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface MutableNode extends Mutable<Omit<TreeNode, 'children' | 'threads'>> {
  children: MutableNode[];
  threads: ThreadNode[];
}

export function buildProcessTree(state: LabState): TreeNode | null {
  if (state.host === null) return null;
  const hostPid = state.host.pid;
  const samples = state.processes;
  const hostSample = samples.find((p) => p.pid === hostPid);
  const root = hostSample ? nodeOf(hostSample) : hostPlaceholder(state);
  const nodes = new Map<number, { sample: ProcessSample; node: MutableNode }>();
  for (const sample of samples) if (sample.pid !== hostPid) nodes.set(sample.pid, { sample, node: nodeOf(sample) });

  const workers = state.workerOrder.map((id) => state.workers[id]).filter((w): w is WorkerView => w !== undefined);
  for (const worker of workers) {
    if (worker.kind !== 'process' || worker.exit !== null || worker.pid === null) continue;
    const entry = nodes.get(worker.pid);
    if (entry) entry.node.workerId = worker.id;
  }

  for (const { sample, node } of nodes.values()) {
    const parent = sample.ppid === hostPid ? { sample: hostSample, node: root } : nodes.get(sample.ppid);
    const parentIsOlder = parent !== undefined && (parent.sample === undefined || parent.sample.start <= sample.start);
    if (parent !== undefined && parentIsOlder && !sample.orphan) {
      parent.node.children.push(node);
    } else {
      node.missingParent = !sample.orphan;
      root.children.push(node);
    }
  }

  // A Python program's observed threads are its process's, not the host's.
  root.threads = threadsOfHost(hostSample, workers.filter((worker) => worker.method !== 'python'), state);
  namePythonThreads(nodes, workers, state);
  addGhosts(root, nodes, workers, state);
  const order = siblingOrder(workers);
  return withUnplacedWorkers(freeze(root, order), workers, state, order);
}

/**
 * Siblings in an order that never changes while they live: a person who selected a row must find it where
 * it was when another worker exits (and becomes a ghost elsewhere) or a sample arrives. A worker's node,
 * sampled or ghost, sorts by when the worker was asked for, then by its place in the lab's order; any
 * other process by its start time. Runtime threads follow the worker threads, by TID.
 */
type SiblingOrder = { readonly nodes: (a: TreeNode, b: TreeNode) => number; readonly threads: (a: ThreadNode, b: ThreadNode) => number };

function siblingOrder(workers: readonly WorkerView[]): SiblingOrder {
  const rank = new Map(workers.map((worker, index) => [worker.id, { index, requestedAt: worker.requestedAt }]));
  const keyOf = (node: TreeNode) => (node.workerId === null ? (node.startedAt ?? 0) : (rank.get(node.workerId)?.requestedAt ?? node.startedAt ?? 0));
  const indexOf = (workerId: string | null) => (workerId === null ? Infinity : (rank.get(workerId)?.index ?? Infinity));
  return {
    nodes: (a, b) => compare(keyOf(a), keyOf(b)) || compare(indexOf(a.workerId), indexOf(b.workerId)) || a.pid - b.pid,
    threads: (a, b) => compare(indexOf(a.workerId), indexOf(b.workerId)) || compare(a.tid ?? 0, b.tid ?? 0),
  };
}

/** -1, 0 or 1, Infinity included (a plain difference of two Infinities is NaN). */
const compare = (a: number, b: number): number => (a < b ? -1 : a > b ? 1 : 0);

function nodeOf(sample: ProcessSample): MutableNode {
  const gil = inferGil(sample.threads);
  return {
    key: processKey(sample),
    pid: sample.pid,
    ppid: sample.ppid,
    name: sample.name,
    command: sample.command,
    state: processStateOf(sample),
    cpu: sample.cpu,
    rss: sample.rss,
    startedAt: sample.startedAt,
    orphan: sample.orphan,
    missingParent: false,
    workerId: null,
    ghost: false,
    children: [],
    threads: (sample.threads ?? []).map((t) => ({
      key: `${processKey(sample)}/${t.tid}`,
      tid: t.tid,
      name: t.name,
      state: t.state,
      cpu: t.cpu,
      workerId: null,
      ghost: false,
      gilWait: gilWaitOf(gil, t.tid)?.waiting ?? null,
    })),
  };
}

function hostPlaceholder(state: LabState): MutableNode {
  const host = state.host!;
  return {
    key: `${host.pid}@host`,
    pid: host.pid,
    ppid: host.ppid,
    name: 'lab host',
    command: '',
    state: 'R',
    cpu: null,
    rss: null,
    startedAt: null,
    orphan: false,
    missingParent: false,
    workerId: null,
    ghost: false,
    children: [],
    threads: [],
  };
}

/** The host's threads, with thread workers named; thread workers not seen yet (or gone) are added. */
function threadsOfHost(hostSample: ProcessSample | undefined, workers: readonly WorkerView[], state: LabState): ThreadNode[] {
  const threadWorkers = workers.filter((w) => w.kind === 'thread' && !isInHistory(w, state));
  const byTid = new Map(threadWorkers.filter((w) => w.tid !== null && w.exit === null).map((w) => [w.tid, w]));
  const hostKey = hostSample ? processKey(hostSample) : 'host';
  const sampled: ThreadNode[] = (hostSample?.threads ?? []).map((t) => ({
    key: `${hostKey}/${t.tid}`,
    tid: t.tid,
    name: t.name,
    state: t.state,
    cpu: t.cpu,
    workerId: byTid.get(t.tid)?.id ?? null,
    ghost: false,
    gilWait: null,
  }));
  const shown = new Set(sampled.map((t) => t.workerId).filter((id) => id !== null));
  const unseen: ThreadNode[] = threadWorkers
    .filter((w) => !shown.has(w.id))
    .map((w) => ({
      key: `worker/${w.id}`,
      tid: w.tid,
      name: w.name,
      state: hasEnded(w) ? 'X' : '?',
      cpu: null,
      workerId: w.id,
      ghost: hasEnded(w),
      gilWait: null,
    }));
  return [...sampled, ...unseen];
}

/**
 * The threads a Python program's shim reports (observed thread workers) are named on their process's
 * sampled threads by native id; those the sample does not show (ended, kept for a while, or too new) are
 * added, greyed once ended. One pass over the workers, one map per process that has any.
 */
function namePythonThreads(nodes: ReadonlyMap<number, { node: MutableNode }>, workers: readonly WorkerView[], state: LabState): void {
  const byPid = new Map<number, WorkerView[]>();
  for (const worker of workers) {
    if (worker.kind !== 'thread' || worker.method !== 'python' || worker.pid === null || isInHistory(worker, state)) continue;
    const list = byPid.get(worker.pid);
    if (list === undefined) byPid.set(worker.pid, [worker]);
    else list.push(worker);
  }
  for (const [pid, threads] of byPid) {
    const node = nodes.get(pid)?.node;
    if (node === undefined) continue;
    const byTid = new Map(threads.filter((w) => w.tid !== null && w.exit === null).map((w) => [w.tid, w]));
    node.threads = node.threads.map((thread) => {
      const worker = thread.tid === null ? undefined : byTid.get(thread.tid);
      return worker === undefined ? thread : { ...thread, name: worker.name, workerId: worker.id };
    });
    const shown = new Set(node.threads.map((thread) => thread.workerId));
    for (const worker of threads) {
      if (shown.has(worker.id)) continue;
      node.threads.push({ key: `worker/${worker.id}`, tid: worker.tid, name: worker.name, state: hasEnded(worker) ? 'X' : '?', cpu: null, workerId: worker.id, ghost: hasEnded(worker), gilWait: null });
    }
  }
}

/** Exited process workers stay in the tree, greyed, under their last parent while it is there. */
function addGhosts(
  root: MutableNode,
  nodes: ReadonlyMap<number, { node: MutableNode }>,
  workers: readonly WorkerView[],
  state: LabState,
): void {
  for (const worker of workers) {
    if (worker.kind !== 'process' || worker.pid === null || !hasEnded(worker) || isInHistory(worker, state)) continue;
    if (nodes.get(worker.pid)?.node.workerId === worker.id) continue;
    const parent = worker.ppid === null ? undefined : nodes.get(worker.ppid)?.node;
    (parent ?? root).children.push(workerNode(worker, root.pid));
  }
}

/**
 * Process workers the samples cannot place yet: still starting (no pid, or not sampled yet) or failed
 * before they had a pid. Drawn under their parent (the host by default), after the sampled children, so a
 * worker is visible from the moment it is asked for.
 */
function withUnplacedWorkers(root: TreeNode, workers: readonly WorkerView[], state: LabState, order: SiblingOrder): TreeNode {
  const placed = new Set<string>();
  const collect = (node: TreeNode) => {
    if (node.workerId !== null) placed.add(node.workerId);
    node.children.forEach(collect);
  };
  collect(root);
  let tree = root;
  for (const worker of workers) {
    if (worker.kind !== 'process' || placed.has(worker.id) || isInHistory(worker, state)) continue;
    const node = freeze(workerNode(worker, root.pid), order);
    tree = insertUnder(tree, worker.ppid ?? root.pid, node, order) ?? { ...tree, children: [...tree.children, node].sort(order.nodes) };
  }
  return tree;
}

function insertUnder(node: TreeNode, parentPid: number, child: TreeNode, order: SiblingOrder): TreeNode | null {
  if (node.pid === parentPid && !node.ghost) return { ...node, children: [...node.children, child].sort(order.nodes) };
  for (const [index, each] of node.children.entries()) {
    const replaced = insertUnder(each, parentPid, child, order);
    if (replaced !== null) return { ...node, children: node.children.map((other, at) => (at === index ? replaced : other)) };
  }
  return null;
}

const hasEnded = (worker: WorkerView): boolean => worker.exit !== null || worker.startFailure !== null;

/** A process worker the sample does not show: greyed if it has ended, '?' while it starts. */
function workerNode(worker: WorkerView, hostPid: number): MutableNode {
  const ended = hasEnded(worker);
  return {
    key: `worker/${worker.id}`,
    pid: worker.pid ?? 0,
    ppid: worker.ppid ?? hostPid,
    name: worker.name,
    command: worker.command ?? '',
    state: ended ? 'X' : '?',
    cpu: null,
    rss: null,
    startedAt: worker.requestedAt,
    orphan: false,
    missingParent: false,
    workerId: worker.id,
    ghost: ended,
    children: [],
    threads: [],
  };
}

function freeze(node: MutableNode, order: SiblingOrder): TreeNode {
  const children = node.children.map((child) => freeze(child, order)).sort(order.nodes);
  return { ...node, threads: [...node.threads].sort(order.threads), children };
}

/** Depth-first rows for the table view and for keyboard navigation. */
export interface TreeRow {
  readonly node: TreeNode;
  readonly depth: number;
}

export function flattenTree(root: TreeNode, collapsed: ReadonlySet<string> = new Set()): TreeRow[] {
  const rows: TreeRow[] = [];
  const walk = (node: TreeNode, depth: number) => {
    rows.push({ node, depth });
    if (collapsed.has(node.key)) return;
    for (const child of node.children) walk(child, depth + 1);
  };
  walk(root, 0);
  return rows;
}

export function countDescendants(node: TreeNode): number {
  return node.children.reduce((sum, child) => sum + 1 + countDescendants(child), 0);
}
