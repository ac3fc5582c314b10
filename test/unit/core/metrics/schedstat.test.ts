import { describe, expect, it } from 'vitest';
import { parseSchedstat } from '../../../../src/core/metrics/schedstat';

// Real lines of /proc/PID/task/TID/schedstat (Linux 6.x): a GIL-bound Python thread, and its idle main thread.
const BUSY = '846002033 2398401295 2024\n';
const IDLE = '37922335 109428593 174\n';

const parse = (text: string) => parseSchedstat(Buffer.from(text), Buffer.byteLength(text));

describe('parseSchedstat', () => {
  it('reads time on a CPU and time in the run queue, in ns', () => {
    expect(parse(BUSY)).toEqual({ runNs: 846002033, queueNs: 2398401295 });
    expect(parse(IDLE)).toEqual({ runNs: 37922335, queueNs: 109428593 });
  });

  it('refuses what is not a schedstat line: an empty read (the thread is gone), a truncated one, words', () => {
    expect(parse('')).toBeNull();
    expect(parse('846002033')).toBeNull();
    expect(parse('846002033 ')).toBeNull();
    expect(parse('no such thing')).toBeNull();
  });

  it('reads only the bytes it was given', () => {
    const bytes = Buffer.from(`${BUSY}999 999 9\n`);
    expect(parseSchedstat(bytes, BUSY.length)).toEqual({ runNs: 846002033, queueNs: 2398401295 });
  });
});
