import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LabHarness } from '../../support/lab-harness';

let harness: LabHarness | null = null;
afterEach(async () => {
  await harness?.lab.stop('test finished');
  harness = null;
});

describe('a worker that sends hostile messages', () => {
  it.each([{ kind: 'thread' }, { kind: 'process', method: 'fork' }])(
    'has each one rejected within bounded cost, its sync requests answered with an error, and the host serves on ($kind)',
    async (spec) => {
      harness = new LabHarness();
      await harness.ok({ type: 'sync.create', primitive: { kind: 'Event', name: 'hostile_done' } });
      const [id] = await harness.start({ ...spec, task: { name: 'script', path: join(__dirname, '..', '..', 'fixtures', 'hostile-messages.mjs') } });
      const exited = await harness.exited(id!, 20_000);
      expect(exited.detail).toBeNull();
      expect(exited.exitCode).toBe(0);
      const reasons = harness.all('worker.messageRejected', id).map((event) => event.reason);
      expect(reasons).toContain('the message is nested more than 32 levels deep');
      expect(reasons).toContain('the message has more than 20000 values');
      for (const reason of reasons) expect(reason).not.toMatch(/\n|RangeError|TypeError/);
      expect((await harness.ok({ type: 'sync.operate', request: { op: 'is_set', name: 'hostile_done' } })).value).toBe(true);
    },
  );
});
