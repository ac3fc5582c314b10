import { describe, expect, it } from 'vitest';
import { cpuPercent, emptyStatFields, parseCmdline, parseStat, parseStatInto } from '../../../../src/core/metrics/proc-stat';

// Real lines from /proc/PID/stat on Linux 6.x (a shell command, a kernel thread, an init with 13 threads).
const CAT = '11596 (cat) R 11594 11594 4901 0 -1 4194304 101 0 0 0 7 3 0 0 20 0 1 0 491730 3133440 384 18446744073709551615 94882056273920 94882056293801 140733782578064 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0 94882056309808 94882056311424 94882660212736 140733782584033 140733782584053 140733782584053 140733782585323 0\n';
const KTHREADD = '2 (kthreadd) S 0 0 0 0 -1 2129984 0 0 0 0 0 0 0 0 20 0 1 0 25 0 0 18446744073709551615 0 0 0 0 0 0 0 2147483647 0 1 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n';
const INIT = '1 (process_api) S 0 0 0 0 -1 4194560 32237 1760354 0 965 244 826 2943 1619 20 0 13 0 25 41312256 2820 18446744073709551615 1 1 0 0 0 0 0 4096 1256 0 0 0 17 0 0 0 0 0 0 0 0 0 0 0 0 0\n';

describe('parseStat', () => {
  it('reads the fields the lab uses from a real line', () => {
    expect(parseStat(CAT)).toEqual({ comm: 'cat', state: 'R', ppid: 11594, session: 4901, ticks: 10, threads: 1, start: 491730, rssPages: 384 });
    expect(parseStat(INIT)).toEqual({ comm: 'process_api', state: 'S', ppid: 0, session: 0, ticks: 244 + 826, threads: 13, start: 25, rssPages: 2820 });
    expect(parseStat(KTHREADD)).toMatchObject({ comm: 'kthreadd', ppid: 0, ticks: 0, rssPages: 0 });
  });

  it('finds the fields after the LAST parenthesis when comm contains spaces and parentheses', () => {
    const tricky = CAT.replace('(cat)', '(a) b)');
    expect(parseStat(tricky)).toMatchObject({ comm: 'a) b', state: 'R', ppid: 11594, ticks: 10, start: 491730 });
    expect(parseStat(CAT.replace('(cat)', '(x) S 1 2 (y)'))).toMatchObject({ comm: 'x) S 1 2 (y', ppid: 11594 });
  });

  it('keeps a name that is not ASCII', () => {
    expect(parseStat(CAT.replace('(cat)', '(работник)'))?.comm).toBe('работник');
  });

  it('reads negative fields (a real-time priority) without losing its place', () => {
    // Field 18 (priority) is -100 for a SCHED_FIFO thread such as migration/0.
    const migration = '15 (migration/0) S 2 0 0 0 -1 69238848 0 0 0 0 0 12 0 0 -100 0 1 0 3 0 0 18446744073709551615 0 0 0 0 0 0 0 2147483647 0 1 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n';
    expect(parseStat(migration)).toMatchObject({ comm: 'migration/0', ppid: 2, ticks: 12, threads: 1, start: 3 });
  });

  it('gives null for an empty or cut-off read, and accepts a line without its newline', () => {
    expect(parseStat('')).toBeNull();
    expect(parseStat('123 (sleep) S 1 123 123 0 -1 4194304')).toBeNull();
    expect(parseStat(CAT.trimEnd())).toMatchObject({ rssPages: 384 });
  });

  it('parses only the bytes read, whatever an earlier, longer read left in the buffer', () => {
    const buffer = Buffer.alloc(4096);
    const fields = emptyStatFields();
    buffer.write(CAT.replace('(cat)', '(a much longer name) x)'));
    const length = buffer.write(INIT);
    expect(parseStatInto(buffer, length, fields)).toBe(true);
    expect(fields).toMatchObject({ comm: 'process_api', ppid: 0, threads: 13 });
    expect(parseStatInto(buffer, 0, fields)).toBe(false);
  });
});

describe('parseCmdline', () => {
  it('joins NUL-separated arguments with spaces', () => {
    expect(parseCmdline('sh\0-c\0sleep 30 & sleep 30; wait\0', 'sh')).toBe('sh -c sleep 30 & sleep 30; wait');
  });

  it('names a kernel thread or a zombie (empty cmdline) by its comm in brackets', () => {
    expect(parseCmdline('', 'kthreadd')).toBe('[kthreadd]');
    expect(parseCmdline('\0', 'kworker/0:1')).toBe('[kworker/0:1]');
  });
});

describe('cpuPercent', () => {
  it('is CPU time over wall time, in percent of one core', () => {
    // 100 ticks per second: 50 ticks in 1000 ms is half a core.
    expect(cpuPercent(50, 100, 1000)).toBe(50);
    expect(cpuPercent(10, 100, 100)).toBeCloseTo(100);
  });

  it('exceeds 100 for a process busy on several cores', () => {
    expect(cpuPercent(40, 100, 200)).toBeCloseTo(200);
  });

  it('is 0 for no time or counters that stepped back', () => {
    expect(cpuPercent(5, 100, 0)).toBe(0);
    expect(cpuPercent(-3, 100, 100)).toBe(0);
  });
});
