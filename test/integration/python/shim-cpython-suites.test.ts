import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PythonCollector, pythons, runPython } from '../../support/python-collector';

/**
 * Python's semantics, exactly: CPython's own tests of the threading primitives (Lib/test/lock_tests.py, as
 * test_threading runs them) and of the queues (Lib/test/test_queue.py), run in each interpreter against
 * the classes the shim installed (the fixture checks that they are the shim's), reporting to a collector.
 */

const SUITES = join(__dirname, '..', '..', 'fixtures', 'python', 'cpython-suites.py');

let collector: PythonCollector;
afterEach(async () => collector?.close());

describe.each(pythons())('CPython $version', ({ path: python }) => {
  it("passes its own lock_tests and test_queue against the shim's classes", { timeout: 180_000 }, async () => {
    collector = new PythonCollector();
    await collector.listen();
    const ran = await runPython(python, [SUITES], collector.env());
    const summary = ran.stdout.toString();
    expect(ran.stderr.toString()).not.toMatch(/^(FAIL|ERROR):/m);
    expect(summary).toMatch(/^ran \d+ failures 0 errors 0 skipped 1\n$/);
    expect(Number(/^ran (\d+)/.exec(summary)![1])).toBeGreaterThanOrEqual(120);
    expect(ran.code).toBe(0);
    // Observed while they ran: the suites' primitives reached the collector.
    expect(collector.byRole('main')[0]!.facts().filter((fact) => fact[0] === 'prim.new').length).toBeGreaterThan(100);
  });

  it('passes them in step mode too, every thread held before each operation and let go by a host that answers at once', { timeout: 300_000 }, async () => {
    collector = new PythonCollector({ answerHolds: true });
    await collector.listen();
    const ran = await runPython(python, [SUITES], collector.env({ CONCURRENCY_LAB_PY_STEP: '1' }));
    const summary = ran.stdout.toString();
    expect(ran.stderr.toString()).not.toMatch(/^(FAIL|ERROR):/m);
    expect(summary).toMatch(/^ran \d+ failures 0 errors 0 skipped 1\n$/);
    expect(ran.code).toBe(0);
    // Held for real: thousands of operations went through the hold.
    expect(collector.connections.flatMap((connection) => connection.facts()).filter((fact) => fact[0] === 'step.held').length).toBeGreaterThan(1000);
  });
});
