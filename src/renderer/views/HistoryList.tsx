import { describeExitCode } from '../../shared/exit-code';
import { isInHistory, type LabState, type WorkerView } from '../../shared/lab-state';
import { formatClock } from '../format/units';
import { matchesFilter, workerTexts } from '../model/filter';
import { sameSelection, type Selection } from '../model/selection';

interface HistoryListProps {
  readonly state: LabState;
  readonly filter: string;
  readonly open: boolean;
  readonly selection: Selection | null;
  onToggle(): void;
  onSelect(selection: Selection): void;
}

/** Workers that ended longer ago than the retention period: gone from the tree, kept here. */
export function HistoryList({ state, filter, open, selection, onToggle, onSelect }: HistoryListProps) {
  const ended = state.workerOrder
    .map((id) => state.workers[id])
    .filter((worker): worker is WorkerView => worker !== undefined && isInHistory(worker, state))
    .filter((worker) => matchesFilter(filter, [worker.pid, ...workerTexts(worker)]));
  return (
    <div className={open ? 'history open' : 'history'}>
      <button type="button" className="history-toggle" aria-expanded={open} onClick={onToggle}>
        <span aria-hidden="true">{open ? '▾' : '▸'}</span> History <span className="count">{ended.length}</span>
        <span className="dim"> workers that ended more than {Math.round(state.config.exitedRetentionMs / 1000)} s ago</span>
      </button>
      {open && (
        <div className="history-scroll">
          <table className="grid history-grid" aria-label="History">
            <thead>
              <tr>
                <th scope="col">Worker</th>
                <th scope="col" className="num">
                  PID
                </th>
                <th scope="col">Exit code</th>
                <th scope="col">Ended at</th>
              </tr>
            </thead>
            <tbody>
              {[...ended].reverse().map((worker) => {
                const selected = sameSelection(selection, { kind: 'worker', workerId: worker.id });
                return (
                  <tr
                    key={worker.id}
                    className={selected ? 'line selected' : 'line'}
                    aria-selected={selected}
                    data-worker-id={worker.id}
                    data-state={worker.state}
                    onClick={() => onSelect({ kind: 'worker', workerId: worker.id })}
                  >
                    <td>
                      <span className="worker-name">{worker.name}</span> <span className="dim">{worker.method}</span>
                    </td>
                    <td className="num mono">{worker.pid ?? '–'}</td>
                    <td className="mono" title={outcomeOf(worker)}>
                      {outcomeOf(worker)}
                    </td>
                    <td className="mono dim">{formatClock(worker.exit?.at ?? worker.requestedAt, true)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function outcomeOf(worker: WorkerView): string {
  if (worker.startFailure !== null) return `failed to start: ${worker.startFailure}`;
  return worker.exit === null ? '–' : describeExitCode(worker.exit.exitCode, worker.exit.signal);
}
