import type { Toast } from '../hooks/use-toasts';

/** Errors from commands, as the lab worded them; each stays until dismissed or for a few seconds. */
export function Toasts({ toasts, onDismiss }: { toasts: readonly Toast[]; onDismiss(id: number): void }) {
  return (
    <div className="toasts">
      {toasts.map((toast) => (
        <div key={toast.id} className="toast" role="alert">
          <span className="toast-icon" aria-hidden="true">
            !
          </span>
          <span className="toast-text">
            <strong>{toast.title}</strong> {toast.message}
          </span>
          <button type="button" className="toast-close" aria-label="Dismiss" onClick={() => onDismiss(toast.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
