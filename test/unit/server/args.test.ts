import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../../src/server/args';

describe('browser mode command line', () => {
  it('defaults to 127.0.0.1, any free port, opening a browser', () => {
    expect(parseArgs([])).toMatchObject({ ok: true, options: { host: '127.0.0.1', port: 0, open: true, sampler: 'auto' } });
  });

  it('reads --port, --host, --no-open and the tunables, with = or a space', () => {
    expect(parseArgs(['--port', '8080', '--host=localhost', '--no-open', '--grace', '500', '--max-workers=10'])).toMatchObject({
      ok: true,
      options: { port: 8080, host: 'localhost', open: false, gracePeriodMs: 500, maxLiveWorkers: 10 },
    });
  });

  it.each([
    [['--port', '-1'], '--port needs a whole number'],
    [['--port', '70000'], '--port needs a whole number'],
    [['--port'], '--port needs a whole number'],
    [['--sampler', 'magic'], '--sampler must be'],
    [['--sample-period', '5'], '--sample-period needs'],
    [['--frobnicate'], 'unknown option "--frobnicate"'],
    [['--replay'], '--replay needs a recording file'],
    [['--scenarios'], '--scenarios needs a folder'],
  ])('refuses %j clearly', (argv, message) => {
    const parsed = parseArgs(argv);
    expect(parsed.ok).toBe(false);
    if (parsed.ok === false) expect(parsed.error).toContain(message);
  });

  it('takes a recording to replay', () => {
    expect(parseArgs(['--replay', 'run.clrec'])).toMatchObject({ ok: true, options: { replay: 'run.clrec' } });
    expect(parseArgs([])).toMatchObject({ ok: true, options: { replay: undefined } });
  });

  it('takes folders of scenario files, as many as given', () => {
    expect(parseArgs(['--scenarios', 'lessons', '--scenarios=more'])).toMatchObject({ ok: true, options: { scenarios: ['lessons', 'more'] } });
    expect(parseArgs([])).toMatchObject({ ok: true, options: { scenarios: [] } });
  });

  it('answers --help', () => {
    expect(parseArgs(['--help'])).toEqual({ ok: 'help' });
  });
});
