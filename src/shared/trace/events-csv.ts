import type { LabEvent } from '../protocol';
import { csvRecord, csvTimes } from './csv';
import { describeFact, describeForLog } from './describe-for-log';
import type { ChunkWriter } from './trace-stream';

export const EVENTS_CSV_COLUMNS = ['t_s', 'time', 'worker', 'worker_id', 'event', 'what'] as const;

const CHUNK_CHARS = 64 * 1024;

/**
 * The event log as a table: each lifecycle event and each sync fact, in order, with who did it and what
 * happened in words (samples and output are not in it: samples.csv has the samples). Holds the workers'
 * names (one per worker) and the chunk being filled.
 */
export function eventsCsv(onChunk: (text: string) => void): ChunkWriter {
  const names = new Map<string, string>();
  const nameOf = (workerId: string) => names.get(workerId) ?? workerId;
  let chunk = csvRecord(EVENTS_CSV_COLUMNS);
  let origin: number | null = null;
  const flush = () => {
    if (chunk.length > 0) onChunk(chunk);
    chunk = '';
  };
  return {
    add(event: LabEvent) {
      origin ??= event.t;
      if (event.type === 'worker.starting') names.set(event.worker.id, event.worker.name);
      if (event.type === 'worker.closed') names.set(event.workerId, event.name);
      if (event.type === 'sync.facts') {
        for (const fact of event.facts) chunk += csvRecord([...csvTimes(fact.t, origin), nameOf(fact.actor), fact.actor, fact.op, describeFact(fact)]);
      } else {
        const line = describeForLog(event, nameOf);
        if (line === null) return;
        chunk += csvRecord([...csvTimes(event.t, origin), line.workerId === null ? 'lab' : nameOf(line.workerId), line.workerId, event.type, line.what]);
      }
      if (chunk.length >= CHUNK_CHARS) flush();
    },
    end: flush,
  };
}
