import { describe, expect, it } from 'vitest';
import { ForkCounter, parseForkCount } from '../../../../src/core/metrics/fork-counter';

const STAT = `cpu  15308 21 5453 907868 483 0 127 28 0 0
cpu0 6900 11 2393 455025 121 0 22 12 0 0
intr 510420 0 0 0 0 0
ctxt 1195682
btime 1795510921
processes 11600
procs_running 2
`;

describe('parseForkCount', () => {
  it('reads the processes line of /proc/stat', () => {
    const bytes = Buffer.from(STAT, 'latin1');
    expect(parseForkCount(bytes, bytes.length)).toBe(11600);
  });

  it('gives null when the line is missing or cut off by a short read', () => {
    const bytes = Buffer.from(STAT, 'latin1');
    expect(parseForkCount(bytes, STAT.indexOf('processes') + 12)).toBeNull();
    expect(parseForkCount(bytes, STAT.indexOf('processes'))).toBeNull();
    const other = Buffer.from('cpu 1 2 3\nintr 4\n', 'latin1');
    expect(parseForkCount(other, other.length)).toBeNull();
  });
});

describe('ForkCounter', () => {
  it.runIf(process.platform === 'linux')('reads a count that only grows', () => {
    const counter = new ForkCounter();
    const first = counter.read();
    expect(first).toBeGreaterThan(0);
    expect(counter.read()).toBeGreaterThanOrEqual(first!);
    counter.close();
  });
});
