import type { ReactNode } from 'react';
import type { LabState } from '../../shared/lab-state';
import { formatBytes } from '../format/units';
import { LabCostFact } from './LabCostFact';
import type { LabSnapshot } from '../store/lab-store';

interface HeaderProps {
  readonly snapshot: LabSnapshot;
  /** Processes or Synchronisation: which regions fill the main area. */
  readonly viewSwitch: ReactNode;
  /** Save recording, Open recording. */
  /** Save / open a recording, export a trace or CSV. */
  readonly fileMenu: ReactNode;
  /** Why commands are off even though the page is connected (a recording is shown), or null. */
  readonly commandsOff: string | null;
  onStart(): void;
  onTerminateAll(): void;
  onTogglePause(): void;
  /** Presentation mode: the scenario's panels (or the view on screen) large, for a projector. */
  onPresent(): void;
  onHelp(): void;
}

/**
 * The connection in a pill of fixed width, so that nothing else in the header moves when it changes: short
 * words on the pill, the whole story in its accessible name. A stopping lab says so in the same place.
 */
const STATUS_WORDS: Readonly<Record<LabSnapshot['status'] | 'stopping' | 'recording', { readonly short: string; readonly long: string }>> = {
  connecting: { short: 'connecting…', long: 'connecting…' },
  connected: { short: 'connected', long: 'connected' },
  disconnected: { short: 'reconnecting…', long: 'disconnected, retrying…' },
  stopping: { short: 'lab stopping', long: 'connected; the lab is stopping' },
  recording: { short: 'recording', long: 'showing a recording: nothing runs' },
};

/** The app's name, the facts of the host, the connection, and the actions on the whole lab. */
export function Header({ snapshot, viewSwitch, fileMenu, commandsOff, onStart, onTerminateAll, onTogglePause, onPresent, onHelp }: HeaderProps) {
  const { state, status, paused } = snapshot;
  const connected = status === 'connected';
  const offReason = commandsOff ?? (connected ? null : 'not connected to the lab');
  const shown = snapshot.mode.kind === 'recording' ? 'recording' : connected && state.stopping ? 'stopping' : status;
  const news = snapshot.eventsWhilePaused;
  return (
    <header className="app-header">
      <div className="brand">
        <span className="logo" aria-hidden="true" />
        <h1>Concurrency Lab</h1>
      </div>
      <HostFacts state={state} />
      <div className="header-status">
        <span className={`connection ${shown}`} role="status" aria-label={`Connection: ${STATUS_WORDS[shown].long}`} title={STATUS_WORDS[shown].long}>
          <span className="dot" aria-hidden="true" />
          {STATUS_WORDS[shown].short}
        </span>
        {/* Always there, hidden while live: pausing must not move the rest of the header. */}
        <span
          className={paused ? 'paused-badge' : 'paused-badge idle'}
          role="status"
          title={`the lab keeps running${news > 0 ? ` (${news} new events since)` : ''}; Space resumes the view`}
        >
          {paused ? 'Paused' : ''}
        </span>
      </div>
      <div className="header-actions">
        {viewSwitch}
        <button type="button" className="primary solid" onClick={onStart} disabled={offReason !== null} title={offReason ?? undefined}>
          Start workers
        </button>
        <button type="button" className="warn" onClick={onTerminateAll} disabled={offReason !== null} title={offReason ?? 'terminate every worker and its children'}>
          Terminate all
        </button>
        <button type="button" aria-pressed={paused} onClick={onTogglePause} disabled={commandsOff !== null} title="freeze the view; the lab keeps running (Space)">
          <span className="pause-icon" aria-hidden="true">
            {paused ? '▶' : '❚❚'}
          </span>
          <span className="pause-word">{paused ? 'Resume' : 'Pause'}</span>
        </button>
        <button type="button" className="present-button" onClick={onPresent} title="presentation mode: large type, only the panels that matter; Space / B step, Esc leaves (F5)">
          <span className="present-icon" aria-hidden="true">
            ▣
          </span>
          <span className="present-word">Present</span>
        </button>
        {fileMenu}
        <button type="button" className="help-button" onClick={onHelp} aria-label="Help" title="Help: keyboard shortcuts (?)">
          ?
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
      {/* One fact for the machine: "2 × AMD EPYC", or "2 cores" where the header is narrow; the OS, its memory and the full model are in the tooltip (the room went to the lab's own cost). */}
      <div className="cpu-model">
        <dt>CPU</dt>
        <dd title={[`${host.cores} cores`, cpuModel, system?.memTotal != null ? `${formatBytes(system.memTotal)} memory` : null, system?.os ?? host.platform].filter(Boolean).join(' · ')}>
          <span className="mono">{host.cores}</span>
          <span className="cores-word"> cores</span>
          <span className="cpu-name"> × {cpuModel ?? host.platform}</span>
        </dd>
      </div>
      <div className="host-pid">
        <dt>Host PID</dt>
        <dd className="mono">{host.pid}</dd>
      </div>
      <LabCostFact state={state} />
    </dl>
  );
}
