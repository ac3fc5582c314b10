import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { STREAM_BURST_BYTES, STREAM_BYTES_PER_SECOND } from '../../../src/core/output/output-relay';
import type { OutputStream } from '../../../src/shared/output';
import { reduceBatch } from '../../../src/shared/reducer';
import { STDOUT_MESSAGE_PREFIX } from '../../../src/shared/worker-wire';
import { LabHarness } from '../../support/lab-harness';
import { waitFor } from '../../support/wait';

/**
 * What real workers print reaches the lab as `worker.output` facts: for threads and every process method,
 * stdout and stderr apart, made safe, without the lab's own `@lab:` lines, and bounded in rate however fast
 * a worker prints.
 */
let harness: LabHarness;
afterEach(async () => harness?.stop());

const PRINTER = join(__dirname, '..', '..', 'fixtures', 'printer.mjs');

const KINDS = [
  { label: 'a thread', spec: { kind: 'thread' } },
  { label: 'a forked process', spec: { kind: 'process', method: 'fork' } },
  { label: 'a spawned process (messages on stdout)', spec: { kind: 'process', method: 'spawn' } },
  { label: 'an exec process (messages on stdout)', spec: { kind: 'process', method: 'exec' } },
] as const;

const printed = (h: LabHarness, workerId: string, stream: OutputStream) =>
  h
    .all('worker.output', workerId)
    .filter((event) => event.stream === stream)
    .map((event) => event.text)
    .join('');

describe.each(KINDS)('output of $label', ({ spec }) => {
  it('comes through, stdout and stderr apart, escapes removed, raw bytes drawn safely, no @lab: lines', async () => {
    harness = new LabHarness();
    const [id] = await harness.start({ ...spec, task: { name: 'script', path: PRINTER, args: [] } });
    expect((await harness.exited(id!)).exitCode).toBe(0);
    // The exit is told after the last output.
    const exitSeq = harness.find('worker.exited', id)!.seq;
    for (const event of harness.all('worker.output', id)) expect(event.seq).toBeLessThan(exitSeq);
    expect(printed(harness, id!, 'stdout')).toBe('result = 42\n\u2400\ufffd\n');
    expect(printed(harness, id!, 'stderr')).toBe('warning: slow\n');
    expect(printed(harness, id!, 'stdout')).not.toContain(STDOUT_MESSAGE_PREFIX);
    // The state a page folds holds the same.
    const output = harness.lab.state().output.byWorker[id!]!;
    expect(output.pieces.map((piece) => piece.stream)).toContain('stderr');
  });
});

const FLOODERS = [
  { label: 'a thread', spec: { kind: 'thread' } },
  { label: 'a spawned process', spec: { kind: 'process', method: 'spawn' } },
  { label: 'an exec process', spec: { kind: 'process', method: 'exec' } },
] as const;

describe.each(FLOODERS)('$label printing in a tight loop', ({ spec }) => {
  it('cannot flood the lab: the facts stay within the rate, the tail comes through, the lab answers meanwhile', async () => {
    harness = new LabHarness();
    const startedAt = Date.now();
    const [id] = await harness.start({ ...spec, task: { name: 'script', path: PRINTER, args: ['flood', 1500] } });
    await harness.ready(id!);
    // The host still answers commands while the worker floods its stdout.
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Event', name: 'still_here' } });
    const exited = await harness.exited(id!, 30_000);
    const elapsedS = (Date.now() - startedAt) / 1000;
    expect(exited.exitCode).toBe(0);
    const stdout = harness.all('worker.output', id).filter((event) => event.stream === 'stdout');
    const sent = stdout.reduce((sum, event) => sum + event.text.length, 0);
    const seenBytes = harness.all('worker.stdio', id).at(-1)!.stdoutBytes;
    console.log(`flood (${spec.kind} ${'method' in spec ? spec.method : ''}): worker wrote ${seenBytes} bytes of stdout in ${elapsedS.toFixed(1)} s; ${sent} characters reached the lab in ${stdout.length} facts`);
    // Bounded by the burst, the rate over the time it ran, and the last words at exit (one piece).
    expect(sent).toBeLessThanOrEqual(STREAM_BURST_BYTES + STREAM_BYTES_PER_SECOND * elapsedS + 16 * 1024);
    expect(seenBytes).toBeGreaterThan(sent * 4);
    const output = harness.lab.state().output.byWorker[id!]!;
    expect(output.skipped.stdout).toBeGreaterThan(0);
    const text = output.pieces.filter((piece) => piece.stream === 'stdout').map((piece) => piece.text).join('');
    expect(text).toMatch(/last line \d+\n$/);
  });
});

describe('a new page', () => {
  it("gets each worker's output in the history", async () => {
    harness = new LabHarness();
    const [id] = await harness.start({ kind: 'thread', task: { name: 'script', path: PRINTER, args: [] } });
    await harness.exited(id!);
    // What a page folds from: the keyframe and the events after it (the output may be in either).
    const pageText = () => {
      const history = harness.lab.history();
      const folded = reduceBatch(history.keyframe.state, history.events);
      return (folded.output.byWorker[id!]?.pieces ?? []).map((piece) => piece.text).join('');
    };
    await waitFor('the output', () => pageText().includes('result = 42'));
    expect(pageText()).toContain('result = 42');
  });
});
