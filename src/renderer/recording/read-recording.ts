import { NOT_A_RECORDING, RecordingReader, type RecordingRead } from '../../shared/recording-reader';

/**
 * Reads a recording in the page, as the host does (the same shared reader, its bounds and its sentences):
 * gunzipped by the browser's DecompressionStream as the bytes arrive, decoded, checked line by line, the
 * first problem ending the read. Input that is not gzip is not a recording; gzip that breaks off is one
 * cut short.
 */
export async function readRecording(bytes: ReadableStream<BufferSource>): Promise<RecordingRead> {
  const reader = new RecordingReader();
  const text = bytes.pipeThrough(new DecompressionStream('gzip')).pipeThrough(new TextDecoderStream());
  const pieces = text.getReader();
  let sawText = false;
  try {
    for (;;) {
      const { done, value } = await pieces.read();
      if (done) return reader.end();
      sawText = true;
      const error = reader.push(value);
      if (error !== null) {
        void pieces.cancel();
        return { ok: false, error };
      }
    }
  } catch {
    return { ok: false, error: sawText ? reader.brokenOff() : NOT_A_RECORDING };
  }
}

/** In browser mode, where the lab's page came from: the route that gives its recording (server/recording-route.ts). */
export function serverRecordingUrl(location: Pick<Location, 'search'>): string | null {
  const token = new URLSearchParams(location.search).get('token');
  return token === null ? null : `/recording?token=${encodeURIComponent(token)}`;
}

/** The recording a `serve --replay` page was opened for: its name, from the URL the server printed. */
export function replayedName(location: Pick<Location, 'search'>): string | null {
  return new URLSearchParams(location.search).get('replay');
}
