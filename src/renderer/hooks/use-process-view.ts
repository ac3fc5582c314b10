import { useCallback, useMemo, useState } from 'react';
import type { LabState } from '../../shared/lab-state';
import { buildProcessTree } from '../../shared/process-tree';
import type { Selection } from '../model/selection';
import { sortRows, tableRows, type TableColumn, type TableRow, type TableSort } from '../model/table-rows';
import { selectionOrder, treeLines, type TreeLine } from '../model/tree-rows';
import { stableTreeState } from '../model/tree-state';

export type ProcessViewMode = 'tree' | 'table';

/** How the person looks at the processes (tree or table, filter, folds, sort) and the lines that gives. */
export interface ProcessView {
  readonly mode: ProcessViewMode;
  readonly filter: string;
  readonly sort: TableSort | null;
  readonly historyOpen: boolean;
  readonly lines: readonly TreeLine[];
  readonly rows: readonly TableRow[];
  /** Selectable lines in the order drawn, for the arrow keys. */
  readonly order: readonly Selection[];
  setMode(mode: ProcessViewMode): void;
  toggleMode(): void;
  setFilter(filter: string): void;
  sortBy(column: TableColumn): void;
  toggleCollapsed(key: string): void;
  toggleRuntime(key: string): void;
  toggleHistory(): void;
}

function toggled(set: ReadonlySet<string>, key: string): ReadonlySet<string> {
  const next = new Set(set);
  if (!next.delete(key)) next.add(key);
  return next;
}

export function useProcessView(live: LabState): ProcessView {
  const [mode, setMode] = useState<ProcessViewMode>('tree');
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState<TableSort | null>(null);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [runtimeShown, setRuntimeShown] = useState<ReadonlySet<string>>(new Set());
  const [historyOpen, setHistoryOpen] = useState(false);
  // Rebuilt only when what the tree reads changed (model/tree-state.ts), not on every frame's output.
  // (State derived from props, React's way: a change re-runs this render before any child is drawn.)
  const [kept, keep] = useState(live);
  const state = stableTreeState(kept, live);
  if (state !== kept) keep(state);
  // Stable, so that the memoised tree (ProcessTree) is not drawn again for a new closure.
  const toggleCollapsed = useCallback((key: string) => setCollapsed((current) => toggled(current, key)), []);
  const toggleRuntime = useCallback((key: string) => setRuntimeShown((current) => toggled(current, key)), []);

  const tree = useMemo(() => buildProcessTree(state), [state]);
  const lines = useMemo(() => (tree === null ? [] : treeLines(tree, state, { collapsed, runtimeShown, filter })), [tree, state, collapsed, runtimeShown, filter]);
  const rows = useMemo(() => (tree === null ? [] : sortRows(tableRows(tree, state, filter), sort)), [tree, state, filter, sort]);
  const order = useMemo(
    () => (mode === 'tree' ? selectionOrder(lines) : rows.flatMap((row) => (row.selection === null ? [] : [row.selection]))),
    [mode, lines, rows],
  );

  return {
    mode,
    filter,
    sort,
    historyOpen,
    lines,
    rows,
    order,
    setMode,
    toggleMode: () => setMode((current) => (current === 'tree' ? 'table' : 'tree')),
    setFilter,
    // Click once: descending for numbers people compare (CPU, RSS), ascending otherwise; again: reversed.
    sortBy: (column) =>
      setSort((current) => {
        if (current?.column === column) return { column, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
        return { column, direction: column === 'cpu' || column === 'rss' ? 'descending' : 'ascending' };
      }),
    toggleCollapsed,
    toggleRuntime,
    toggleHistory: () => setHistoryOpen((open) => !open),
  };
}
