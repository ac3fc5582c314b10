import { useRef } from 'react';
import { useRowWindow } from '../hooks/use-row-window';
import type { PoolActions } from '../model/pool-actions';
import { formatUtilisation, type SlotRow } from '../model/pool-slots';
import { RowSpacer } from './RowSpacer';

interface PoolSlotsProps {
  readonly pool: string;
  readonly rows: readonly SlotRow[];
  readonly offReason: string | null;
  readonly actions: PoolActions;
}

const COLUMNS = 6;

/**
 * One row per worker slot: "pool worker N", the worker in it (a click shows it in the details), busy with
 * which task or idle, tasks done, utilisation; "Kill worker" on a busy one, to watch what the pool does.
 */
export function PoolSlots({ pool, rows, offReason, actions }: PoolSlotsProps) {
  const body = useRef<HTMLTableSectionElement>(null);
  const { window } = useRowWindow(body, rows.length);
  return (
    <div className="pool-slots scroll">
      <table className="grid slot-grid" aria-label={`${pool} workers`}>
        <colgroup>
          <col className="col-slot" />
          <col className="col-worker" />
          <col />
          <col className="col-done" />
          <col className="col-util" />
          <col className="col-kill" />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">Slot</th>
            <th scope="col">Worker</th>
            <th scope="col">Now</th>
            <th scope="col" className="num">
              Done
            </th>
            <th scope="col" className="num" title="utilisation: the share of its time running a task">
              Util
            </th>
            <th scope="col" aria-label="Kill" />
          </tr>
        </thead>
        <tbody ref={body}>
          <RowSpacer height={window.above} columns={COLUMNS} />
          {rows.slice(window.first, window.end).map((row) => (
            <tr key={row.slot} className={row.task === null ? 'line slot idle' : 'line slot busy'} data-slot={row.slot} data-worker-id={row.workerId ?? undefined}>
              <td className="slot-name">pool worker {row.slot}</td>
              <td className="name-cell">
                {row.workerId === null ? (
                  <span className="dim">starting…</span>
                ) : (
                  <button type="button" className="link-button worker-link" title={`${row.workerId}: show it in the worker details`} onClick={() => actions.selectWorker(row.workerId!)}>
                    {row.workerName}
                  </button>
                )}
              </td>
              <td className="slot-now" title={row.task?.title}>
                {row.ended !== null ? (
                  <span className="ended-word">{row.ended}</span>
                ) : row.task === null ? (
                  <span className="idle-word">idle</span>
                ) : (
                  <>
                    <span className="busy-word">busy</span> <span className="mono">{row.task.words}</span>
                  </>
                )}
              </td>
              <td className="num mono">{row.done}</td>
              <td className="num mono">{formatUtilisation(row.utilisation)}</td>
              <td className="kill-cell">
                {row.task !== null && row.workerId !== null && row.ended === null && (
                  <button type="button" className="small danger" disabled={offReason !== null} title={offReason ?? row.killWords} onClick={() => actions.askKill(row.workerId!)}>
                    Kill worker
                  </button>
                )}
              </td>
            </tr>
          ))}
          <RowSpacer height={window.below} columns={COLUMNS} />
        </tbody>
      </table>
    </div>
  );
}
