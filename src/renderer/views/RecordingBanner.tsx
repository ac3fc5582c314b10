import type { OpenedRecording } from '../hooks/use-recordings';

/** Commands while a recording is shown are refused, in these words (the server's replay says the same). */
export const RECORDING_REFUSAL = 'this is a recording: nothing runs';

interface RecordingBannerProps {
  readonly recording: OpenedRecording;
  /** Null where there is no live lab to go back to (a page that `serve --replay` serves). */
  readonly onBackToLive: (() => void) | null;
}

/** Says, above everything, that what is shown is a recording and not the lab now. */
export function RecordingBanner({ recording, onBackToLive }: RecordingBannerProps) {
  const saved = new Date(recording.savedAt);
  return (
    <section className="recording-banner" role="status" aria-label="Recording shown">
      <strong>
        Recording: {recording.name}, saved {saved.toLocaleDateString()} {saved.toLocaleTimeString()}
      </strong>
      <span className="recording-note">Nothing runs: commands are off while a recording is shown.</span>
      {onBackToLive !== null && (
        <button type="button" className="primary" onClick={onBackToLive}>
          Back to live
        </button>
      )}
    </section>
  );
}
