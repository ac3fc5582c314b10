import type { LabEvent } from '../protocol';
import { chunkedCsv } from './csv';
import type { ChunkWriter } from './trace-stream';

export const SAMPLES_CSV_COLUMNS = ['t_s', 'time', 'kind', 'core', 'pid', 'tid', 'name', 'state', 'cpu_percent', 'rss_bytes'] as const;

/**
 * The samples as one table: a row per core and one for all cores at each CPU sample ('core', 'all cores'),
 * a row per process and per thread of it at each process sample ('process', 'thread'). `state` is the
 * letter /proc gives (R running, S sleeping, D disk wait, T stopped, Z zombie); cpu in percent of one
 * core; rss in bytes (threads share their process's). Streamed: holds only the chunk being filled.
 */
export function samplesCsv(onChunk: (text: string) => void): ChunkWriter {
  const table = chunkedCsv(SAMPLES_CSV_COLUMNS, onChunk);
  return {
    add(event: LabEvent) {
      const [t, time] = table.times(event.t);
      if (event.type === 'metrics.cpu') {
        event.cores.forEach((load, core) => table.row([t, time, 'core', core, null, null, null, null, load, null]));
        table.row([t, time, 'all cores', null, null, null, null, null, event.total, null]);
      } else if (event.type === 'metrics.processes') {
        for (const process of event.processes) {
          table.row([t, time, 'process', null, process.pid, null, process.name, process.state, process.cpu, process.rss]);
          for (const thread of process.threads ?? []) table.row([t, time, 'thread', null, process.pid, thread.tid, thread.name, thread.state, thread.cpu, null]);
        }
      }
    },
    end: table.end,
  };
}
