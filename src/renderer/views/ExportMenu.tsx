import { useRef } from 'react';
import { EXPORT_FILES } from '../../shared/trace/export-kinds';
import { exportLinks } from '../transport/export-links';

const LINKS = exportLinks();

/**
 * "Export": the run so far as a trace for ui.perfetto.dev, or as CSV (the samples, the event log), each a
 * download of what the lab has recorded. One menu, so the header keeps its room.
 */
export function ExportMenu() {
  const menu = useRef<HTMLDetailsElement>(null);
  if (LINKS === null) return null;
  const close = () => menu.current?.removeAttribute('open');
  return (
    <details className="export-menu" ref={menu}>
      <summary className="button" title="download what the lab has recorded so far">
        {/* Below 1100 px the header has room for the icon only; the word stays, for screen readers. */}
        <span className="export-icon" aria-hidden="true">
          ⤓
        </span>
        <span className="export-word">Export</span>
      </summary>
      <div className="export-items">
        <a href={LINKS.trace} download={EXPORT_FILES.trace} onClick={close} title="Chrome trace JSON: open it in ui.perfetto.dev">
          Export trace <span className="dim">{EXPORT_FILES.trace}, for Perfetto</span>
        </a>
        <a href={LINKS.samples} download={EXPORT_FILES.samples} onClick={close} title="CPU per core, and each process and thread, at every sample">
          Export CSV <span className="dim">{EXPORT_FILES.samples}</span>
        </a>
        <a href={LINKS.events} download={EXPORT_FILES.events} onClick={close} title="every lifecycle event and sync fact, in words">
          Export CSV <span className="dim">{EXPORT_FILES.events}</span>
        </a>
      </div>
    </details>
  );
}
