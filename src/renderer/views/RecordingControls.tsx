import { RECORDING_EXTENSION } from '../../shared/recording-format';

interface RecordingControlsProps {
  readonly canSave: boolean;
  onSave(): void;
  onOpen(file: File): void;
}

/**
 * Save the lab's run to a file; open a saved one (a file input drawn as a button). Short words on the
 * buttons, because the header is full at 1280 px; their whole names are their accessible names and titles.
 */
export function RecordingControls({ canSave, onSave, onOpen }: RecordingControlsProps) {
  return (
    <div className="recording-controls" role="group" aria-label="Recording">
      <button
        type="button"
        aria-label="Save recording"
        onClick={onSave}
        disabled={!canSave}
        title={canSave ? `Save recording: the run so far as a file (${RECORDING_EXTENSION})` : 'not connected to the lab'}
      >
        Save
      </button>
      {/* One control: the file input itself (focusable, named), drawn as a button by its label. */}
      <label className="open-recording" title="Open recording: a saved run, shown with nothing running">
        Open…
        <input
          type="file"
          className="visually-hidden"
          aria-label="Open recording"
          accept={`${RECORDING_EXTENSION},application/gzip,application/octet-stream`}
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            // Cleared, so that choosing the same file again opens it again.
            event.currentTarget.value = '';
            if (file !== undefined) onOpen(file);
          }}
        />
      </label>
    </div>
  );
}
