export type MainView = 'processes' | 'sync';

/** Processes (tree, details, CPU, log) or Synchronisation (Locks, Wait-for graph, Queues in the tree's place). */
export function MainViewSwitch({ view, onChange }: { view: MainView; onChange(view: MainView): void }) {
  return (
    <div className="segmented main-switch" role="group" aria-label="Main view">
      <button type="button" aria-pressed={view === 'processes'} onClick={() => onChange('processes')} title="process tree (s switches)">
        Processes
      </button>
      <button type="button" aria-pressed={view === 'sync'} onClick={() => onChange('sync')} title="locks, wait-for graph, queues (s switches)">
        Synchronisation
      </button>
    </div>
  );
}
