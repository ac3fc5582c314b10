import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PythonCollector, SHIM_ROOT, plainEnv, pythons, runPython } from '../../support/python-collector';
import { waitFor } from '../../support/wait';

/**
 * `python3 -m concurrency_lab script.py args...` from a terminal: without the lab's variables it says which
 * to set; with them the script runs as `python3 script.py args` would, observed, and so do its children.
 */

const SCRIPT = join(__dirname, '..', '..', 'fixtures', 'python', 'start-methods.py');

let collector: PythonCollector | undefined;
afterEach(async () => collector?.close());

describe.each(pythons().slice(0, 1))('python -m concurrency_lab ($version)', ({ path: python }) => {
  it('says which variables to set when they are missing, and runs nothing', async () => {
    const ran = await runPython(python, ['-m', 'concurrency_lab', SCRIPT], { ...plainEnv(), PYTHONPATH: SHIM_ROOT });
    expect(ran.code).toBe(2);
    expect(ran.stderr.toString()).toContain('CONCURRENCY_LAB_PY_SOCKET and CONCURRENCY_LAB_PY_TOKEN not set');
    expect(ran.stderr.toString()).toContain('export CONCURRENCY_LAB_PY_SOCKET=');
    expect(ran.stdout.toString()).toBe('');
  });

  it('runs the script with its arguments under the lab, its children observed too', async () => {
    collector = new PythonCollector();
    await collector.listen();
    // Only the lab's variables: the package is found from where it is run, as from a terminal.
    const { PYTHONPATH: _path, ...env } = collector.env();
    const ran = await runPython(python, ['-m', 'concurrency_lab', SCRIPT, 'an-argument'], env, SHIM_ROOT);
    expect(ran.stdout.toString()).toBe('fork 0\nspawn 0\nforkserver 0\n[0, 2, 4, 6]\nplain fork 7\n');
    await waitFor('the spawned child', () => collector!.connections.find((each) => each.hello?.startMethod === 'spawn' && each.hello.role === 'process'));
    const main = collector.byRole('main')[0]!;
    expect(main.hello!.argv).toEqual([SCRIPT, 'an-argument']);
  });
});
