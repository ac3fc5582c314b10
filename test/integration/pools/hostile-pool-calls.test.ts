import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_POOL_CALLS_WAITING } from '../../../src/core/pools/pool-calls';
import type { LabEvent } from '../../../src/shared/protocol';
import { LabHarness } from '../../support/lab-harness';
import { waitFor } from '../../support/wait';

/**
 * A user's worker script attacking the pools' client API (test/fixtures/hostile-pool-calls.mjs), from a
 * thread and from a forked process, on thread and process pools: every call with an id is answered, with
 * an error where it is wrong; the host serves on; a pool made from the UI beside it is not touched.
 */
const SCRIPT = join(__dirname, '..', '..', 'fixtures', 'hostile-pool-calls.mjs');
const FLOOD = join(__dirname, '..', '..', 'fixtures', 'hostile-pool-call-flood.mjs');
const FUNCTIONS = join(__dirname, '..', '..', 'fixtures', 'hostile-pool-functions.mjs');
let harness: LabHarness | null = null;
afterEach(async () => {
  await harness?.stop();
  harness = null;
});

type TasksEvent = Extract<LabEvent, { type: 'pool.tasks' }>;
const doneIn = (lab: LabHarness, pool: string) => lab.all('pool.tasks').filter((event: TasksEvent) => event.pool === pool).reduce((sum, event) => sum + event.counts.done, 0);

describe.each([
  { label: 'a thread', asker: { kind: 'thread' } },
  { label: 'a forked process', asker: { kind: 'process', method: 'fork' } },
])('a hostile script in $label', ({ asker }) => {
  it.each(['thread', 'process'])('on a %s pool: every call answered, wrong ones with errors; the pool beside it untouched', async (runtime) => {
    harness = new LabHarness();
    const lab = harness;
    await lab.ok({ type: 'pool.create', pool: { name: 'bystander', api: 'pool', runtime: 'thread', size: 1 } });
    await lab.ok({ type: 'pool.apply', pool: 'bystander', fn: 'sleep', args: [200] });
    const [id] = await lab.start({ ...asker, task: { name: 'script', path: SCRIPT, args: [runtime, FUNCTIONS] } });
    const exited = await lab.exited(id!, 120_000);
    const printed = lab.all('worker.output', id).map((event) => event.text).join('');
    expect(exited.detail, printed).toBeNull();
    expect(printed).toContain('calls checked');
    // The calls without a usable id were refused in the log, in words.
    const reasons = lab.all('worker.messageRejected', id).map((event) => event.reason);
    expect(reasons.length).toBeGreaterThanOrEqual(2);
    for (const reason of reasons) expect(reason).not.toMatch(/\n|TypeError|RangeError/);
    await waitFor('the bystander ran its task', () => doneIn(lab, 'bystander') === 1, 20_000);
    expect(lab.all('pool.state').filter((event) => event.pool === 'bystander').map((event) => event.state)).toEqual(['running']);
    await lab.ok({ type: 'pool.apply', pool: 'bystander', fn: 'square', args: [5] });
    await waitFor('the bystander serves on', () => doneIn(lab, 'bystander') === 2, 20_000);
  });

  it(`keeps at most ${MAX_POOL_CALLS_WAITING} of its calls waiting: the next is answered at once, the rest when they end`, async () => {
    harness = new LabHarness();
    const lab = harness;
    const [id] = await lab.start({ ...asker, task: { name: 'script', path: FLOOD, args: [MAX_POOL_CALLS_WAITING] } });
    const printed = () => lab.all('worker.output', id).map((event) => event.text).join('');
    await waitFor('one refused', () => printed().includes('one refused') || lab.find('worker.exited', id), 60_000);
    expect(printed()).toContain('one refused');
    await lab.ok({ type: 'pool.terminate', pool: 'flooded' });
    const exited = await lab.exited(id!, 60_000);
    expect(exited.detail, printed()).toBeNull();
    expect(printed()).toContain('joins answered');
  });
});
