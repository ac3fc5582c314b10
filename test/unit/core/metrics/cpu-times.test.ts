import { describe, expect, it } from 'vitest';
import { loadBetween, parseBootTime, parseCpuLines } from '../../../../src/core/metrics/cpu-times';

const STAT_BEFORE = `cpu  15308 21 5453 907868 483 0 127 28 0 0
cpu0 6900 11 2393 455025 121 0 22 12 0 0
cpu1 8407 10 3059 452843 362 0 105 16 0 0
intr 510420 0 0 0 0 0 0 0 0 0 0 0
ctxt 1195682
btime 1795510921
processes 11600
`;
const STAT_AFTER = `cpu  15408 21 5453 907968 483 0 127 28 0 0
cpu0 6900 11 2393 455125 121 0 22 12 0 0
cpu1 8507 10 3059 452843 362 0 105 16 0 0
intr 510520 0 0 0 0 0 0 0 0 0 0 0
btime 1795510921
`;

const parse = (text: string) => {
  const bytes = Buffer.from(text, 'latin1');
  return parseCpuLines(bytes, bytes.length);
};

describe('parseCpuLines', () => {
  it('reads the aggregate line and each core, counting iowait as idle and guest time once', () => {
    const lines = parse(STAT_BEFORE)!;
    expect(lines.cores).toHaveLength(2);
    // user nice system idle iowait irq softirq steal; guest and guest_nice (the last two) are inside user.
    expect(lines.cores[0]).toEqual({ total: 6900 + 11 + 2393 + 455025 + 121 + 0 + 22 + 12, busy: 6900 + 11 + 2393 + 22 + 12 });
    expect(lines.total.total - lines.total.busy).toBe(907868 + 483);
  });

  it('gives null when the read stopped inside the cpu lines (the buffer was too small)', () => {
    const cut = Buffer.from(STAT_BEFORE, 'latin1');
    expect(parseCpuLines(cut, STAT_BEFORE.indexOf('cpu1') + 10)).toBeNull();
    // Cut right after a whole line is still short: another cpu line could follow.
    expect(parseCpuLines(cut, STAT_BEFORE.indexOf('cpu1'))).toBeNull();
    expect(parse('intr 1 2 3\n')).toBeNull();
  });
});

describe('loadBetween', () => {
  it('is the busy share of the time between two readings', () => {
    const before = parse(STAT_BEFORE)!;
    const after = parse(STAT_AFTER)!;
    expect(loadBetween(before.cores[0]!, after.cores[0]!)).toBe(0); // only idle moved
    expect(loadBetween(before.cores[1]!, after.cores[1]!)).toBe(100); // only user moved
    expect(loadBetween(before.total, after.total)).toBe(50);
  });

  it('stays within 0..100 when counters step back, and is 0 when no time passed', () => {
    expect(loadBetween({ busy: 100, total: 200 }, { busy: 90, total: 300 })).toBe(0);
    expect(loadBetween({ busy: 0, total: 200 }, { busy: 150, total: 300 })).toBe(100);
    expect(loadBetween({ busy: 5, total: 10 }, { busy: 5, total: 10 })).toBe(0);
  });
});

describe('parseBootTime', () => {
  it('reads btime, in seconds', () => {
    expect(parseBootTime(STAT_BEFORE)).toBe(1795510921);
    expect(parseBootTime('cpu 1 2 3\n')).toBeNull();
  });
});
