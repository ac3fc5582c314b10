import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LabHarness } from '../../support/lab-harness';
import { waitFor } from '../../support/wait';

/**
 * CPython's Pipe (_TestConnection, connection.py) from inside real workers: structured values, megabyte
 * messages, bytes, the bounded buffer and EOF, between every pair of a thread and a forked process.
 * The fixture throws on the first difference, so the exit detail names it.
 */
const SCRIPT = join(__dirname, '..', '..', 'fixtures', 'cpython-pipes.mjs');
const THREAD = { kind: 'thread' };
const PROCESS = { kind: 'process', method: 'fork' };
let harness: LabHarness;
afterEach(async () => harness?.stop());

const script = (...args: string[]) => ({ name: 'script', path: SCRIPT, args });

async function passes(id: string): Promise<void> {
  const exited = await harness.exited(id, 60_000);
  expect(exited.detail).toBeNull();
  expect(exited.exitCode).toBe(0);
}

describe.each([
  { label: 'thread to thread', sender: THREAD, receiver: THREAD },
  { label: 'process to process', sender: PROCESS, receiver: PROCESS },
  { label: 'thread to process', sender: THREAD, receiver: PROCESS },
  { label: 'process to thread', sender: PROCESS, receiver: THREAD },
])('a Pipe, $label', ({ sender, receiver }) => {
  it('carries structured values, megabytes and bytes exactly, 1 MB more through the 64 KiB buffer in order, and ends in EOF', async () => {
    harness = new LabHarness();
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Pipe', name: 'xP' } });
    const [receiving] = await harness.start({ ...receiver, task: script('x', 'receiver') });
    const [sending] = await harness.start({ ...sender, task: script('x', 'sender') });
    await passes(receiving!);
    await passes(sending!);
  }, 90_000);
});

describe.each([
  { label: 'a thread', sender: THREAD, receiver: PROCESS },
  { label: 'a forked process', sender: PROCESS, receiver: THREAD },
])('$label sending where nobody reads', ({ sender, receiver }) => {
  it('blocks once 64 KiB are unread, the lab shows it waiting, and goes on when a reader comes', async () => {
    harness = new LabHarness();
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Pipe', name: 'fP' } });
    const [sending] = await harness.start({ ...sender, task: script('f', 'flood') });
    const pipe = () => harness.primitive('fP');
    const full = await waitFor('the sender blocked on the full pipe', () => (pipe()?.waiters.some((each) => each.workerId === sending && each.op === 'pipe_send') ? pipe() : undefined));
    expect(full.bytes).toBeLessThanOrEqual(64 * 1024);
    expect(full.depth).toBe(6);
    const [receiving] = await harness.start({ ...receiver, task: script('f', 'drain') });
    await passes(receiving!);
    await passes(sending!);
  });
});

describe.each([
  { label: 'a thread', spec: THREAD },
  { label: 'a forked process', spec: PROCESS },
])('inside $label', ({ spec }) => {
  it('recv_bytes(maxlength) of a longer message raises "bad message length" and the end stops reading', async () => {
    harness = new LabHarness();
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Pipe', name: 'yP' } });
    const [id] = await harness.start({ ...spec, task: script('y', 'bad-length') });
    await passes(id!);
  });

  it('Value and Array wrap, round and refuse as ctypes does, and BigInt, nan, inf and bytes cross the wire exactly', async () => {
    harness = new LabHarness();
    for (const [name, typecode] of [['zb', 'b'], ['zi', 'i'], ['zQ', 'Q'], ['zf', 'f'], ['zc', 'c']] as const) {
      await harness.ok({ type: 'sync.create', primitive: { kind: 'Value', name, typecode } });
    }
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Array', name: 'zA', typecode: 'I', length: 4 } });
    const [id] = await harness.start({ ...spec, task: script('z', 'ctypes') });
    await passes(id!);
  });
});
