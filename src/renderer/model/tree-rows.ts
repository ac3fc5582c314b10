import type { LabState, WorkerView } from '../../shared/lab-state';
import type { ThreadNode, TreeNode } from '../../shared/process-tree';
import { matchesFilter, workerTexts } from './filter';
import type { Selection } from './selection';

/** The lines the tree draws: processes, the threads inside them, and the fold of a process's runtime threads. */
export type TreeLine =
  | {
      readonly type: 'process';
      readonly key: string;
      readonly depth: number;
      readonly node: TreeNode;
      readonly worker: WorkerView | undefined;
      readonly isHost: boolean;
      /** Has children or worker threads to fold away. */
      readonly expandable: boolean;
      readonly collapsed: boolean;
      /** Its own runtime threads (not lab workers); the host folds them behind a line, others behind a chip. */
      readonly runtimeThreads: number;
      readonly runtimeShown: boolean;
      readonly selection: Selection;
    }
  | {
      readonly type: 'thread';
      readonly key: string;
      readonly depth: number;
      readonly thread: ThreadNode;
      readonly process: TreeNode;
      readonly worker: WorkerView | undefined;
      readonly selection: Selection | null;
    }
  | { readonly type: 'runtime'; readonly key: string; readonly depth: number; readonly process: TreeNode; readonly count: number; readonly shown: boolean };

export interface TreeOptions {
  /** Keys of collapsed processes. */
  readonly collapsed: ReadonlySet<string>;
  /** Keys of processes whose runtime threads (those that are not lab workers) are unfolded. */
  readonly runtimeShown: ReadonlySet<string>;
  readonly filter: string;
}

export function treeLines(root: TreeNode, state: LabState, options: TreeOptions): TreeLine[] {
  const lines: TreeLine[] = [];
  const workerOf = (id: string | null) => (id === null ? undefined : state.workers[id]);
  const filtering = options.filter.trim() !== '';
  const threadMatches = (thread: ThreadNode) =>
    matchesFilter(options.filter, [thread.name, thread.tid, ...workerTexts(workerOf(thread.workerId))]);
  const processMatches = (node: TreeNode) =>
    matchesFilter(options.filter, [node.name, node.command, node.pid, ...workerTexts(workerOf(node.workerId))]);
  const keep = (node: TreeNode): boolean =>
    processMatches(node) || node.children.some(keep) || node.threads.some((t) => t.workerId !== null && threadMatches(t));

  const walk = (node: TreeNode, depth: number) => {
    if (filtering && !keep(node)) return;
    const worker = workerOf(node.workerId);
    const workerThreads = node.threads.filter((t) => t.workerId !== null);
    const runtime = node.threads.filter((t) => t.workerId === null);
    const collapsed = options.collapsed.has(node.key);
    const isHost = depth === 0;
    // A single-threaded process's one thread is the process itself: nothing to unfold.
    const runtimeThreads = runtime.length > 1 ? runtime.length : 0;
    const runtimeShown = runtimeThreads > 0 && options.runtimeShown.has(node.key) && !filtering;
    lines.push({
      type: 'process',
      key: node.key,
      depth,
      node,
      worker,
      isHost,
      expandable: node.children.length > 0 || workerThreads.length > 0 || (isHost && runtimeThreads > 0),
      collapsed,
      runtimeThreads,
      runtimeShown,
      selection: worker ? { kind: 'worker', workerId: worker.id } : { kind: 'process', pid: node.pid },
    });
    if (collapsed) return;
    for (const thread of workerThreads) {
      if (!filtering || threadMatches(thread)) lines.push(threadLine(thread, node, depth + 1, workerOf(thread.workerId)));
    }
    if (isHost && runtimeThreads > 0 && !filtering) {
      lines.push({ type: 'runtime', key: `${node.key}/runtime`, depth: depth + 1, process: node, count: runtimeThreads, shown: runtimeShown });
    }
    if (runtimeShown) for (const thread of runtime) lines.push(threadLine(thread, node, depth + (isHost ? 2 : 1), undefined));
    for (const child of node.children) walk(child, depth + 1);
  };
  walk(root, 0);
  return lines;
}

function threadLine(thread: ThreadNode, process: TreeNode, depth: number, worker: WorkerView | undefined): TreeLine {
  const selection: Selection | null = worker
    ? { kind: 'worker', workerId: worker.id }
    : thread.tid !== null
      ? { kind: 'thread', tid: thread.tid }
      : null;
  return { type: 'thread', key: thread.key, depth, thread, process, worker, selection };
}

/** The selectable lines in order, for the arrow keys. */
export function selectionOrder(lines: readonly TreeLine[]): Selection[] {
  return lines.flatMap((line) => (line.type === 'runtime' || line.selection === null ? [] : [line.selection]));
}
