import { memo, useRef } from 'react';
import { RECORDING_EXTENSION } from '../../shared/recording-format';
import { EXPORT_FILES, type ExportKind } from '../../shared/trace/export-kinds';
import { downloadRecordingExport, type ExportableRecording } from '../recording/export-recording';
import { exportLinks } from '../transport/export-links';

const LINKS = exportLinks();

interface FileMenuProps {
  readonly canSave: boolean;
  /** The recording shown, if one is: the exports are of it (made in the page), not of the live lab. */
  readonly shown: ExportableRecording | null;
  onSave(): void;
  onOpen(file: File): void;
  onExportFailed(message: string): void;
}

/** The three exports, each named in full: "Export trace trace.json, for Perfetto", "Export CSV samples.csv". */
const EXPORTS: readonly { readonly kind: ExportKind; readonly word: string; readonly note: string; readonly title: string }[] = [
  { kind: 'trace', word: 'Export trace', note: `${EXPORT_FILES.trace}, for Perfetto`, title: 'Chrome trace JSON: open it in ui.perfetto.dev' },
  { kind: 'samples', word: 'Export CSV', note: EXPORT_FILES.samples, title: 'CPU per core, and each process and thread, at every sample' },
  { kind: 'events', word: 'Export CSV', note: EXPORT_FILES.events, title: 'every lifecycle event and sync fact, in words' },
];

/**
 * "File": save the run as a recording, open a saved one (shown with nothing running), or export it: a trace
 * for ui.perfetto.dev, the samples and the event log as CSV. One menu, because the header is full at
 * 1280 px; each item says its whole name.
 */
export const FileMenu = memo(FileMenuView);

/**
 * Memoised (its props are stable): the header is drawn every frame, and each time React set the file
 * input's name and type again, a style invalidation per frame for a menu that had not changed.
 */
function FileMenuView({ canSave, shown, onSave, onOpen, onExportFailed }: FileMenuProps) {
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
        {shown !== null
          ? EXPORTS.map(({ kind, word, note, title }) => (
              <button
                key={kind}
                type="button"
                title={`${title} (of the recording shown)`}
                onClick={() => {
                  close();
                  downloadRecordingExport(kind, shown).catch((error: unknown) => onExportFailed(error instanceof Error ? error.message : String(error)));
                }}
              >
                {word} <span className="dim">{note}</span>
              </button>
            ))
          : LINKS !== null &&
            EXPORTS.map(({ kind, word, note, title }) => (
              <a key={kind} href={LINKS[kind]} download={EXPORT_FILES[kind]} onClick={close} title={title}>
                {word} <span className="dim">{note}</span>
              </a>
            ))}
      </div>
    </details>
  );
}
