import { afterEach, describe, expect, it } from 'vitest';
import { MAX_BOOTING } from '../../../src/core/supervisor/supervisor';
import { LabHarness } from '../../support/lab-harness';
import { threadIds } from '../../support/procfs';
import { waitFor } from '../../support/wait';

let harness: LabHarness;
afterEach(async () => harness?.stop());

const hang = { name: 'hang' };

/**
 * The seeds' race starts 100 threads at once. Launching them all in one turn of the host's loop froze the
 * host (and every page) for 0.3 to 3 s; they are launched a few at a time, the host answering in between,
 * and meet at a start line so that they still race as Python's do.
 */
describe('a start of many workers', () => {
  it('starts 100 threads in one command, and the host answers other commands while they boot', async () => {
    harness = new LabHarness({ maxLiveWorkers: 256 });
    const before = threadIds(process.pid).length;
    const ids = await harness.start({ kind: 'thread', count: 100, task: hang });
    expect(ids).toHaveLength(100);
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Lock', name: 'asked-meanwhile' } });
    await harness.waitFor('sync.created');
    // Every one was announced at once; then the host took the next command before it had launched them all.
    expect(harness.events.findIndex((event) => event.type === 'worker.starting' && event.worker.id === ids[99])).toBeLessThan(harness.events.findIndex((event) => event.type === 'worker.spawned'));
    const created = harness.events.findIndex((event) => event.type === 'sync.created');
    const launchedBefore = harness.events.slice(0, created).filter((event) => event.type === 'worker.spawned').length;
    expect(launchedBefore).toBeLessThanOrEqual(MAX_BOOTING);
    await waitFor('100 threads ready', () => harness.all('worker.ready').length === 100, 60_000);
    expect(harness.all('worker.startFailed')).toEqual([]);
    expect(threadIds(process.pid).length).toBeGreaterThanOrEqual(before + 100);
    await harness.ok({ type: 'terminateAll' });
    await waitFor('100 threads ended', () => harness.all('worker.exited').length === 100, 30_000);
  }, 90_000);

  it('ends a worker still waiting for its turn without ever running it, and says so', async () => {
    harness = new LabHarness();
    const ids = await harness.start({ kind: 'thread', count: 20, task: hang });
    // The command runs in the same turn: only the first few (at most MAX_BOOTING) have been launched.
    await harness.ok({ type: 'terminate', workerIds: ids });
    await waitFor('all 20 ended', () => harness.all('worker.exited').length + harness.all('worker.startFailed').length === 20, 30_000);
    const cancelled = harness.all('worker.startFailed');
    const launched = harness.all('worker.spawned').length;
    expect(launched).toBeGreaterThanOrEqual(1);
    expect(launched).toBeLessThanOrEqual(MAX_BOOTING);
    expect(cancelled).toHaveLength(20 - launched);
    expect(cancelled.every((event) => event.reason.includes('ended before it was launched'))).toBe(true);
    expect(harness.lab.state().workerOrder.every((id) => harness.lab.state().workers[id]?.state === 'exited')).toBe(true);
  });

  it('launches none of those still waiting once the lab is stopping', async () => {
    harness = new LabHarness();
    await harness.start({ kind: 'thread', count: 20, task: hang });
    await harness.stop();
    const ended = harness.all('worker.exited').length + harness.all('worker.startFailed').length;
    expect(ended).toBe(20);
    expect(harness.all('worker.spawned').length).toBeLessThan(20);
  });

  it('takes its workers to a start line: their first step on a primitive waits for all of them (the seeds\' race)', async () => {
    harness = new LabHarness();
    const race = async (name: string, lock: string | null) => {
      await harness.ok({ type: 'sync.create', primitive: { kind: 'Value', name, typecode: 'i', value: 20 } });
      const ids = await harness.start({ kind: 'thread', count: 20, task: { name: 'decrement', counter: name, lock, pauseMs: 10 } });
      for (const id of ids) expect((await harness.exited(id, 30_000)).exitCode).toBe(0);
      return (await harness.ok({ type: 'sync.operate', request: { op: 'value_get', name } })).value;
    };
    // Launched a few at a time, yet all 20 read 20 before any writes: 19, as Python's threads give 99 of 100.
    expect(await race('num', null)).toBe(19);
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Lock', name: 'guard' } });
    expect(await race('safe', 'guard')).toBe(0);
  }, 60_000);
});
