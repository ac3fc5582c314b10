import { afterEach, describe, expect, it } from 'vitest';
import { LabHarness } from '../../support/lab-harness';
import { waitFor } from '../../support/wait';

/**
 * Step mode with real Python threads (python3 under the real shim: docs/step-mode.md, "Python"): each thread
 * is held by its shim before an operation of a threading primitive, the lab shows it held as a Node worker is,
 * and the order a person releases them in decides what happens: the two-lock deadlock forms in one order and
 * not in the other; Run freely lets every held thread go.
 */
let harness: LabHarness;
afterEach(async () => harness?.stop());

/** Two threads, `one` takes lockA then lockB, `two` lockB then lockA, with nothing between: only the schedule decides. */
const TWO_LOCKS = [
  'import threading',
  'lockA = threading.Lock()',
  'lockB = threading.Lock()',
  'def one():',
  '    with lockA:',
  '        with lockB:',
  '            pass',
  'def two():',
  '    with lockB:',
  '        with lockA:',
  '            pass',
  "t1 = threading.Thread(target=one, name='one')",
  "t2 = threading.Thread(target=two, name='two')",
  't1.start(); t2.start(); t1.join(); t2.join()',
  "print('both done')",
  '',
].join('\n');

const outputOf = (workerId: string) => harness.lab.state().output.byWorker[workerId]?.pieces.map((piece) => piece.text).join('') ?? '';

/** The observed thread worker of this Python name, once the lab shows it. */
async function threadNamed(name: string): Promise<string> {
  let found: string | undefined;
  await waitFor(`the thread ${name}`, () => {
    found = Object.values(harness.lab.state().workers).find((worker) => worker.kind === 'thread' && worker.method === 'python' && worker.name === name)?.id;
    return found !== undefined;
  });
  return found!;
}

/** Waits until this worker is held at this point (as the page's state has it). */
async function heldAt(workerId: string, at: string): Promise<void> {
  await waitFor(`${workerId} held at ${at}`, () => {
    const held = harness.lab.state().step.held[workerId];
    return held !== undefined && `${held.primitive}.${held.op}` === at;
  }, 20_000);
}

const release = (workerId: string) => harness.ok({ type: 'sync.release', workerId });

async function twoHeldThreads(): Promise<{ root: string; one: string; two: string }> {
  harness = new LabHarness();
  await harness.ok({ type: 'sync.stepMode', on: true });
  const [root] = await harness.start({ kind: 'python', code: TWO_LOCKS });
  const one = await threadNamed('one');
  const two = await threadNamed('two');
  await heldAt(one, 'lockA.acquire');
  await heldAt(two, 'lockB.acquire');
  return { root: root!, one, two };
}

