import { afterEach, describe, expect, it } from 'vitest';
import { LabHarness } from '../../support/lab-harness';
import { waitFor } from '../../support/wait';

let harness: LabHarness;
afterEach(async () => harness?.stop());

/**
 * Python's Process.close() (multiprocessing/process.py; _test_multiprocessing.py test_close): refused with a
 * ValueError while the process runs; once it has ended its resources are released, and most operations on it
 * raise ValueError "process object is closed"; a second close() is fine.
 */
describe('closing a worker, as Process.close()', () => {
  it.each([
    ['thread', {}],
    ['process', { method: 'fork' }],
  ] as const)('a %s: refused while it runs, then it leaves every list and commands on it say it is closed', async (kind, method) => {
    harness = new LabHarness();
    const [id] = await harness.start({ kind, ...method, namePrefix: 'p', task: { name: 'hang' } });
    await harness.ready(id!);
    expect(await harness.refused({ type: 'close', workerIds: [id] })).toBe('p-1: Cannot close a process while it is still running. You should first call join() or terminate().');
    expect(harness.lab.state().workers[id!]).toBeDefined();
    await harness.ok({ type: 'terminate', workerIds: [id] });
    await harness.exited(id!);
    await harness.ok({ type: 'close', workerIds: [id] });
    const closed = await harness.waitFor('worker.closed', id);
    expect(closed.name).toBe('p-1');
    await waitFor('gone from the state', () => harness.lab.state().workers[id!] === undefined);
    expect(harness.lab.state().workerOrder).not.toContain(id);
    for (const command of [{ type: 'join', workerIds: [id] }, { type: 'terminate', workerIds: [id] }, { type: 'terminateTree', workerIds: [id] }]) {
      expect(await harness.refused(command)).toBe(`${id}: process object is closed`);
    }
    // A second close is fine, as in Python.
    await harness.ok({ type: 'close', workerIds: [id] });
    expect(await harness.refused({ type: 'close', workerIds: ['w99'] })).toBe('no worker with id "w99"');
  });

  it('bounds the lab\'s book: 40 workers run, are closed, and nothing of them is left but the log', async () => {
    harness = new LabHarness();
    const ids = await harness.start({ kind: 'thread', count: 40, task: { name: 'sleep', ms: 0 } });
    await waitFor('40 exited', () => harness.all('worker.exited').length === 40, 30_000);
    await harness.ok({ type: 'close', workerIds: ids });
    await waitFor('40 closed', () => harness.all('worker.closed').length === 40);
    expect(harness.lab.state().workerOrder).toEqual([]);
    expect(Object.keys(harness.lab.state().workers)).toEqual([]);
    expect(harness.all('worker.closed').map((event) => event.workerId)).toEqual(ids);
  }, 60_000);
});
