import { useRef } from 'react';
import { RECORDING_EXTENSION } from '../../shared/recording-format';
import { EXPORT_FILES } from '../../shared/trace/export-kinds';
import { exportLinks } from '../transport/export-links';

const LINKS = exportLinks();

interface FileMenuProps {
  readonly canSave: boolean;
  onSave(): void;
  onOpen(file: File): void;
}

/**
 * "File": save the run as a recording, open a saved one (shown with nothing running), or export it: a trace
 * for ui.perfetto.dev, the samples and the event log as CSV. One menu, because the header is full at
 * 1280 px; each item says its whole name.
 */
export function FileMenu({ canSave, onSave, onOpen }: FileMenuProps) {
  const menu = useRef<HTMLDetailsElement>(null);
  const close = () => menu.current?.removeAttribute('open');
  return (
    <details className="export-menu file-menu" ref={menu}>
      <summary className="button" title="save or open a recording; export a trace or CSV">
        {/* Below 1100 px the header has room for the icon only; the word stays, for screen readers. */}
        <span className="export-icon" aria-hidden="true">
          ⤓
        </span>
        <span className="export-word">File</span>
      </summary>
      <div className="export-items" role="group" aria-label="Recording and export">
        <button
          type="button"
          onClick={() => {
            close();
            onSave();
          }}
          disabled={!canSave}
          title={canSave ? `the run so far as a file (${RECORDING_EXTENSION})` : 'not connected to the lab'}
        >
          Save recording <span className="dim">{RECORDING_EXTENSION}</span>
        </button>
        {/* One control: the file input itself (focusable, named), drawn as a menu item by its label. */}
        <label className="open-recording" title="a saved run, shown with nothing running">
          Open recording…
          <input
            type="file"
            className="visually-hidden"
            aria-label="Open recording"
            accept={`${RECORDING_EXTENSION},application/gzip,application/octet-stream`}
            onChange={(event) => {
              const file = event.currentTarget.files?.[0];
              // Cleared, so that choosing the same file again opens it again.
              event.currentTarget.value = '';
              close();
              if (file !== undefined) onOpen(file);
            }}
          />
        </label>
        {LINKS !== null && (
          <>
            <a href={LINKS.trace} download={EXPORT_FILES.trace} onClick={close} title="Chrome trace JSON: open it in ui.perfetto.dev">
              Export trace <span className="dim">{EXPORT_FILES.trace}, for Perfetto</span>
            </a>
            <a href={LINKS.samples} download={EXPORT_FILES.samples} onClick={close} title="CPU per core, and each process and thread, at every sample">
              Export CSV <span className="dim">{EXPORT_FILES.samples}</span>
            </a>
            <a href={LINKS.events} download={EXPORT_FILES.events} onClick={close} title="every lifecycle event and sync fact, in words">
              Export CSV <span className="dim">{EXPORT_FILES.events}</span>
            </a>
          </>
        )}
      </div>
    </details>
  );
}
