import type { LabEvent } from '../protocol';
import { chunkedCsv } from './csv';
import { describeFact, describeForLog } from './describe-for-log';
import type { ChunkWriter } from './trace-stream';

export const EVENTS_CSV_COLUMNS = ['t_s', 'time', 'worker', 'worker_id', 'event', 'what'] as const;

/**
 * The event log as a table: each lifecycle event and each sync fact, in order, with who did it and what
 * happened in words (samples and output are not in it: samples.csv has the samples). Holds the workers'
 * names (one per worker) and the chunk being filled.
 */
export function eventsCsv(onChunk: (text: string) => void): ChunkWriter {
  const names = new Map<string, string>();
  const nameOf = (workerId: string) => names.get(workerId) ?? workerId;
  const table = chunkedCsv(EVENTS_CSV_COLUMNS, onChunk);
  return {
    add(event: LabEvent) {
      // The first event of any kind is the table's origin, as before a row is written.
      const eventTimes = table.times(event.t);
      if (event.type === 'worker.starting') names.set(event.worker.id, event.worker.name);
      if (event.type === 'worker.closed') names.set(event.workerId, event.name);
      if (event.type === 'sync.facts') {
        for (const fact of event.facts) table.row([...table.times(fact.t), nameOf(fact.actor), fact.actor, fact.op, describeFact(fact)]);
        return;
      }
      const line = describeForLog(event, nameOf);
      if (line !== null) table.row([...eventTimes, line.workerId === null ? 'lab' : nameOf(line.workerId), line.workerId, event.type, line.what]);
    },
    end: table.end,
  };
}
