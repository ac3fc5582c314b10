import type { LabEvent } from '../protocol';
import { csvRecord, csvTimes } from './csv';
import type { ChunkWriter } from './trace-stream';

export const SAMPLES_CSV_COLUMNS = ['t_s', 'time', 'kind', 'core', 'pid', 'tid', 'name', 'state', 'cpu_percent', 'rss_bytes'] as const;

const CHUNK_CHARS = 64 * 1024;

/**
 * The samples as one table: a row per core and one for all cores at each CPU sample ('core', 'all cores'),
 * a row per process and per thread of it at each process sample ('process', 'thread'). `state` is the
 * letter /proc gives (R running, S sleeping, D disk wait, T stopped, Z zombie); cpu in percent of one
 * core; rss in bytes (threads share their process's). Streamed: holds only the chunk being filled.
 */
export function samplesCsv(onChunk: (text: string) => void): ChunkWriter {
  let chunk = csvRecord(SAMPLES_CSV_COLUMNS);
  let origin: number | null = null;
  const flush = () => {
    if (chunk.length > 0) onChunk(chunk);
    chunk = '';
  };
  return {
    add(event: LabEvent) {
      origin ??= event.t;
      if (event.type === 'metrics.cpu') {
        const [t, time] = csvTimes(event.t, origin);
        event.cores.forEach((load, core) => (chunk += csvRecord([t, time, 'core', core, null, null, null, null, load, null])));
        chunk += csvRecord([t, time, 'all cores', null, null, null, null, null, event.total, null]);
      } else if (event.type === 'metrics.processes') {
        const [t, time] = csvTimes(event.t, origin);
        for (const process of event.processes) {
          chunk += csvRecord([t, time, 'process', null, process.pid, null, process.name, process.state, process.cpu, process.rss]);
          for (const thread of process.threads ?? []) chunk += csvRecord([t, time, 'thread', null, process.pid, thread.tid, thread.name, thread.state, thread.cpu, null]);
        }
      } else return;
      if (chunk.length >= CHUNK_CHARS) flush();
    },
    end: flush,
  };
}
