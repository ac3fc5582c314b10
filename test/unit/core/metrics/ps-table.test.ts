import { describe, expect, it } from 'vitest';
import { parsePsTable } from '../../../../src/core/metrics/ps-table';

describe('parsePsTable', () => {
  it('reads pid, ppid, start and the whole command line (Linux and macOS print lstart alike)', () => {
    const text = [
      '    1     0 Tue Nov 24 09:02:01 2026 /sbin/init splash',
      ' 4901     1 Tue Nov  3 19:29:10 2026 sh -c sleep 30 & sleep 30; wait',
      '    2     0 Tue Nov 24 09:02:01 2026 [kthreadd]',
      'garbage',
      '',
    ].join('\n');
    const rows = parsePsTable(text);
    expect(rows).toHaveLength(3);
    expect(rows[1]).toEqual({ pid: 4901, ppid: 1, startedAt: new Date(2026, 10, 3, 19, 29, 10).getTime(), command: 'sh -c sleep 30 & sleep 30; wait' });
    expect(rows[2]?.command).toBe('[kthreadd]');
  });
});
