import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PythonCollector, pythons, runPython, type Connection } from '../../support/python-collector';
import { waitFor } from '../../support/wait';

/**
 * Every process of a Python program reaches the lab on a connection of its own with its role and start
 * method, however it started: fork, spawn and forkserver children, the forkserver and resource tracker
 * themselves, Pool workers, a plain os.fork(), a subprocess running Python.
 */

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'python');

let collector: PythonCollector;
afterEach(async () => collector?.close());

const exitOf = (connection: Connection) => connection.facts().find((fact) => fact[0] === 'process.exit');

describe.each(pythons())('processes under Python $version', ({ path: python }) => {
  it('each child says its own hello with its role, start method and name', async () => {
    collector = new PythonCollector();
    await collector.listen();
    const ran = await runPython(python, [join(FIXTURES, 'start-methods.py')], collector.env());
    expect(ran.stdout.toString()).toBe('fork 0\nspawn 0\nforkserver 0\n[0, 2, 4, 6]\nplain fork 7\n');
    const main = collector.byRole('main')[0]!;
    const hellos = () => collector.connections.map((connection) => connection.hello!);
    // Pool workers and the servers end after the main process may have: wait for every connection to end.
    // (`with Pool` ends in terminate(): a worker killed by SIGTERM says no process.exit, its stream just ends.)
    await waitFor('every connection ended', () => collector.connections.length >= 9 && collector.connections.every((each) => each.ended));
    for (const each of collector.connections) if (each.hello!.role !== 'pool-worker') expect(exitOf(each), each.hello!.role).toBeDefined();
    const seen = hellos().map(({ role, startMethod, name }) => `${role} ${startMethod} ${name}`);
    expect(seen).toEqual(
      expect.arrayContaining([
        'main null MainProcess',
        'process fork child-fork',
        'process spawn child-spawn',
        'process forkserver child-forkserver',
        'forkserver spawn forkserver',
        'resource-tracker spawn resource tracker',
      ]),
    );
    const workers = hellos().filter((hello) => hello.role === 'pool-worker');
    expect(workers).toHaveLength(2);
    for (const worker of workers) expect([worker.startMethod, worker.name.startsWith('ForkPoolWorker-')]).toEqual(['fork', true]);
    const plain = collector.connections.find((each) => each.hello!.role === 'process' && each.hello!.name === 'MainProcess')!;
    expect(plain.hello!.startMethod).toBe('fork');
    expect(exitOf(plain)?.[2]).toBe(7);
    // Each child is a child of the main process (the forkserver's children are the forkserver's).
    const forkserver = collector.byRole('forkserver')[0]!.hello!;
    for (const hello of hellos()) {
      if (hello.role === 'main') continue;
      expect(hello.ppid).toBe(hello.startMethod === 'forkserver' ? forkserver.pid : main.hello!.pid);
    }
  });

  it('a Python subprocess of an observed program says role subprocess', async () => {
    collector = new PythonCollector();
    await collector.listen();
    const code = 'import subprocess, sys\nsubprocess.run([sys.executable, "-c", "print(1)"], check=True)';
    const ran = await runPython(python, ['-c', code], collector.env());
    expect(ran.stdout.toString()).toBe('1\n');
    await waitFor('two connections', () => collector.connections.length === 2 && collector.connections.every((each) => exitOf(each) !== undefined));
    expect(collector.connections.map((each) => `${each.hello!.role} ${each.hello!.startMethod}`).sort()).toEqual(['main null', 'subprocess null']);
  });

  it("a ProcessPoolExecutor's workers say role executor-worker, by fork and by spawn", async () => {
    collector = new PythonCollector();
    await collector.listen();
    const ran = await runPython(python, [join(FIXTURES, 'executors.py')], collector.env());
    expect(ran.stdout.toString()).toBe('[0, 1, 4, 9, 16]\n'.repeat(3));
    await waitFor('four executor workers', () => collector.byRole('executor-worker').length === 4);
    expect(collector.byRole('executor-worker').map((each) => each.hello!.startMethod).sort()).toEqual(['fork', 'fork', 'spawn', 'spawn']);
  });
});
