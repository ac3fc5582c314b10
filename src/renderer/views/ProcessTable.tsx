import { useEffect, useRef } from 'react';
import { formatMiB } from '../format/units';
import { useRowWindow } from '../hooks/use-row-window';
import { sameSelection, type Selection } from '../model/selection';
import type { TableColumn, TableRow, TableSort } from '../model/table-rows';
import { BlockedBadge } from './BlockedBadge';
import { HeldBadge } from './HeldBadge';
import { CpuCell } from './CpuCell';
import { GilState } from './GilState';
import { RowSpacer } from './RowSpacer';
import { StateLabel } from './StateLabel';
import { WorkerBadges } from './WorkerBadges';

const HEADINGS: readonly { column: TableColumn; label: string; numeric: boolean }[] = [
  { column: 'kind', label: 'Kind', numeric: false },
  { column: 'pid', label: 'PID', numeric: true },
  { column: 'tid', label: 'TID', numeric: true },
  { column: 'ppid', label: 'PPID', numeric: true },
  { column: 'name', label: 'Name', numeric: false },
  { column: 'worker', label: 'Worker', numeric: false },
  { column: 'state', label: 'State', numeric: false },
  { column: 'cpu', label: 'CPU', numeric: true },
  { column: 'rss', label: 'RSS', numeric: true },
];

interface ProcessTableProps {
  readonly rows: readonly TableRow[];
  readonly sort: TableSort | null;
  readonly selection: Selection | null;
  onSort(column: TableColumn): void;
  onSelect(selection: Selection): void;
}

/** Every process and thread in one flat table, sortable by any column (htop's flat view); only the rows in view drawn. */
export function ProcessTable({ rows, sort, selection, onSort, onSelect }: ProcessTableProps) {
  const body = useRef<HTMLTableSectionElement>(null);
  const { window, scrollToRow } = useRowWindow(body, rows.length);
  useEffect(() => {
    // The selected row may not be drawn (moved to by the arrow keys): brought into view by its index.
    const index = selection === null ? -1 : rows.findIndex((row) => row.selection !== null && sameSelection(row.selection, selection));
    if (index >= 0) scrollToRow(index);
  }, [selection]); // eslint-disable-line react-hooks/exhaustive-deps -- on a new selection only, not as rows come and go
  return (
    <table className="grid flat-grid">
      <thead>
        <tr>
          {HEADINGS.map(({ column, label, numeric }) => {
            const direction = sort?.column === column ? sort.direction : 'none';
            return (
              <th key={column} scope="col" aria-sort={direction} className={numeric ? 'num' : undefined}>
                <button type="button" className="sort-button" onClick={() => onSort(column)}>
                  {label}
                  <span className="sort-mark" aria-hidden="true">
                    {direction === 'ascending' ? '▲' : direction === 'descending' ? '▼' : ''}
                  </span>
                </button>
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody ref={body}>
        <RowSpacer height={window.above} columns={HEADINGS.length} />
        {rows.slice(window.first, window.end).map((row) => {
          const selected = row.selection !== null && sameSelection(row.selection, selection);
          return (
            <tr
              key={row.key}
              className={['line', selected && 'selected', row.ghost && 'ghost', row.kind === 'thread' && 'line-thread'].filter(Boolean).join(' ')}
              aria-selected={selected}
              data-pid={row.kind === 'process' ? (row.pid ?? undefined) : undefined}
              data-tid={row.tid ?? undefined}
              data-worker-id={row.worker?.id}
              data-state={row.worker?.state}
              onClick={() => row.selection !== null && onSelect(row.selection)}
            >
              <td className="dim">{row.kind}</td>
              <td className="num mono">{row.pid ?? '–'}</td>
              <td className="num mono tid">{row.tid ?? ''}</td>
              <td className="num mono dim">{row.ppid ?? ''}</td>
              <td className="name-cell">
                <span className="process-text" title={row.command || row.name}>
                  {row.name}
                </span>
              </td>
              <td className="name-cell">
                <span className="name-inner">
                  {row.worker !== undefined && <span className="worker-name">{row.worker.name}</span>}
                  {row.worker !== undefined && <WorkerBadges worker={row.worker} compact />}
                  {row.worker !== undefined && <BlockedBadge workerId={row.worker.id} />}
                  {row.worker !== undefined && <HeldBadge workerId={row.worker.id} />}
                </span>
              </td>
              <td>{row.gilWait === null ? <StateLabel worker={row.worker} letter={row.state} /> : <GilState waiting={row.gilWait} />}</td>
              <CpuCell cpu={row.cpu} />
              <td className="num mono">{row.kind === 'thread' ? '' : formatMiB(row.rss)}</td>
            </tr>
          );
        })}
        <RowSpacer height={window.below} columns={HEADINGS.length} />
      </tbody>
    </table>
  );
}
