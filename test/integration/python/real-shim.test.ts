import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LabHarness } from '../../support/lab-harness';
import { ServerProcess } from '../../support/server-process';
import { waitFor } from '../../support/wait';

/** The host half with the real shim (resources/python): unmodified Python, seen from the inside. */

const DEADLOCK = `import threading, time
mutexA = threading.Lock()
mutexB = threading.Lock()
def one():
    with mutexA:
        time.sleep(0.3)
        with mutexB:
            pass
def two():
    with mutexB:
        time.sleep(0.3)
        with mutexA:
            pass
a = threading.Thread(target=one, name="first")
b = threading.Thread(target=two, name="second")
a.start(); b.start()
a.join(); b.join()
`;

let harness: LabHarness;
afterEach(async () => harness?.stop());

describe('unmodified Python under the real shim', () => {
  it('an inline two-lock deadlock is seen: its threads, its locks by their variables, the cycle', async () => {
    harness = new LabHarness();
    const [root] = await harness.start({ kind: 'python', code: DEADLOCK });
    const hello = await harness.waitFor('python.process', root!);
    expect(hello.role).toBe('main');
    const detected = await harness.waitFor('deadlock.detected', undefined, 15_000);
    const state = harness.lab.state();
    const words = detected.cycle.map((step) => `${state.workers[step.workerId]?.name} waits for ${step.primitive} held by ${state.workers[step.heldBy]?.name}`).sort();
    expect(words).toEqual(['first waits for mutexB held by second', 'second waits for mutexA held by first']);
    expect(state.sync.states.mutexA).toMatchObject({ kind: 'Lock', origin: 'observed' });
    await harness.ok({ type: 'terminate', workerIds: [root] });
    await harness.exited(root!);
    await harness.waitFor('deadlock.cleared', undefined, 10_000);
  });

  it('a forked multiprocessing child is an observed process with its role and start method', async () => {
    harness = new LabHarness();
    const code = 'import multiprocessing as mp\ndef f():\n    pass\nif __name__ == "__main__":\n    mp.set_start_method("fork")\n    p = mp.Process(target=f)\n    p.start(); p.join()\n    print(p.exitcode)\n';
    const [root] = await harness.start({ kind: 'python', code });
    expect((await harness.exited(root!)).exitCode).toBe(0);
    // Its connection may be accepted after the program's end is noticed (the host accepts one per turn of its loop).
    const child = await waitFor("the child's hello", () => harness.all('python.process').find((each) => each.workerId !== root));
    expect(child).toMatchObject({ role: 'process', startMethod: 'fork' });
    expect(harness.lab.state().output.byWorker[root!]?.pieces.map((piece) => piece.text).join('')).toBe('0\n');
  });
});

describe('the controls on a Python program', () => {
  it('terminates an observed child process through its pid, refuses a thread in words, and SIGINT is KeyboardInterrupt', async () => {
    harness = new LabHarness();
    const code = 'import multiprocessing as mp, time\ndef f():\n    time.sleep(600)\nif __name__ == "__main__":\n    mp.set_start_method("fork")\n    p = mp.Process(target=f)\n    p.start()\n    try:\n        p.join()\n        print("exitcode", p.exitcode, flush=True)\n        time.sleep(600)\n    except KeyboardInterrupt:\n        print("KeyboardInterrupt", flush=True)\n';
    const [root] = await harness.start({ kind: 'python', code });
    const child = await waitFor('the child', () => harness.all('python.process').find((each) => each.workerId !== root));
    const thread = await waitFor('a thread of the child', () => harness.all('worker.starting').find((each) => each.worker.observed?.process === child.workerId)?.worker.id);
    expect(await harness.refused({ type: 'terminate', workerIds: [thread] })).toMatch(/is a Python thread: Python has no way to end a thread from outside; act on its process, Process-1/);
    expect(await harness.refused({ type: 'join', workerIds: [child.workerId] })).toBe('Process-1 is a process of a Python program, not one the lab started: it cannot be joined');
    await waitFor('the child sampled', () => harness.lab.state().processes.some((each) => each.pid === child.pid));
    await harness.ok({ type: 'terminate', workerIds: [child.workerId] });
    await waitFor('the parent to see -15', () => harness.lab.state().output.byWorker[root!]?.pieces.some((piece) => piece.text.includes('exitcode -15')));
    await harness.ok({ type: 'signal', workerIds: [root], signal: 'SIGINT' });
    await harness.exited(root!);
    expect(harness.lab.state().output.byWorker[root!]?.pieces.map((piece) => piece.text).join('')).toContain('KeyboardInterrupt');
  });
});

describe('a Python script run from a terminal', () => {
  it('is observed by the lab whose printed line it was run with', async () => {
    const server = await ServerProcess.start();
    try {
      const line = await waitFor('the printed line', () => /\n {2}(CONCURRENCY_LAB_PY_SOCKET=.*python3 -m concurrency_lab script\.py)\n/.exec(server.stdout)?.[1]);
      const directory = mkdtempSync(join(tmpdir(), 'terminal-'));
      writeFileSync(join(directory, 'script.py'), 'import threading\nt = threading.Thread(target=print, args=("from a terminal",), name="helper")\nt.start(); t.join()\n');
      const output = await new Promise<string>((resolve, reject) => execFile('/bin/sh', ['-c', line], { cwd: directory }, (error, stdout) => (error ? reject(error) : resolve(stdout))));
      expect(output).toBe('from a terminal\n');
      const hello = await waitFor('its hello', () => server.events.find((event) => event.type === 'python.process'));
      expect(hello).toMatchObject({ role: 'main', workerId: 'py1' });
      await waitFor('its helper thread', () => server.events.some((event) => event.type === 'worker.starting' && event.worker.name === 'helper'));
    } finally {
      await server.stop();
    }
  });
});

describe('a Condition under the real shim', () => {
  it('is one Condition named by its variable, with its own RLock beside it, and its waiter is seen', async () => {
    harness = new LabHarness();
    const code = 'import threading, time\ncond = threading.Condition()\ndef waiter():\n    with cond:\n        cond.wait()\nt = threading.Thread(target=waiter, name="waiter", daemon=True)\nt.start()\ntime.sleep(600)\n';
    const [root] = await harness.start({ kind: 'python', code });
    await waitFor('the waiter parked', () => {
      const state = harness.lab.state().sync.states.cond;
      return state?.kind === 'Condition' && state.waiters.length === 1 ? state : undefined;
    });
    expect(harness.lab.state().sync.states.cond).toMatchObject({ kind: 'Condition', lock: 'cond.lock', origin: 'observed' });
    expect(harness.lab.state().sync.states['cond.lock']).toMatchObject({ kind: 'RLock', holder: null });
    await harness.ok({ type: 'kill', workerIds: [root] });
  });
});
