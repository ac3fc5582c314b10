import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Lab } from '../core/lab-api';
import type { LabEvent } from '../shared/protocol';
import type { ExportKind } from '../shared/trace/export-kinds';
import { EXPORT_FORMATS } from '../shared/trace/exports';

/**
 * A download of the live lab's recording as a Perfetto trace or a CSV, streamed through the transform as the
 * socket takes it (never built whole). It covers what was recorded when it was asked for: the recording goes
 * on growing meanwhile, and a busy lab would otherwise never let the download end.
 */
/** What an export reads: the live lab's recording and its host. */
export type ExportSource = Pick<Lab, 'recording' | 'state'>;

export function sendExport(request: IncomingMessage, response: ServerResponse, kind: ExportKind, lab: ExportSource): void {
  const format = EXPORT_FORMATS[kind];
  response.writeHead(200, {
    'Content-Type': format.contentType,
    'Content-Disposition': `attachment; filename="${format.fileName}"`,
    'Cache-Control': 'no-store',
  });
  if (request.method === 'HEAD') return void response.end();
  const recorder = lab.recording().recorder;
  const hostPid = lab.state().host?.pid;
  const chunks = format.chunks(upTo(recorder.events(), recorder.lastSeq), hostPid === undefined ? {} : { hostPid });
  pipeline(Readable.from(paced(chunks)), response).catch((error: unknown) => {
    // The person closed the tab or cancelled: nothing to tell. Anything else is a bug in the transform.
    if ((error as { code?: string }).code !== 'ERR_STREAM_PREMATURE_CLOSE') console.error(`concurrency-lab: the ${format.fileName} download failed:`, error);
  });
}

/** The recorded events up to `last` (the batch holding it included, so no fact recorded by then is left out). */
function* upTo(events: Iterable<LabEvent>, last: number): Generator<LabEvent> {
  for (const event of events) {
    yield event;
    if (event.seq >= last) return;
  }
}

/** Lets the lab's loop turn between chunks: a download over loopback must not hold up the workers' messages. */
async function* paced(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  for await (const chunk of chunks) {
    yield chunk;
    await nextTurn();
  }
}
