import type { ReactNode } from 'react';
import type { LabState } from '../../shared/lab-state';
import { formatBytes } from '../format/units';
import type { LabSnapshot } from '../store/lab-store';

interface HeaderProps {
  readonly snapshot: LabSnapshot;
  /** Processes or Synchronisation: which regions fill the main area. */
  readonly viewSwitch: ReactNode;
  onStart(): void;
  onTerminateAll(): void;
  onTogglePause(): void;
  onHelp(): void;
}

const STATUS_WORDS: Readonly<Record<LabSnapshot['status'], string>> = {
  connecting: 'connecting…',
  connected: 'connected',
  disconnected: 'disconnected, retrying…',
};

/** The app's name, the facts of the host, the connection, and the actions on the whole lab. */
export function Header({ snapshot, viewSwitch, onStart, onTerminateAll, onTogglePause, onHelp }: HeaderProps) {
  const { state, status, paused } = snapshot;
  const connected = status === 'connected';
  return (
    <header className="app-header">
      <div className="brand">
        <span className="logo" aria-hidden="true" />
        <h1>Concurrency Lab</h1>
      </div>
      <HostFacts state={state} />
      <span className={`connection ${status}`} role="status" aria-label={`Connection: ${STATUS_WORDS[status]}`}>
        <span className="dot" aria-hidden="true" />
        {STATUS_WORDS[status]}
      </span>
      {paused && (
        <span className="paused-badge" role="status" title="the lab keeps running; Space resumes the view">
          Paused{snapshot.eventsWhilePaused > 0 ? ` · ${snapshot.eventsWhilePaused} new events` : ''}
        </span>
      )}
      {state.stopping && <span className="stopping-badge">lab stopping</span>}
      <div className="header-actions">
        {viewSwitch}
        <button type="button" className="primary solid" onClick={onStart} disabled={!connected} title={connected ? undefined : 'not connected to the lab'}>
          Start workers
        </button>
        <button type="button" className="warn" onClick={onTerminateAll} disabled={!connected} title="terminate every worker and its children">
          Terminate all
        </button>
        <button type="button" aria-pressed={paused} onClick={onTogglePause} title="freeze the view; the lab keeps running (Space)">
          {paused ? 'Resume' : 'Pause'}
        </button>
        <button type="button" onClick={onHelp} title="keyboard shortcuts (?)">
          Help
        </button>
      </div>
    </header>
  );
}

function HostFacts({ state }: { state: LabState }) {
  const { host, system } = state;
  if (host === null) return <div className="host-facts dim">waiting for the lab…</div>;
  const cpuModel = system?.cpuModel.replace(/\s+/g, ' ').trim();
  return (
    <dl className="host-facts" aria-label="Host">
      {/* One fact for the machine: "2 × AMD EPYC" on linux; the OS and the full model are in the tooltip. */}
      <div className="cpu-model">
        <dt>CPU</dt>
        <dd title={[cpuModel, system?.os ?? host.platform].filter(Boolean).join(' · ')}>
          <span className="mono">{host.cores}</span> × {cpuModel ?? host.platform}
        </dd>
      </div>
      {system?.memTotal != null && (
        <div>
          <dt>Memory</dt>
          <dd className="mono">{formatBytes(system.memTotal)}</dd>
        </div>
      )}
      <div>
        <dt>Host PID</dt>
        <dd className="mono">{host.pid}</dd>
      </div>
    </dl>
  );
}
