import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { basename } from 'node:path';
import { pipeline, type Readable } from 'node:stream';
import type { Clock } from '../core/clock';
import type { Lab } from '../core/lab-api';
import { recordingFileName, recordingStream } from '../core/recorder/recording-writer';
import { send } from './static-files';

/** Where a page downloads the recording: the live lab's (a save), or the one a replay serves. */
export const RECORDING_PATH = '/recording';

/** A recording to send: its gzip bytes, streamed, and the name a download gets. */
export interface RecordingSource {
  open(): { readonly stream: Readable; readonly fileName: string };
}

/**
 * Answers GET /recording (the server checked the host and the token): the file as a download. A request
 * another site's page made is refused (Sec-Fetch-Site, where the browser sends it): the token is the lock,
 * this is the second bolt. The bytes are the file's own gzip, not a Content-Encoding, so that the browser
 * saves them as they are and the page can read them with its own decompression.
 */
export function serveRecording(request: IncomingMessage, response: ServerResponse, source: RecordingSource): void {
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return send(response, 403, 'a recording is only given to the lab\'s own page');
  const { stream, fileName } = source.open();
  response.writeHead(200, {
    'Content-Type': 'application/octet-stream',
    'Content-Disposition': `attachment; filename="${fileName.replace(/[^\w.-]/g, '_')}"`,
    'Cache-Control': 'no-store',
  });
  if (request.method === 'HEAD') {
    stream.destroy();
    return void response.end();
  }
  pipeline(stream, response, (error) => {
    // Headers are gone by now: a failed stream can only cut the download short, which its reader detects.
    if (error && !response.destroyed) response.destroy();
  });
}

/** The live lab's recording, written as it is when the download begins. */
export function liveRecording(lab: Pick<Lab, 'recording' | 'state'>, clock: Clock): RecordingSource {
  return {
    open: () => {
      const savedAt = clock.now();
      return { stream: recordingStream(lab.recording().recorder, lab.state(), savedAt), fileName: recordingFileName(savedAt) };
    },
  };
}

/** A recording file served as it is (a replay's): the page reads it with the same checks as any file. */
export function fileRecording(path: string): RecordingSource {
  return { open: () => ({ stream: createReadStream(path), fileName: basename(path) }) };
}
