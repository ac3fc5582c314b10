import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LabHarness } from '../../support/lab-harness';
import { waitFor } from '../../support/wait';

/**
 * CPython's expectations of a Process as its parent sees it (_test_multiprocessing.py, _TestProcess:
 * test_process, _kill_process / test_terminate), checked from inside a real worker about another one,
 * through the worker-side API (`sync.worker(id)`): threads, forked processes and mixed pairs.
 */
const SCRIPT = join(__dirname, '..', '..', 'fixtures', 'cpython-workers.mjs');
let harness: LabHarness;
afterEach(async () => harness?.stop());

const THREAD = { kind: 'thread' } as const;
const FORK = { kind: 'process', method: 'fork' } as const;

describe.each([
  { label: 'a thread about a thread', asker: THREAD, other: THREAD },
  { label: 'a forked process about a forked process', asker: FORK, other: FORK },
  { label: 'a thread about a forked process', asker: THREAD, other: FORK },
  { label: 'a forked process about a thread', asker: FORK, other: THREAD },
])('$label', ({ asker, other }) => {
  it('is_alive(), exitcode, pid, name, daemon and join(timeout) as CPython has them', async () => {
    harness = new LabHarness();
    const [quick] = await harness.start({ ...other, task: { name: 'sleep', ms: 300 } });
    const [target] = await harness.start({ ...other, daemon: true, task: { name: 'hang' } });
    await harness.ready(target!);
    // SIGTERM ends a process with -15, as test_terminate; a thread's terminate() gives Node's 1.
    const ended = other.kind === 'thread' ? 1 : -15;
    const [id] = await harness.start({ ...asker, task: { name: 'script', path: SCRIPT, args: [target, ended, quick] } });
    await waitFor('the asker has checked', () => {
      const exited = harness.find('worker.exited', id);
      if (exited) throw new Error(`the asker ended first: ${exited.detail}`);
      return harness.all('worker.output', id).some((event) => event.text.includes('checked'));
    }, 20_000);
    await harness.ok({ type: 'terminate', workerIds: [target] });
    const exited = await harness.exited(id!, 20_000);
    expect(exited.detail).toBeNull();
    expect(exited.exitCode).toBe(0);
  });
});
