import type { LabEvent } from '../../shared/protocol';
import type { ExportKind } from '../../shared/trace/export-kinds';
import { EXPORT_FORMATS } from '../../shared/trace/exports';

/** A recording shown in the page, as its exports need it: its events and the host's pid (its last keyframe's). */
export interface ExportableRecording {
  readonly events: readonly LabEvent[];
  readonly hostPid: number | undefined;
}

/**
 * Exports the recording the page shows, in the page: the same transforms the server streams for a live lab
 * (src/shared/trace), their chunks gathered into a Blob and downloaded. The server cannot do it: a file opened
 * with "Open recording…" never reached it, and its routes export the live lab. The recording is already in the
 * page's memory and bounded by the reader's limits, so the text is too (about 4x the events' JSON at most).
 */
export async function downloadRecordingExport(kind: ExportKind, recording: ExportableRecording): Promise<void> {
  const format = EXPORT_FORMATS[kind];
  const chunks: string[] = [];
  for await (const chunk of format.chunks(recording.events, recording.hostPid === undefined ? {} : { hostPid: recording.hostPid })) chunks.push(chunk);
  const url = URL.createObjectURL(new Blob(chunks, { type: format.contentType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = format.fileName;
  link.click();
  // After the click has started the download (the browser holds the Blob from then on).
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
