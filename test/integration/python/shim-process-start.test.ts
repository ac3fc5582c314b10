import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PythonCollector, pythons, runPython } from '../../support/python-collector';

/**
 * Python's semantics, exactly, under the shim's BaseProcess.start (it says when a parent called start(), for
 * the child's start latency): CPython's own tests of Process (Lib/test/_test_multiprocessing.py's _TestProcess,
 * _TestSubclassingProcess and _TestPoll) with fork and with spawn, in each interpreter, reporting to a collector.
 */

const SUITE = join(__dirname, '..', '..', 'fixtures', 'python', 'cpython-process-suite.py');

let collector: PythonCollector;
afterEach(async () => collector?.close());

describe.each(pythons())('CPython $version', ({ path: python }) => {
  it.each(['fork', 'spawn'])("passes its own Process tests with %s under the shim's start()", { timeout: 300_000 }, async (method) => {
    collector = new PythonCollector();
    await collector.listen();
    const ran = await runPython(python, [SUITE, method], collector.env());
    const summary = ran.stdout.toString();
    expect(ran.stderr.toString()).not.toMatch(/^(FAIL|ERROR):/m);
    expect(summary).toMatch(/^ran \d+ failures 0 errors 0\n$/m);
    expect(Number(/^ran (\d+)/m.exec(summary)![1])).toBeGreaterThanOrEqual(25);
    expect(ran.code).toBe(0);
    // Observed while they ran: the suite's parent said of its starts, each with the method it used.
    const started = collector.byRole('main').flatMap((connection) => connection.facts().filter((fact) => fact[0] === 'process.started'));
    expect(started.length).toBeGreaterThan(10);
    expect(new Set(started.map((fact) => fact[3]))).toEqual(new Set([method]));
  });
});
