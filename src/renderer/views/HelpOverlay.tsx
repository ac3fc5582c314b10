import { Dialog } from './Dialog';

const KEYS: readonly (readonly [string, string])[] = [
  ['/', 'search processes'],
  ['t', 'tree or table'],
  ['s', 'Processes or Synchronisation (locks, wait-for graph, queues)'],
  ['p', 'Processes or Pools (pools and executors, their workers and tasks)'],
  ['c', 'Processes or Scenarios (the seeds\' lessons, narrated and checked live)'],
  ['F5', 'present: large type and only the panels that matter; Space / B next / back step, Esc leaves'],
  ['↑ ↓', 'move the selection'],
  ['j', 'join the selected worker'],
  ['k', 'kill the selected worker (asks first)'],
  ['Delete', 'terminate the selected worker'],
  ['Space', 'pause or resume the view (the lab keeps running)'],
  ['e', 'expand the timeline over the main view, or back to the bottom row (Esc too)'],
  ['Timeline', 'click a moment to view the past; wheel or + − zoom; drag or ← → pan; Esc back to live'],
  ['?', 'this help'],
  ['Esc', 'close a dialog'],
];

/** The keyboard shortcuts, for the person at the front of the room. */
export function HelpOverlay({ onClose }: { onClose(): void }) {
  return (
    <Dialog label="Keyboard shortcuts" className="help" onClose={onClose}>
      <h2 className="dialog-title">Keyboard shortcuts</h2>
      <dl className="keys">
        {KEYS.map(([key, what]) => (
          <div key={key} className="key-row">
            <dt>
              <kbd>{key}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
      <p className="dialog-text dim">Shortcuts are off while you type in a field.</p>
      <div className="dialog-buttons">
        <button type="button" onClick={onClose} autoFocus>
          Close
        </button>
      </div>
    </Dialog>
  );
}
