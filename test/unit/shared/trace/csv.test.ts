import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { LabEvent } from '../../../../src/shared/protocol';
import { csvField, csvRecord } from '../../../../src/shared/trace/csv';
import { exportText } from '../../../../src/shared/trace/exports';

const process = (name: string) => ({ pid: 42, ppid: 1, start: 1, startedAt: 0, name, command: name, state: 'S', cpu: 1.5, cpuTimeMs: 3, rss: 1024, threads: [{ tid: 43, name: `${name} thread`, state: 'R', cpu: 1 }], orphan: false });

describe('CSV (RFC 4180)', () => {
  it('quotes a field only when it holds a comma, a quote, CR or LF, doubling its quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(Number.NaN)).toBe('');
    expect(csvRecord(['a', 1, null])).toBe('a,1,\r\n');
  });

  it('a process named with a comma and a quote parses back to its name, in samples and in the log', async () => {
    const name = 'my,"odd" name\r\nreally';
    const events: LabEvent[] = [
      { type: 'metrics.processes', seq: 1, t: 1_000, processes: [process(name)] },
      { type: 'process.signalled', seq: 2, t: 1_500, pid: 42, start: 1, name, signal: 'SIGTERM', escalated: false },
    ];
    const samples = parse(await exportText('samples', events), { columns: true }) as Record<string, string>[];
    expect(samples.map((row) => [row.kind, row.name, row.tid])).toEqual([
      ['process', name, ''],
      ['thread', `${name} thread`, '43'],
    ]);
    const log = parse(await exportText('events', events), { columns: true }) as Record<string, string>[];
    expect(log).toHaveLength(1);
    expect(log[0]!.what).toBe(`signal SIGTERM sent to pid 42 (${name})`);
    expect(log[0]!.t_s).toBe('0.5');
  });
});
