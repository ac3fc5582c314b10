import { GIL_WAIT } from '../../shared/gil';
import type { LabState, WorkerView } from '../../shared/lab-state';
import type { TreeNode } from '../../shared/process-tree';
import { matchesFilter, workerTexts } from './filter';
import type { Selection } from './selection';

/** One line of the flat table: a process or a thread, with its worker when it is one. */
export interface TableRow {
  readonly key: string;
  readonly kind: 'process' | 'thread';
  readonly pid: number | null;
  readonly tid: number | null;
  readonly ppid: number | null;
  readonly name: string;
  readonly command: string;
  readonly worker: WorkerView | undefined;
  /** The worker's state in words, or the one-letter /proc state of a process or thread. */
  readonly state: string;
  /** A Python thread's share of the last interval spent waiting for the GIL (src/shared/gil.ts); null when it was not. */
  readonly gilWait: number | null;
  readonly cpu: number | null;
  readonly rss: number | null;
  readonly ghost: boolean;
  readonly orphan: boolean;
  readonly selection: Selection | null;
}

export const TABLE_COLUMNS = ['kind', 'pid', 'tid', 'ppid', 'name', 'worker', 'state', 'cpu', 'rss'] as const;
export type TableColumn = (typeof TABLE_COLUMNS)[number];
export interface TableSort {
  readonly column: TableColumn;
  readonly direction: 'ascending' | 'descending';
}

export function tableRows(root: TreeNode, state: LabState, filter: string): TableRow[] {
  const rows: TableRow[] = [];
  const workerOf = (id: string | null) => (id === null ? undefined : state.workers[id]);
  const walk = (node: TreeNode) => {
    const worker = workerOf(node.workerId);
    rows.push({
      key: node.key,
      kind: 'process',
      pid: node.pid === 0 ? null : node.pid,
      tid: null,
      ppid: node.ppid,
      name: node.name,
      command: node.command,
      worker,
      state: worker?.state ?? node.state,
      gilWait: null,
      cpu: node.cpu,
      rss: node.rss,
      ghost: node.ghost,
      orphan: node.orphan,
      selection: worker ? { kind: 'worker', workerId: worker.id } : { kind: 'process', pid: node.pid },
    });
    for (const thread of node.threads) {
      const threadWorker = workerOf(thread.workerId);
      rows.push({
        key: thread.key,
        kind: 'thread',
        pid: node.pid,
        tid: thread.tid,
        ppid: null,
        name: thread.name,
        command: '',
        worker: threadWorker,
        state: threadWorker?.state ?? thread.state,
        gilWait: thread.gilWait,
        cpu: thread.cpu,
        rss: null,
        ghost: thread.ghost,
        orphan: false,
        selection: threadWorker ? { kind: 'worker', workerId: threadWorker.id } : thread.tid !== null ? { kind: 'thread', tid: thread.tid } : null,
      });
    }
    node.children.forEach(walk);
  };
  walk(root);
  return rows.filter((row) => matchesFilter(filter, [row.name, row.command, row.pid, row.tid, row.gilWait === null ? null : GIL_WAIT, ...workerTexts(row.worker)]));
}

/** Sorts by one column; rows without a value go last either way, and ties keep the tree's order. */
export function sortRows(rows: readonly TableRow[], sort: TableSort | null): readonly TableRow[] {
  if (sort === null) return rows;
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index, value: valueOf(row, sort.column) }))
    .sort((a, b) => {
      if (a.value === null || b.value === null) return a.value === b.value ? a.index - b.index : a.value === null ? 1 : -1;
      const order = typeof a.value === 'number' && typeof b.value === 'number' ? a.value - b.value : String(a.value).localeCompare(String(b.value));
      return order === 0 ? a.index - b.index : sign * order;
    })
    .map(({ row }) => row);
}

function valueOf(row: TableRow, column: TableColumn): string | number | null {
  switch (column) {
    case 'worker':
      return row.worker?.name ?? null;
    case 'state':
      // Shown in the state's place (ProcessTable), so sorted as what is shown.
      return row.gilWait === null ? row.state : GIL_WAIT;
    case 'kind':
    case 'pid':
    case 'tid':
    case 'ppid':
    case 'name':
    case 'cpu':
    case 'rss':
      return row[column];
  }
}
