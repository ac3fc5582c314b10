import { afterEach, describe, expect, it } from 'vitest';
import { LabHarness } from '../../support/lab-harness';
import { waitFor } from '../../support/wait';

/**
 * A worker that dies of a primitive's error says so once, as Python's last traceback line reads
 * ("OSError: handle is closed"), whatever runtime it is; and the pipe demo with the form's defaults works.
 */
let harness: LabHarness;
afterEach(async () => harness?.stop());

const KINDS = [
  { label: 'a thread', spec: { kind: 'thread' } },
  { label: 'a forked process', spec: { kind: 'process', method: 'fork' } },
] as const;

describe.each(KINDS)('$label', ({ spec }) => {
  it('dies with "KeyError: ..." for a primitive that does not exist, the type said once', async () => {
    harness = new LabHarness();
    const [id] = await harness.start({ ...spec, task: { name: 'wait-event', event: 'nope' } });
    const exited = await harness.exited(id!);
    expect(exited.exitCode).toBe(1);
    expect(exited.detail).toBe('KeyError: no primitive named "nope" (create it first)');
  });

  it('receiving on the end its sender closed dies with "OSError: handle is closed"', async () => {
    harness = new LabHarness();
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Pipe', name: 'pipe' } });
    const [receiver] = await harness.start({ ...spec, task: { name: 'pipe-recv', pipe: 'pipe', end: 1, delayMs: 0 } });
    await harness.ready(receiver!);
    const [sender] = await harness.start({ ...spec, task: { name: 'pipe-send', pipe: 'pipe', end: 1, n: 3, delayMs: 0 } });
    expect((await harness.exited(sender!)).exitCode).toBe(0);
    expect((await harness.exited(receiver!)).detail).toBe('OSError: handle is closed');
  });

  it("the pipe demo with the form's defaults (send on end 1, receive on end 0) delivers every message", async () => {
    harness = new LabHarness();
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Pipe', name: 'pipe', duplex: false } });
    const [receiver] = await harness.start({ ...spec, task: { name: 'pipe-recv', pipe: 'pipe', end: 0, delayMs: 0 } });
    const [sender] = await harness.start({ ...spec, task: { name: 'pipe-send', pipe: 'pipe', end: 1, n: 30, delayMs: 0 } });
    expect((await harness.exited(sender!)).exitCode).toBe(0);
    expect((await harness.exited(receiver!)).exitCode).toBe(0);
    // Everything sent was received (the receiver ended on EOF): 30 sent, 30 received, nothing in flight.
    const pipe = await waitFor('the pipe after both ended', () => (harness.primitive('pipe')?.gets === 30 ? harness.primitive('pipe') : undefined));
    expect(pipe).toMatchObject({ puts: 30, gets: 30, depth: 0 });
  });
});
