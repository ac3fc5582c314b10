import { describe, expect, it } from 'vitest';
import type { CycleStep } from '../../../src/shared/sync';
import { describeCycle } from '../../../src/shared/sync';
import { LabHarness } from '../../support/lab-harness';
import { waitFor } from '../../support/wait';
import { PYTHON_313 } from './seed-lab-run';

/**
 * A deadlock through a join (issue 10): a thread that holds a lock while it joins the thread (or the
 * process) that waits for that lock. The Wait-for graph has no primitive between the two for the join: the
 * join is an edge of its own (join.waiting), and the deadlock check (wait-for.ts) closes the cycle through it.
 */

const THREADS = [
  'import threading',
  'L = threading.Lock()',
  'def b():',
  '    with L:',
  '        pass',
  'with L:',
  "    t = threading.Thread(target=b, name='B')",
  '    t.start()',
  '    t.join()',
  '',
].join('\n');

const PROCESSES = [
  'import multiprocessing',
  'def child(ml):',
  '    with ml:',
  '        pass',
  "if __name__ == '__main__':",
  '    ml = multiprocessing.Lock()',
  '    with ml:',
  "        p = multiprocessing.Process(target=child, args=(ml,), name='child')",
  '        p.start()',
  '        p.join()',
  '',
].join('\n');

async function deadlockOf(code: string, interpreter: string | undefined): Promise<{ words: string; cycle: readonly CycleStep[]; harness: LabHarness; root: string }> {
  const harness = new LabHarness();
  const [root] = await harness.start({ kind: 'python', code, ...(interpreter === undefined ? {} : { interpreter }) });
  const detected = await waitFor('the deadlock named', () => harness.all('deadlock.detected').at(-1), 20_000);
  const workers = harness.lab.state().workers;
  return { words: describeCycle(detected.cycle, (id) => workers[id]?.name ?? id), cycle: detected.cycle, harness, root: root! };
}

describe('a deadlock through a join is named', () => {
  for (const [python, interpreter] of [['python3.11', undefined], ['python3.13', PYTHON_313]] as const) {
    it(`${python}: MainThread holds L and joins B, B waits for L`, async () => {
      const { words, cycle, harness, root } = await deadlockOf(THREADS, interpreter);
      try {
        expect(words).toBe('Deadlock: MainThread waits to join B; B waits for L held by MainThread');
        expect(cycle.map((step) => step.via ?? 'lock')).toEqual(['join', 'lock']);
        // The joiner's row says whom it waits for, as the Sync view's graph draws it.
        const main = Object.values(harness.lab.state().workers).find((worker) => worker.name === 'MainThread' && worker.observed?.process === root);
        expect(harness.lab.state().workers[main!.id]?.joining).toMatchObject({ target: cycle[0]!.primitive, timeoutMs: null });
        await harness.ok({ type: 'terminateTree', workerIds: [root] });
        await harness.exited(root, 15_000);
      } finally {
        await harness.stop();
      }
    });
  }

  it("python3.11: the parent holds a multiprocessing Lock and joins its child, which waits for it (the child's main thread)", async () => {
    const { words, harness, root } = await deadlockOf(PROCESSES, undefined);
    try {
      // The cycle starts at the smallest worker id: the child's main thread (py…) before the program's (w…).
      expect(words).toBe('Deadlock: MainThread waits for ml held by MainThread; MainThread waits to join child (its MainThread)');
      await harness.ok({ type: 'terminateTree', workerIds: [root] });
      await harness.exited(root, 15_000);
    } finally {
      await harness.stop();
    }
  });
});
