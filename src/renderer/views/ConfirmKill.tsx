import type { WorkerView } from '../../shared/lab-state';
import type { ProcessTarget } from '../model/process-actions';
import { Dialog } from './Dialog';

/** What is about to be killed: a worker, or a process of the tree that is not one. */
export type KillTarget = { readonly kind: 'worker'; readonly worker: WorkerView } | { readonly kind: 'process'; readonly process: ProcessTarget };

/** SIGKILL cannot be caught or undone, so the lab asks first. */
export function ConfirmKill({ target, onKill, onClose }: { target: KillTarget; onKill(): void; onClose(): void }) {
  const { question, name, consequence } = describeKill(target);
  return (
    <Dialog label="Confirm kill" className="confirm" onClose={onClose}>
      <h2 className="dialog-title">{question}</h2>
      <p className="dialog-text">
        <span className="worker-name">{name}</span> ends at once, with no cleanup. {consequence}
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

function describeKill(target: KillTarget): { question: string; name: string; consequence: string } {
  if (target.kind === 'process') {
    const { pid, name } = target.process;
    return { question: `Kill process ${pid} (${name}) with SIGKILL?`, name, consequence: 'SIGKILL cannot be caught.' };
  }
  const { worker } = target;
  if (worker.kind === 'thread') {
    return {
      question: `Kill ${worker.id} (thread ${worker.tid ?? '?'}) with worker.terminate()?`,
      name: worker.name,
      consequence: 'Signals are for processes: a thread is stopped with worker.terminate(): expect exit code 1.',
    };
  }
  return { question: `Kill ${worker.id} (pid ${worker.pid ?? '?'}) with SIGKILL?`, name: worker.name, consequence: 'SIGKILL cannot be caught: expect exit code -9.' };
}
