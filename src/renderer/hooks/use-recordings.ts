import { useCallback, useEffect, useState } from 'react';
import type { ExportableRecording } from '../recording/export-recording';
import { readRecording, replayedName, serverRecordingUrl } from '../recording/read-recording';
import type { LabStore } from '../store/lab-store';

/** The recording shown, as its file says: for the "Recording: NAME, saved ..." banner, and its exports. */
export interface OpenedRecording extends ExportableRecording {
  readonly name: string;
  readonly savedAt: number;
}

/**
 * Open and Save: a file the user picks is read (read-recording.ts) and shown by the store; a bad one is a
 * toast with the reader's sentence, and nothing else changes. A page that `serve --replay` opened loads the
 * server's recording at once. Save downloads the server's recording (browser mode) or asks the Electron
 * shell to write it (its save dialog).
 */
export function useRecordings(store: LabStore, onError: (title: string, message: string) => void) {
  const [opened, setOpened] = useState<OpenedRecording | null>(null);

  const open = useCallback(
    async (name: string, bytes: ReadableStream<BufferSource>) => {
      const read = await readRecording(bytes);
      if (!read.ok) return onError(`Cannot open ${name}:`, read.error);
      const { header, keyframes, events } = read.recording;
      try {
        store.openRecording(name, events, keyframes[0]?.state);
      } catch (error) {
        // Valid line by line, yet facts that do not fit their primitives (a crafted file): said, nothing shown.
        return onError(`Cannot open ${name}:`, `its facts do not fold (${error instanceof Error ? error.message : String(error)})`);
      }
      setOpened({ name, savedAt: header.savedAt, events, hostPid: (keyframes.at(-1) ?? keyframes[0])?.state.host?.pid });
    },
    [store, onError],
  );

  const openFile = useCallback((file: File) => void open(file.name, file.stream()), [open]);

  useEffect(() => {
    const name = replayedName(window.location);
    const url = serverRecordingUrl(window.location);
    if (name === null || url === null) return;
    void fetch(url).then(
      (response) => (response.ok && response.body !== null ? open(name, response.body) : onError(`Cannot open ${name}:`, `the server answered ${response.status}`)),
      () => onError(`Cannot open ${name}:`, 'the server did not answer'),
    );
  }, [open, onError]);

  const save = useCallback(() => {
    if (window.lab !== undefined) {
      void window.lab.saveRecording().then((outcome) => {
        const failed = outcome as { ok?: unknown; error?: unknown } | null;
        if (failed?.ok === false && typeof failed.error === 'string') onError('Save refused:', failed.error);
      });
      return;
    }
    const url = serverRecordingUrl(window.location);
    if (url === null) return onError('Save refused:', 'this page has no lab to save from');
    // The server names the file (Content-Disposition); the download attribute makes it a download.
    const link = document.createElement('a');
    link.href = url;
    link.download = '';
    link.click();
  }, [onError]);

  const backToLive = useCallback(() => {
    store.backToLive();
    setOpened(null);
  }, [store]);

  return { opened, openFile, save, backToLive };
}
