import type { MainView } from '../model/main-view';

export type { MainView };

/**
 * Processes (the tree), Sync (Locks, Wait-for graph and Queues), Pools or Scenarios, in one place. "Sync", not
 * "Synchronisation": at 1280 px the header has no room for the long word without hiding the host's PID.
 */
export function MainViewSwitch({ view, onChange }: { view: MainView; onChange(view: MainView): void }) {
  return (
    <div className="segmented main-switch" role="group" aria-label="Main view">
      <button type="button" aria-pressed={view === 'processes'} onClick={() => onChange('processes')} title="process tree (s, p switch back)">
        Processes
      </button>
      <button type="button" aria-pressed={view === 'sync'} onClick={() => onChange('sync')} title="Synchronisation: locks, wait-for graph, queues (s switches)">
        Sync
      </button>
      <button type="button" aria-pressed={view === 'pools'} onClick={() => onChange('pools')} title="pools and executors: workers, tasks, throughput (p switches)">
        Pools
      </button>
      <button type="button" aria-pressed={view === 'scenarios'} onClick={() => onChange('scenarios')} title="the lessons of the seeds as narrated scenarios, each checked live (c switches)">
        Scenarios
      </button>
    </div>
  );
}
