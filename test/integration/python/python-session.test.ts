import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LabHarness } from '../../support/lab-harness';
import { waitFor } from '../../support/wait';

/**
 * The host half of the Python runtime against a stand-in for the shim (test/fixtures/python-wire-client.py):
 * real Python threads and processes, the facts the shim would report, folded into workers, primitives and
 * the deadlock check. Run without site, so that the real shim (once it lands) stays out of the way.
 */
const CLIENT = join(__dirname, '..', '..', 'fixtures', 'python-wire-client.py');
const NO_SITE = join(__dirname, '..', '..', 'fixtures', 'python3-no-site');

let harness: LabHarness;
afterEach(async () => harness?.stop());

const run = async (scenario: string) => {
  const [root] = await harness.start({ kind: 'python', script: CLIENT, args: [scenario], interpreter: NO_SITE });
  await harness.ready(root!);
  return root!;
};

describe('Python programs, observed through the wire', () => {
  it('two Python threads deadlocked on two Locks: threads, primitives, the cycle in their names', async () => {
    harness = new LabHarness();
    const root = await run('deadlock');
    const hello = await harness.waitFor('python.process', root);
    expect(hello).toMatchObject({ role: 'main', startMethod: null });
    const detected = await harness.waitFor('deadlock.detected', undefined, 10_000);
    const state = harness.lab.state();
    expect(state.workers[root]?.python).toMatchObject({ role: 'main', unobserved: null });
    const names = detected.cycle.map((step) => `${state.workers[step.workerId]?.name} waits for ${step.primitive} held by ${state.workers[step.heldBy]?.name}`).sort();
    expect(names).toEqual(['Thread-A waits for mutexB held by Thread-B', 'Thread-B waits for mutexA held by Thread-A']);
    for (const step of detected.cycle) expect(state.workers[step.workerId]).toMatchObject({ kind: 'thread', method: 'python', pid: hello.pid, observed: { process: root } });
    expect(state.sync.states.mutexA).toMatchObject({ kind: 'Lock', origin: 'observed' });
    expect(harness.find('sync.created')).toMatchObject({ origin: 'observed', where: 'deadlock.py:4' });
    // The lab's own primitive may not take an observed one's name.
    expect(await harness.refused({ type: 'sync.create', primitive: { kind: 'Lock', name: 'mutexA' } })).toContain("a Python program's primitive");
    // Ending the program ends its threads' rows and clears the deadlock.
    await harness.ok({ type: 'kill', workerIds: [root] });
    await harness.exited(root);
    await harness.waitFor('deadlock.cleared', undefined, 10_000);
    for (const step of detected.cycle) await harness.exited(step.workerId);
  });

  it('threads that end, a daemon thread killed at exit, and the exit code', async () => {
    harness = new LabHarness();
    const root = await run('threads');
    expect((await harness.exited(root)).exitCode).toBe(3);
    await waitFor('three threads ended', () => harness.all('worker.exited').filter((each) => each.workerId.startsWith(`${root}.`)).length === 3);
    const ends = harness.all('worker.exited').filter((each) => each.workerId.startsWith(`${root}.`));
    const byName = Object.fromEntries(ends.map((each) => [harness.lab.state().workers[each.workerId]?.name, each.detail]));
    expect(byName).toEqual({ MainThread: null, short: null, forever: 'killed at exit: a daemon thread still running when the interpreter ended' });
  });

  it('a forked child is an observed process of its own, and a shared semaphore is one primitive', async () => {
    harness = new LabHarness();
    const root = await run('fork');
    const child = await waitFor('the forked child', () => harness.all('python.process').find((each) => each.workerId !== root));
    expect(child).toMatchObject({ role: 'process', startMethod: 'fork' });
    const worker = harness.lab.state().workers[child.workerId];
    expect(worker).toMatchObject({ kind: 'process', method: 'python', name: 'Process-1', observed: { process: root, role: 'process', startMethod: 'fork' } });
    expect((await harness.exited(child.workerId)).exitCode).toBe(0);
    expect(harness.all('sync.created').map((each) => each.primitive.name)).toEqual(['sem']);
    expect(harness.lab.state().sync.states.sem).toMatchObject({ kind: 'Semaphore', value: 1, holders: [] , endedHolders: [{ actor: `${child.workerId}.1`, count: 1 }] });
  });

  it('a bad line closes that connection with a reason; the program runs on, shown unobserved', async () => {
    harness = new LabHarness();
    const root = await run('hostile');
    const unobserved = await harness.waitFor('python.unobserved');
    expect(unobserved).toMatchObject({ workerId: root, reason: 'fact 0: unknown fact "lock.stolen"' });
    await waitFor('its output after', () => harness.lab.state().output.byWorker[root]?.pieces.some((piece) => piece.text.includes('still running')));
    expect(harness.lab.state().workers[root]).toMatchObject({ state: expect.not.stringMatching('exited'), python: { unobserved: 'fact 0: unknown fact "lock.stolen"' } });
  });

  it('a Python program with no shim at all runs, unobserved', async () => {
    harness = new LabHarness();
    const [root] = await harness.start({ kind: 'python', code: 'print("hello from python")', interpreter: NO_SITE });
    expect((await harness.exited(root!)).exitCode).toBe(0);
    expect(harness.lab.state().workers[root!]?.python).toBeUndefined();
    expect(harness.lab.state().output.byWorker[root!]?.pieces.map((piece) => piece.text).join('')).toBe('hello from python\n');
  });

  it('says when the interpreter is not there', async () => {
    harness = new LabHarness();
    const [root] = await harness.start({ kind: 'python', code: 'pass', interpreter: 'python3.99-not-here' });
    const failed = await harness.waitFor('worker.startFailed', root);
    expect(failed.reason).toBe('interpreter not found: python3.99-not-here');
  });
});
