import type { Availability } from '../model/worker-actions';

interface ActionButtonProps {
  readonly label: string;
  readonly availability: Availability;
  readonly tone?: 'danger' | 'warn';
  readonly shortcut?: string;
  onClick(): void;
}

/** A worker action; when it cannot apply it is disabled and its title says why (else it names its key). */
export function ActionButton({ label, availability, tone, shortcut, onClick }: ActionButtonProps) {
  const title = availability.reason ?? (shortcut === undefined ? undefined : `shortcut: ${shortcut}`);
  return (
    <button type="button" className={tone === undefined ? 'action' : `action ${tone}`} disabled={!availability.enabled} title={title} onClick={onClick}>
      {label}
    </button>
  );
}

/** The reasons a row of actions is disabled, said once, under the row. */
export function DisabledHint({ reasons, except }: { reasons: readonly Availability[]; except: string | null }) {
  const unique = [...new Set(reasons.map((each) => each.reason).filter((reason): reason is string => reason !== null && reason !== except))];
  if (unique.length === 0) return null;
  return <p className="hint">{unique.join('; ')}</p>;
}
