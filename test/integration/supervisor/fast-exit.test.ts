import { afterEach, describe, expect, it } from 'vitest';
import { LabHarness } from '../../support/lab-harness';
import { waitFor } from '../../support/wait';

let harness: LabHarness;
let busy: NodeJS.Timeout | undefined;
afterEach(async () => {
  clearInterval(busy);
  await harness?.stop();
});

/**
 * Keeps the host's loop (the lab runs in this test process) busy in long turns, as launching many workers
 * does on 2 cores: a worker's exit, its "ready" and its pipes' end then all wait for the same turn, in any order.
 */
function loadTheHost(): void {
  busy = setInterval(() => {
    const until = performance.now() + 150;
    while (performance.now() < until);
  }, 20);
}

const COUNT = 100;

/**
 * A worker that ends as soon as it has begun exited normally: its exit was sometimes handled before its
 * "ready" had been read, and it read as "start failed: exited with code 0 before it was ready" (2 to 5 of 100
 * spawn, exec and fork workers in one run with the host loaded). A real start failure stays one (start.test.ts).
 */
describe('workers that end at once exit normally, however busy the host', () => {
  it.each([
    ['thread', {}],
    ['process', { method: 'fork' }],
    ['process', { method: 'spawn' }],
    ['process', { method: 'exec' }],
  ] as const)('%s %o: 100 that sleep 0 ms all exit with code 0', async (kind, method) => {
    harness = new LabHarness({ maxLiveWorkers: 256 });
    loadTheHost();
    const ids = await harness.start({ kind, ...method, count: COUNT, task: { name: 'sleep', ms: 0 } });
    await waitFor(`${COUNT} ended`, () => harness.all('worker.exited').length + harness.all('worker.startFailed').length === COUNT, 120_000);
    clearInterval(busy);
    expect(harness.all('worker.startFailed').map((event) => event.reason)).toEqual([]);
    expect(harness.all('worker.exited').map((event) => event.exitCode)).toEqual(ids.map(() => 0));
  }, 150_000);

  it('and one that exits with an error code after it began is an exit with that code, not a failed start', async () => {
    harness = new LabHarness({ maxLiveWorkers: 256 });
    loadTheHost();
    const ids = await harness.start({ kind: 'process', method: 'spawn', count: 20, task: { name: 'exit', code: 3 } });
    await waitFor('20 ended', () => harness.all('worker.exited').length + harness.all('worker.startFailed').length === 20, 60_000);
    expect(harness.all('worker.startFailed')).toEqual([]);
    expect(harness.all('worker.exited').map((event) => event.exitCode)).toEqual(ids.map(() => 3));
  }, 90_000);
});
