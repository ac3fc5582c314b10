import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LabHarness } from '../../support/lab-harness';
import { waitFor } from '../../support/wait';

/** A user's worker script drives a pool through the client API (`main({ pools })`), from a thread and from a forked process. */
const SCRIPT = join(__dirname, '..', '..', 'fixtures', 'pool-script.mjs');
let harness: LabHarness | null = null;
afterEach(async () => {
  await harness?.stop();
  harness = null;
});

describe.each([
  { label: 'a thread', asker: { kind: 'thread' } },
  { label: 'a forked process', asker: { kind: 'process', method: 'fork' } },
])('a script in $label', ({ asker }) => {
  it.each(['thread', 'process'])('maps, applies and joins a %s pool with Python\'s values and errors', async (runtime) => {
    harness = new LabHarness();
    const lab = harness;
    const [id] = await lab.start({ ...asker, task: { name: 'script', path: SCRIPT, args: ['sp', runtime] } });
    const exited = await lab.exited(id!, 30_000);
    const printed = lab.all('worker.output', id).map((event) => event.text).join('');
    expect(exited.detail, printed).toBeNull();
    expect(exited.exitCode).toBe(0);
    expect(printed).toContain('pool checked');
    // The page saw the same pool work: created, its tasks done, and ended after join.
    expect(lab.find('pool.created')?.pool).toMatchObject({ name: 'sp', runtime, size: 2 });
    await waitFor('the pool ended', () => lab.all('pool.state').some((event) => event.pool === 'sp' && event.state === 'ended'), 20_000);
  });
});
