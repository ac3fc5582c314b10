import { eventsCsv } from './events-csv';
import { EXPORT_FILES, type ExportKind } from './export-kinds';
import { PerfettoTraceWriter, type TraceOptions } from './perfetto-trace';
import { samplesCsv } from './samples-csv';
import { streamChunks, type LabEventSource } from './trace-stream';

export interface ExportFormat {
  /** The file name a download is given. */
  readonly fileName: string;
  readonly contentType: string;
  /** The run's events in, the file's text out, chunk by chunk. */
  chunks(events: LabEventSource, options?: TraceOptions): AsyncGenerator<string>;
}

export const EXPORT_FORMATS: Readonly<Record<ExportKind, ExportFormat>> = {
  trace: {
    fileName: EXPORT_FILES.trace,
    contentType: 'application/json; charset=utf-8',
    chunks: (events, options) => streamChunks(events, (onChunk) => new PerfettoTraceWriter(onChunk, options)),
  },
  samples: {
    fileName: EXPORT_FILES.samples,
    contentType: 'text/csv; charset=utf-8; header=present',
    chunks: (events) => streamChunks(events, samplesCsv),
  },
  events: {
    fileName: EXPORT_FILES.events,
    contentType: 'text/csv; charset=utf-8; header=present',
    chunks: (events) => streamChunks(events, eventsCsv),
  },
};

/** The whole text of an export at once (tests, small runs); a download streams `chunks` instead. */
export async function exportText(kind: ExportKind, events: LabEventSource, options?: TraceOptions): Promise<string> {
  let text = '';
  for await (const chunk of EXPORT_FORMATS[kind].chunks(events, options)) text += chunk;
  return text;
}
