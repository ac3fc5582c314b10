import { describe, expect, it } from 'vitest';
import { firstMatch } from '../../../../src/core/scenarios/bounded-match';
import { CheckWatch } from '../../../../src/core/scenarios/check-watch';
import { LINE_MAX } from '../../../../src/core/scenarios/output-lines';
import { RunMembers } from '../../../../src/core/scenarios/run-members';
import type { LabEvent, LabEventBody } from '../../../../src/shared/protocol';
import { scenarioCheckSchema } from '../../../../src/shared/scenario';

/**
 * A `printed` check's pattern comes from a scenario file anyone may write, and it runs on the host's one event
 * loop over whatever the program prints: a pattern that backtracks catastrophically must cost the lab one
 * bounded stall and a sentence, not the lab. And what the program prints is matched as text, whatever it is.
 */

const T0 = 1_000_000;
const verdict = { pass: 'pass: {value}', fail: 'fail: {value}' };

function watchOf(pattern: string) {
  const members = new RunMembers(['w1'], ['g1']);
  const watch = new CheckWatch(scenarioCheckSchema.parse({ kind: 'printed', pattern, verdict }), members, T0);
  let seq = 0;
  const feed = (...bodies: LabEventBody[]) => {
    for (const body of bodies) {
      const event = { ...body, seq: ++seq, t: T0 + seq } as LabEvent;
      members.observe(event);
      watch.observe(event);
    }
    return watch.progress();
  };
  feed(
    { type: 'worker.starting', worker: { id: 'w1', name: 'evil-1', groupId: 'g1', kind: 'process', method: 'python', command: null, task: null, daemon: false, detached: false, ipc: false } },
    { type: 'worker.ready', workerId: 'w1', pid: 100, ppid: 1, tid: null, latencyMs: 5 },
  );
  return feed;
}
const printed = (text: string): LabEventBody => ({ type: 'worker.output', workerId: 'w1', stream: 'stdout', from: 0, to: text.length, text });

describe('a printed check against a hostile pattern or output', () => {
  it('a pattern that backtracks too much and that the file check lets through (a*a*a*a*a*a*a*b on a line of a) fails the check in words, once, and the lab goes on', () => {
    // (a+)+ is refused when the file is read (pattern-cost.ts); polynomial backtracking is not, and is bounded here.
    const feed = watchOf('^a*a*a*a*a*a*a*b$');
    // About n^7 paths without the budget: this test would never end.
    const progress = feed(printed(`${'a'.repeat(LINE_MAX - 1)}!\n`));
    expect(progress.state).toBe('fail');
    expect(progress.verdict).toMatch(/^the check's pattern "\^a\*a\*a\*a\*a\*a\*a\*b\$" took more than \d+ ms on one chunk of the program's output: it backtracks too much/);
    expect(progress.value).toBe('pattern too slow');
    // Decided: more of the same output is not matched again (one stall per run at most).
    expect(feed(printed(`${'a'.repeat(500)}!\n`))).toEqual(progress);
  });

  it('the same budget holds for alternation that overlaps ((a|aa)+) and for a backreference', () => {
    expect(firstMatch(/^(a|aa)+$/, [`${'a'.repeat(200)}b`], 100)).toBe('too slow');
    expect(firstMatch(/^(\w+\s?)+$/, [`${'word '.repeat(200)}!`], 100)).toBe('too slow');
  });

  it('a good pattern still finds the first matching line of a chunk, with its group, after a slow one was interrupted', () => {
    expect(firstMatch(/^(a+)+$/, [`${'a'.repeat(100)}!`], 50)).toBe('too slow');
    const match = firstMatch(/num:(-?\d+)/, ['starting', 'num:12', 'num:13']);
    expect(match).not.toBe('too slow');
    expect((match as RegExpExecArray)[1]).toBe('12');
    expect(firstMatch(/num:(\d+)/, ['nothing here'])).toBeNull();
  });

  it("the program's output is only text: markup, NUL bytes, lone surrogates and a 1 MB line decide as any line", () => {
    const markup = watchOf('value=(.*)$');
    expect(markup(printed('value=<img src=x onerror=alert(1)>\n'))).toMatchObject({ state: 'pass', verdict: 'pass: <img src=x onerror=alert(1)>' });
    const odd = watchOf('n=(\\d+)');
    expect(odd(printed('\0\uD800\u202E garbage\nn=7\n'))).toMatchObject({ state: 'pass', value: '7' });
    const long = watchOf('^end:(\\d+)');
    // A line past LINE_MAX is matched by its first part; the flood costs the check its first lines only.
    expect(long(printed(`${'x'.repeat(1_000_000)}\nend:5\n`))).toMatchObject({ state: 'pass', value: '5' });
  });
});
