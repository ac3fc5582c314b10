import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LabHarness } from '../../support/lab-harness';

let harness: LabHarness;
afterEach(async () => harness?.stop());

const SCRIPT = join(__dirname, '..', '..', 'fixtures', 'own-threads.mjs');
const printed = (workerId: string) => harness.all('worker.output', workerId).map((event) => event.text).join('');

/**
 * CPython: a Process whose target starts a non-daemon thread and returns (or raises) ends only once that
 * thread has ended (BaseProcess._bootstrap calls threading._shutdown); its daemon threads are killed at
 * exit. Run with 3.11 and 3.13: join() returned after the thread's 0.5 s, exitcode 0 (1 when the target
 * raised), the daemon thread's words never came.
 */
describe.each([
  { label: 'a forked process', spec: { kind: 'process', method: 'fork' } },
  { label: 'a spawned process', spec: { kind: 'process', method: 'spawn' } },
  { label: 'an exec process', spec: { kind: 'process', method: 'exec' } },
  // A thread's threads cannot outlive it in Node (Python's could): the lab thread waits for them likewise.
  { label: 'a thread', spec: { kind: 'thread' } },
] as const)('$label waits for its own non-daemon threads, and its daemon threads die with it', ({ spec }) => {
  it.each([
    ['return', 0],
    ['raise', 1],
  ] as const)('when its script does %s: (exit code %i)', async (ending, code) => {
    harness = new LabHarness();
    const [id] = await harness.start({ ...spec, task: { name: 'script', path: SCRIPT, args: [ending, 300] } });
    const exited = await harness.exited(id!, 20_000);
    expect(exited.exitCode).toBe(code);
    expect(printed(id!)).toContain('target returns');
    expect(printed(id!)).toContain('non-daemon thread done');
    expect(printed(id!)).not.toContain('the daemon spoke');
  });
});
