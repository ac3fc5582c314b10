import { isInHistory, type LabState, type WorkerView } from '../../shared/lab-state';
import type { TreeNode } from '../../shared/process-tree';

/**
 * Process workers the tree cannot place from the samples: still starting (no pid yet, or not sampled yet)
 * or failed to start before they had a pid. They are drawn under their parent (the host by default) so a
 * worker is visible from the moment it is asked for. (A candidate for src/shared/process-tree.ts.)
 */
export function withUnplacedWorkers(root: TreeNode, state: LabState): TreeNode {
  const placed = new Set<string>();
  const collect = (node: TreeNode) => {
    if (node.workerId !== null) placed.add(node.workerId);
    node.children.forEach(collect);
  };
  collect(root);
  const unplaced = state.workerOrder
    .map((id) => state.workers[id])
    .filter((worker): worker is WorkerView => worker !== undefined && worker.kind === 'process')
    .filter((worker) => !placed.has(worker.id) && !isInHistory(worker, state));
  if (unplaced.length === 0) return root;
  let tree = root;
  for (const worker of unplaced) {
    const node = nodeOf(worker, root.pid);
    tree = insertUnder(tree, worker.ppid ?? root.pid, node) ?? { ...tree, children: [...tree.children, node] };
  }
  return tree;
}

function nodeOf(worker: WorkerView, hostPid: number): TreeNode {
  const ended = worker.exit !== null || worker.startFailure !== null;
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
    threads: [],
    children: [],
  };
}

function insertUnder(node: TreeNode, parentPid: number, child: TreeNode): TreeNode | null {
  if (node.pid === parentPid && !node.ghost) return { ...node, children: [...node.children, child] };
  for (const [index, each] of node.children.entries()) {
    const replaced = insertUnder(each, parentPid, child);
    if (replaced !== null) return { ...node, children: node.children.map((other, at) => (at === index ? replaced : other)) };
  }
  return null;
}