describe('step mode with Python threads', () => {
  it('holds each thread before its acquire takes effect; one, two, one, two makes the deadlock, and the lab names it', async () => {
    const { root, one, two } = await twoHeldThreads();
    // Held means not yet done: nobody holds either lock.
    expect(harness.lab.state().sync.states.lockA).toMatchObject({ holder: null, waiters: [] });
    expect(harness.lab.state().sync.states.lockB).toMatchObject({ holder: null, waiters: [] });

    await release(one);
    await heldAt(one, 'lockB.acquire');
    expect(harness.lab.state().sync.states.lockA).toMatchObject({ holder: { actor: one } });
    await release(two);
    await heldAt(two, 'lockA.acquire');
    await release(one);
    await release(two);

    const detected = await harness.waitFor('deadlock.detected', undefined, 20_000);
    const steps = detected.cycle.map((step) => `${step.workerId} waits for ${step.primitive} held by ${step.heldBy}`).sort();
    expect(steps).toEqual([`${one} waits for lockB held by ${two}`, `${two} waits for lockA held by ${one}`].sort());
    expect(harness.lab.state().step.schedule.map((choice) => `${choice.workerId}:${choice.primitive}.${choice.op}`)).toEqual([
      `${one}:lockA.acquire`,
      `${two}:lockB.acquire`,
      `${one}:lockB.acquire`,
      `${two}:lockA.acquire`,
    ]);
    // Deadlocked for real: the program is still running, and only ends when killed.
    expect(harness.lab.state().workers[root]?.exit).toBeNull();
    await harness.ok({ type: 'kill', workerIds: [root] });
    await harness.exited(root, 20_000);
  });

  it('one four times, then two four times: no deadlock, the program ends at 0 with its output', async () => {
    const { root, one, two } = await twoHeldThreads();
    for (const at of ['lockA.acquire', 'lockB.acquire', 'lockB.release', 'lockA.release']) {
      await heldAt(one, at);
      await release(one);
    }
    for (const at of ['lockB.acquire', 'lockA.acquire', 'lockA.release', 'lockB.release']) {
      await heldAt(two, at);
      await release(two);
    }
    const exited = await harness.exited(root, 30_000);
    expect(exited.exitCode, outputOf(root)).toBe(0);
    expect(outputOf(root)).toBe('both done\n');
    expect(harness.find('deadlock.detected')).toBeUndefined();
  });

  it('Run freely lets every held thread go, and a release of one that is not held is refused in words', async () => {
    const { root, one } = await twoHeldThreads();
    // `one` holds both locks before the rest runs freely: two then waits for them, and no order can deadlock.
    await release(one);
    await heldAt(one, 'lockB.acquire');
    await release(one);
    await heldAt(one, 'lockB.release');
    await harness.ok({ type: 'sync.stepMode', on: false });
    const exited = await harness.exited(root, 30_000);
    expect(exited.exitCode, outputOf(root)).toBe(0);
    expect(outputOf(root)).toBe('both done\n');
    expect(harness.lab.state().step.held).toEqual({});
    expect(await harness.refused({ type: 'sync.release', workerId: one })).toMatch(/step mode is off/);
  });

  it('the lost update of num -= 1, on purpose: both threads read under the lock, then both write, and num ends at 1, not 0', async () => {
    harness = new LabHarness();
    await harness.ok({ type: 'sync.stepMode', on: true });
    // The read and the write each under the lock, apart: a plain `num -= 1` has no synchronisation point to hold.
    const code = [
      'import threading',
      'lock = threading.Lock()',
      'num = 2',
      'def decrement():',
      '    global num',
      '    with lock:',
      '        seen = num',
      '    with lock:',
      '        num = seen - 1',
      "threads = [threading.Thread(target=decrement, name=name) for name in ('one', 'two')]",
      'for t in threads: t.start()',
      'for t in threads: t.join()',
      "print('num:', num)",
      '',
    ].join('\n');
    const [root] = await harness.start({ kind: 'python', code });
    const one = await threadNamed('one');
    const two = await threadNamed('two');
    // Each reads (acquire, release), the other reads, then each writes.
    for (const [worker, at] of [
      [one, 'lock.acquire'],
      [one, 'lock.release'],
      [two, 'lock.acquire'],
      [two, 'lock.release'],
      [one, 'lock.acquire'],
      [one, 'lock.release'],
      [two, 'lock.acquire'],
      [two, 'lock.release'],
    ] as const) {
      await heldAt(worker, at);
      await release(worker);
    }
    expect((await harness.exited(root!, 30_000)).exitCode).toBe(0);
    await waitFor('its output', () => outputOf(root!).includes('num:'));
    expect(outputOf(root!)).toBe('num: 1\n');
  });

  it('turned on while a program runs: its threads are held from a next operation on (learnt at its next flush), and turned off, it ends at 0', async () => {
    harness = new LabHarness();
    const code = ['import threading, time', 'lock = threading.Lock()', 'for _ in range(400):', '    with lock:', '        pass', '    time.sleep(0.02)', "print('done')", ''].join('\n');
    const [root] = await harness.start({ kind: 'python', code });
    await waitFor('lock shown', () => harness.lab.state().sync.states.lock !== undefined);
    await harness.ok({ type: 'sync.stepMode', on: true });
    const main = await threadNamed('MainThread');
    await heldAt(main, 'lock.acquire');
    // Held means held: it stays there while the person looks.
    await release(main);
    await heldAt(main, 'lock.release');
    await harness.ok({ type: 'sync.stepMode', on: false });
    expect((await harness.exited(root!, 60_000)).exitCode).toBe(0);
    await waitFor('its output', () => outputOf(root!).includes('done'));
    expect(harness.lab.state().step.held).toEqual({});
  });

  it('a forked child is held as its own process: its thread at lock.acquire, released from the lab, and both end at 0', async () => {
    harness = new LabHarness();
    await harness.ok({ type: 'sync.stepMode', on: true });
    const code = [
      'import os, threading',
      'lock = threading.Lock()',
      'pid = os.fork()',
      'if pid == 0:',
      '    with lock:',
      "        print('child', flush=True)",
      '    os._exit(0)',
      '_, status = os.waitpid(pid, 0)',
      "print('parent', os.waitstatus_to_exitcode(status), flush=True)",
      '',
    ].join('\n');
    const [root] = await harness.start({ kind: 'python', code });
    let child: string | undefined;
    await waitFor('the child thread held', () => {
      const state = harness.lab.state();
      child = Object.keys(state.step.held).find((id) => !id.startsWith(`${root!}.`) && state.workers[id]?.kind === 'thread');
      return child !== undefined;
    }, 20_000);
    // The child's copy of `lock` is a primitive of its own (named `lock.2` beside the parent's `lock`).
    const primitive = harness.lab.state().step.held[child!]!.primitive;
    expect(primitive).toMatch(/^lock/);
    expect(harness.lab.state().step.held[child!]?.op).toBe('acquire');
    await release(child!);
    await heldAt(child!, `${primitive}.release`);
    await release(child!);
    expect((await harness.exited(root!, 30_000)).exitCode).toBe(0);
    await waitFor('its output', () => outputOf(root!).includes('parent'));
    expect(outputOf(root!)).toBe('child\nparent 0\n');
  });

  it('a thread interrupted while held (KeyboardInterrupt) leaves its hold without its operation, and the lab shows it held no more', async () => {
    harness = new LabHarness();
    await harness.ok({ type: 'sync.stepMode', on: true });
    const code = [
      'import threading',
      'lock = threading.Lock()',
      'try:',
      '    lock.acquire()',
      "    print('acquired', flush=True)",
      'except KeyboardInterrupt:',
      "    print('interrupted', lock.locked(), flush=True)",
      '',
    ].join('\n');
    const [root] = await harness.start({ kind: 'python', code });
    const main = await threadNamed('MainThread');
    await heldAt(main, 'lock.acquire');
    await harness.ok({ type: 'signal', workerIds: [root!], signal: 'SIGINT' });
    expect((await harness.exited(root!, 30_000)).exitCode).toBe(0);
    await waitFor('its output', () => outputOf(root!).includes('interrupted'));
    expect(outputOf(root!)).toBe('interrupted False\n');
    const released = harness.all('step.released', main);
    expect(released.map((event) => event.by)).toEqual(['left']);
    // Not a choice: the schedule is empty.
    expect(harness.lab.state().step.schedule).toEqual([]);
  });
});
