import type { LabEvent } from '../protocol';

/** What the exporters read: a recording's events in order, from memory (recorder.events()) or a file. */
export type LabEventSource = Iterable<LabEvent> | AsyncIterable<LabEvent>;

/** A writer that turns events into text: add each, then end; it hands out chunks as they fill. */
export interface ChunkWriter {
  add(event: LabEvent): void;
  end(): void;
}

/**
 * Runs events through a writer and yields its text chunk by chunk, pulling the next event only when the
 * reader wants more: a download of a long run streams, never built whole in memory.
 */
export async function* streamChunks(events: LabEventSource, writer: (onChunk: (text: string) => void) => ChunkWriter): AsyncGenerator<string> {
  let ready: string[] = [];
  const out = writer((text) => ready.push(text));
  for await (const event of events) {
    out.add(event);
    if (ready.length > 0) {
      const chunks = ready;
      ready = [];
      yield* chunks;
    }
  }
  out.end();
  yield* ready;
}
