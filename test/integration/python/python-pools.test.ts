import { afterEach, describe, expect, it } from 'vitest';
import type { PoolView } from '../../../src/shared/pool-states';
import { LabHarness } from '../../support/lab-harness';
import { waitFor } from '../../support/wait';

/**
 * A Python program's own Pool and executors, under the real shim, in the lab's Pools view (origin
 * 'observed'): what a person sees of each task, from its submit to its end and callback.
 */

let harness: LabHarness;
afterEach(async () => harness?.stop());

/** The observed pool named `name`, once its state is `state`. */
async function poolOnceIn(name: string, state: PoolView['state']): Promise<PoolView> {
  return waitFor(`pool ${name} ${state}`, () => {
    const pool = harness.lab.state().pools[name];
    return pool?.state === state ? pool : undefined;
  });
}

const stepsOf = (pool: PoolView) => pool.tasks.map((task) => task.steps.map((step) => step.step));

describe('a Python program\'s own pools, observed', () => {
  // A worker's task.run comes on its own connection, and a loaded host may read it after the owner's `done`
  // of that chunk: the lab folds the two in time order, the done waiting for its run (docs/python-wire.md).
  it('Pool(2).map of 100 items: every chunk submitted, sent, running on one of its two worker processes and done, in order', async () => {
    harness = new LabHarness();
    const code = 'import multiprocessing\ndef square(x):\n    return x * x\nif __name__ == "__main__":\n    multiprocessing.set_start_method("fork")\n    with multiprocessing.Pool(2) as squares:\n        print(sum(squares.map(square, range(100))))\n';
    const [root] = await harness.start({ kind: 'python', code });
    expect((await harness.exited(root!)).exitCode).toBe(0);
    const pool = await poolOnceIn('squares', 'ended');
    expect(pool).toMatchObject({ origin: 'observed', where: '<string>:6', spec: { api: 'pool', runtime: 'process', size: 2 } });
    // Python's chunksize for 100 items and 2 workers: divmod(100, 2 * 4) rounded up, 13: 8 chunks.
    expect(pool.counts).toMatchObject({ submitted: 8, done: 8, failed: 0, lost: 0 });
    expect(pool.tasks.map((task) => task.map?.chunk)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(pool.tasks.reduce((sum, task) => sum + (task.map?.items ?? 0), 0)).toBe(100);
    for (const steps of stepsOf(pool)) expect(steps).toEqual(['submitted', 'queued', 'sent', 'running', 'done']);
    // Each chunk ran on a slot its worker process said it took it on; both slots' counts add up to the map's.
    for (const task of pool.tasks) expect([1, 2]).toContain(task.steps[3]!.slot);
    expect(pool.slots.reduce((sum, slot) => sum + slot.done, 0)).toBe(8);
    expect(pool.tasks.every((task) => task.fn === 'square')).toBe(true);
    // Its slots are worker processes the lab shows, as pool workers: every slot a chunk ran on. A worker that
    // ran none may be terminated at the pool's exit before its shim said hello (a loaded host starts it late):
    // it is then no row of the lab's, and its slot is not drawn.
    const ranOn = [...new Set(pool.tasks.map((task) => task.steps[3]!.slot))].sort();
    const shown = pool.slots.map((slot) => slot.slot);
    expect(shown.filter((slot) => ranOn.includes(slot))).toEqual(ranOn);
    expect([[1], [1, 2], [2]]).toContainEqual(shown);
    const workers = pool.slots.map((slot) => harness.lab.state().workers[slot.workerId ?? '']);
    for (const worker of workers) expect(worker?.python?.role).toBe('pool-worker');
  });

  it('apply_async with a callback shows the callback step after done; a ThreadPool task runs on its worker thread', async () => {
    harness = new LabHarness();
    const code = [
      'from multiprocessing.pool import ThreadPool',
      'got = []',
      'def double(x):',
      '    return 2 * x',
      'helpers = ThreadPool(2)',
      'helpers.apply_async(double, (21,), callback=got.append).get()',
      'helpers.close(); helpers.join()',
      'print(got)',
    ].join('\n');
    const [root] = await harness.start({ kind: 'python', code });
    expect((await harness.exited(root!)).exitCode).toBe(0);
    const pool = await poolOnceIn('helpers', 'ended');
    expect(pool.spec).toMatchObject({ api: 'pool', runtime: 'thread', size: 2 });
    expect(pool.counts).toMatchObject({ submitted: 1, done: 1, callbacks: 1 });
    expect(stepsOf(pool)).toEqual([['submitted', 'queued', 'sent', 'running', 'done', 'callback']]);
    const running = pool.tasks[0]!.steps.find((step) => step.step === 'running')!;
    expect(running.slot).not.toBeNull();
    expect(pool.tasks[0]!.map).toBeNull();
    // The lab's controls are not a Python pool's.
    expect(await harness.refused({ type: 'pool.terminate', pool: 'helpers' })).toMatch(/Python program's own pool: only its program controls it/);
  });

  it('a ProcessPoolExecutor whose worker is killed mid-task is broken, with BrokenProcessPool\'s words', async () => {
    harness = new LabHarness();
    const code = [
      'import concurrent.futures, multiprocessing, os, signal',
      'def die():',
      '    os.kill(os.getpid(), signal.SIGKILL)',
      'if __name__ == "__main__":',
      '    crunch = concurrent.futures.ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("fork"))',
      '    try:',
      '        crunch.submit(die).result()',
      '    except concurrent.futures.process.BrokenProcessPool as error:',
      '        print("broken:", error)',
      '    crunch.shutdown()',
    ].join('\n');
    const [root] = await harness.start({ kind: 'python', code });
    expect((await harness.exited(root!)).exitCode).toBe(0);
    const pool = await poolOnceIn('crunch', 'broken');
    expect(pool.spec).toMatchObject({ api: 'executor', runtime: 'process', size: 2 });
    expect(pool.reason).toMatch(/^BrokenProcessPool: A process in the process pool was terminated abruptly/);
    expect(pool.counts).toMatchObject({ submitted: 1, failed: 1 });
    expect(stepsOf(pool)).toEqual([['submitted', 'queued', 'sent', 'running', 'failed']]);
    const end = pool.tasks[0]!.steps.at(-1)!;
    expect(end).toMatchObject({ step: 'failed', detail: expect.stringMatching(/^BrokenProcessPool/) });
  });

  it('a spawn ProcessPoolExecutor runs time.sleep (pickled by name, as without the shim) on its fresh worker processes', async () => {
    harness = new LabHarness();
    const code = [
      'import concurrent.futures, multiprocessing, time',
      'if __name__ == "__main__":',
      '    with concurrent.futures.ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as sleepers:',
      '        print([sleepers.submit(time.sleep, 0.01).result() for _ in range(3)])',
    ].join('\n');
    const [root] = await harness.start({ kind: 'python', code });
    expect((await harness.exited(root!)).exitCode).toBe(0);
    const pool = await poolOnceIn('sleepers', 'ended');
    expect(pool.counts).toMatchObject({ submitted: 3, done: 3, failed: 0 });
    for (const task of pool.tasks) {
      expect(task.fn).toBe('sleep');
      expect(task.steps.map((step) => step.step)).toEqual(['submitted', 'queued', 'sent', 'running', 'done']);
      expect([1, 2]).toContain(task.steps[3]!.slot);
    }
  });

  it('ThreadPoolExecutor futures still pending are cancelled; the running one finishes and calls back', async () => {
    harness = new LabHarness();
    const code = [
      'import concurrent.futures, threading',
      'gate = threading.Event()',
      'with concurrent.futures.ThreadPoolExecutor(1) as executor:',
      '    first = executor.submit(gate.wait)',
      '    later = [executor.submit(pow, 2, n) for n in range(3)]',
      '    print([future.cancel() for future in later])',
      '    first.add_done_callback(lambda future: print("called back"))',
      '    gate.set()',
    ].join('\n');
    const [root] = await harness.start({ kind: 'python', code });
    expect((await harness.exited(root!)).exitCode).toBe(0);
    const pool = await poolOnceIn('executor', 'ended');
    expect(pool.spec).toMatchObject({ api: 'executor', runtime: 'thread', size: 1 });
    expect(pool.counts).toMatchObject({ submitted: 4, done: 1, cancelled: 3, callbacks: 1 });
    expect(stepsOf(pool)).toEqual([
      ['submitted', 'queued', 'running', 'done', 'callback'],
      ['submitted', 'queued', 'cancelled'],
      ['submitted', 'queued', 'cancelled'],
      ['submitted', 'queued', 'cancelled'],
    ]);
    expect(pool.tasks[0]!.steps[2]!.slot).toBe(1);
  });
});
