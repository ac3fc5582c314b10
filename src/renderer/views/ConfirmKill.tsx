import type { WorkerView } from '../../shared/lab-state';
import { Dialog } from './Dialog';

/** SIGKILL cannot be caught or undone, so the lab asks first. */
export function ConfirmKill({ worker, onKill, onClose }: { worker: WorkerView; onKill(): void; onClose(): void }) {
  const question =
    worker.kind === 'thread'
      ? `Kill ${worker.id} (thread ${worker.tid ?? '?'}) with worker.terminate()?`
      : `Kill ${worker.id} (pid ${worker.pid ?? '?'}) with SIGKILL?`;
  return (
    <Dialog label="Confirm kill" className="confirm" onClose={onClose}>
      <h2 className="dialog-title">{question}</h2>
      <p className="dialog-text">
        <span className="worker-name">{worker.name}</span> ends at once, with no cleanup.{' '}
        {worker.kind === 'thread' ? 'Signals are for processes: a thread is stopped with worker.terminate().' : 'SIGKILL cannot be caught: expect exit code -9.'}
      </p>
      <div className="dialog-buttons">
        <button type="button" onClick={onClose} autoFocus>
          Cancel
        </button>
        <button type="button" className="danger solid" onClick={onKill}>
          Kill
        </button>
      </div>
    </Dialog>
  );
}
