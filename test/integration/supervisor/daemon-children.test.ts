import { afterEach, describe, expect, it } from 'vitest';
import { LabHarness } from '../../support/lab-harness';

let harness: LabHarness;
afterEach(async () => harness?.stop());

const children = (kind: 'thread' | 'process') => ({ name: 'spawn-children', n: 2, kind, method: 'fork', task: { name: 'sleep', ms: 0 } });

/**
 * CPython (multiprocessing/process.py, BaseProcess.start): `assert not _current_process._config.get('daemon'),
 * 'daemonic processes are not allowed to have children'`. Run there, an uncaught one ends the daemonic process
 * with exitcode 1; a daemonic process may start threads, and a daemon thread may start processes.
 */
describe('a daemon worker and its children, as Python has them', () => {
  it.each(['fork', 'spawn', 'exec'] as const)('a daemon %s process that starts process children fails with AssertionError, exit code 1', async (method) => {
    harness = new LabHarness();
    const [id] = await harness.start({ kind: 'process', method, daemon: true, task: children('process') });
    const exited = await harness.exited(id!);
    expect(exited.exitCode).toBe(1);
    expect(exited.detail).toBe('AssertionError: daemonic processes are not allowed to have children');
  });

  it('a daemon process may start threads', async () => {
    harness = new LabHarness();
    const [id] = await harness.start({ kind: 'process', method: 'fork', daemon: true, task: children('thread') });
    expect((await harness.exited(id!)).exitCode).toBe(0);
  });

  it('a daemon thread may start processes (the check is of the process, not the thread)', async () => {
    harness = new LabHarness();
    const [id] = await harness.start({ kind: 'thread', daemon: true, task: children('process') });
    expect((await harness.exited(id!)).exitCode).toBe(0);
  });

  it('a non-daemon process starts daemon children', async () => {
    harness = new LabHarness();
    const [id] = await harness.start({ kind: 'process', method: 'fork', task: { ...children('process'), daemon: true } });
    expect((await harness.exited(id!)).exitCode).toBe(0);
  });
});
