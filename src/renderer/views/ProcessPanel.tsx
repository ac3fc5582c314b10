import type { Ref } from 'react';
import type { LabState } from '../../shared/lab-state';
import type { ProcessView } from '../hooks/use-process-view';
import { liveWorkerCount } from '../model/live-workers';
import type { Selection } from '../model/selection';
import { HistoryList } from './HistoryList';
import { ProcessTable } from './ProcessTable';
import { ProcessTree } from './ProcessTree';

interface ProcessPanelProps {
  readonly state: LabState;
  readonly view: ProcessView;
  readonly selection: Selection | null;
  readonly searchRef: Ref<HTMLInputElement>;
  onSelect(selection: Selection): void;
}

/** The "Process tree" region: search, tree or table, and the history of ended workers. */
export function ProcessPanel({ state, view, selection, searchRef, onSelect }: ProcessPanelProps) {
  const live = liveWorkerCount(state);
  return (
    <section className="panel process-panel" aria-label="Process tree">
      <header className="panel-head">
        <h2>Process tree</h2>
        <span className="panel-note">
          {live} live {live === 1 ? 'worker' : 'workers'} · {state.processes.length} {state.processes.length === 1 ? 'process' : 'processes'}
        </span>
        <div className="panel-tools">
          <input
            ref={searchRef}
            type="search"
            className="search"
            aria-label="Search processes"
            placeholder="Search name, command, pid   /"
            value={view.filter}
            onChange={(event) => view.setFilter(event.target.value)}
            onKeyDown={(event) => event.key === 'Escape' && event.currentTarget.blur()}
          />
          <div className="segmented" role="group" aria-label="View">
            <button type="button" aria-pressed={view.mode === 'tree'} onClick={() => view.setMode('tree')} title="tree view (t)">
              Tree
            </button>
            <button type="button" aria-pressed={view.mode === 'table'} onClick={() => view.setMode('table')} title="table view (t)">
              Table
            </button>
          </div>
        </div>
      </header>
      {/* Scrolls the tree or table, which draw only the rows in its view (use-row-window.ts). */}
      <div className="panel-body scroll">
        {state.host === null ? (
          <p className="empty">Waiting for the lab…</p>
        ) : view.mode === 'tree' ? (
          <ProcessTree lines={view.lines} selection={selection} onSelect={onSelect} onToggle={view.toggleCollapsed} onToggleRuntime={view.toggleRuntime} />
        ) : (
          <ProcessTable rows={view.rows} sort={view.sort} selection={selection} onSort={view.sortBy} onSelect={onSelect} />
        )}
        {view.filter.trim() !== '' && (view.mode === 'tree' ? view.lines.length === 0 : view.rows.length === 0) && (
          <p className="empty">Nothing matches “{view.filter}”.</p>
        )}
      </div>
      <HistoryList state={state} filter={view.filter} open={view.historyOpen} selection={selection} onToggle={view.toggleHistory} onSelect={onSelect} />
    </section>
  );
}
