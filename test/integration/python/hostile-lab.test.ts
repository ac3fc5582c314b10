import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LabHarness } from '../../support/lab-harness';
import { waitFor } from '../../support/wait';

/**
 * Hostile programs, part three: the lab's side. The lab stops while Python programs run (no process of theirs
 * outlives it: counted in /proc), fifty programs at once, a program killed while its facts are half written,
 * and `python3 -m concurrency_lab` with no lab, a stale socket or a wrong token.
 */

const SHIM = join(__dirname, '..', '..', '..', 'resources', 'python');

let harness: LabHarness | null = null;
afterEach(async () => {
  await harness?.stop();
  harness = null;
});

const lab = () => harness!;
const outputOf = (workerId: string) => lab().lab.state().output.byWorker[workerId]?.pieces.map((piece) => piece.text).join('') ?? '';

/** Alive and not a zombie. */
function alive(pid: number): boolean {
  try {
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

function runShell(command: string[], env: Record<string, string>, cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command[0]!, command.slice(1), { env: { PATH: process.env.PATH ?? '', ...env }, cwd }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr }),
    );
  });
}

describe('the lab against Python programs', () => {
  it('stops while a program runs a forkserver Pool, a Manager and spawn children: no process of it outlives the lab', async () => {
    harness = new LabHarness();
    const code = [
      'import multiprocessing as mp, time',
      'def spin(_):',
      '    time.sleep(600)',
      'if __name__ == "__main__":',
      '    manager = mp.Manager()',
      '    shared = manager.dict()',
      '    pool = mp.get_context("forkserver").Pool(2)',
      '    pool.map_async(spin, range(2))',
      '    child = mp.get_context("spawn").Process(target=spin, args=(0,))',
      '    child.start()',
      '    print("running", flush=True)',
      '    time.sleep(600)',
    ].join('\n');
    const [root] = await lab().start({ kind: 'python', code });
    await waitFor('its output', () => outputOf(root!).includes('running'), 60_000);
    await waitFor('its processes', () => {
      const roles = new Set<string>(lab().all('python.process').map((each) => each.role));
      return ['main', 'manager', 'forkserver', 'resource-tracker', 'pool-worker', 'process'].every((role) => roles.has(role));
    }, 60_000);
    const pids = lab().all('python.process').map((each) => each.pid);
    expect(pids.length).toBeGreaterThanOrEqual(7);
    await lab().stop();
    harness = null;
    // The stop's own end waits for its workers; observed grandchildren (reparented when the root dies) may take a moment more.
    await waitFor('every Python process gone', () => pids.every((pid) => !alive(pid)), 20_000).catch(() => undefined);
    expect(pids.filter(alive)).toEqual([]);
  }, 120_000);

  it('fifty programs at once: each observed, each with its own output and exit code', async () => {
    harness = new LabHarness({ maxLiveWorkers: 100 });
    const roots: string[] = [];
    for (let n = 0; n < 50; n++) {
      const code = `import threading, sys\nlock = threading.Lock()\ndef work():\n    for _ in range(1000):\n        with lock:\n            pass\nts = [threading.Thread(target=work) for _ in range(3)]\nfor t in ts: t.start()\nfor t in ts: t.join()\nprint("program ${n}")\nsys.exit(${n % 5})\n`;
      roots.push(...(await lab().start({ kind: 'python', code })));
    }
    for (const [n, root] of roots.entries()) expect((await lab().exited(root, 120_000)).exitCode).toBe(n % 5);
    for (const [n, root] of roots.entries()) await waitFor(`program ${n}'s output`, () => outputOf(root) === `program ${n}\n`);
    // Each hello may be read after its program ended (fifty at once on two cores): it is still that program's.
    const unseen = () => roots.filter((root) => !lab().all('python.process').some((each) => each.workerId === root));
    await waitFor('every program observed', () => unseen().length === 0, 30_000).catch(() => undefined);
    expect(unseen()).toEqual([]);
    expect(lab().all('python.process').filter((each) => !roots.includes(each.workerId))).toEqual([]);
    expect(lab().all('python.unobserved')).toEqual([]);
  }, 240_000);

  it('a program SIGKILLed while its threads write facts: its threads end with it, the lab runs the next one observed', async () => {
    harness = new LabHarness();
    const code = 'import threading\nlock = threading.Lock()\ndef work():\n    while True:\n        with lock:\n            pass\n        threading.Event().set()\nfor _ in range(4):\n    threading.Thread(target=work, daemon=True).start()\nprint("busy", flush=True)\nthreading.Event().wait()\n';
    const [root] = await lab().start({ kind: 'python', code });
    await waitFor('busy', () => outputOf(root!).includes('busy'), 30_000);
    await waitFor('its threads', () => lab().all('worker.starting').filter((each) => each.worker.observed?.process === root).length >= 5);
    await lab().ok({ type: 'kill', workerIds: [root] });
    expect((await lab().exited(root!)).exitCode).toBe(-9);
    const threads = lab().all('worker.starting').filter((each) => each.worker.observed?.process === root).map((each) => each.worker.id);
    for (const thread of threads) await lab().exited(thread);
    const [next] = await lab().start({ kind: 'python', code: 'import threading\nafter = threading.Lock()\nwith after:\n    print("next", flush=True)\n' });
    expect((await lab().exited(next!)).exitCode).toBe(0);
    await waitFor('the next program’s lock', () => lab().lab.state().sync.states.after);
  }, 120_000);
});

describe('python3 -m concurrency_lab, from a terminal', () => {
  const directory = mkdtempSync(join(tmpdir(), 'hostile-cli-'));
  writeFileSync(join(directory, 'script.py'), 'import sys, threading\nlock = threading.Lock()\nwith lock:\n    print("out", sys.argv[1:])\nsys.stderr.write("err\\n")\nsys.exit(3)\n');
  const command = ['python3', '-m', 'concurrency_lab', 'script.py', 'a', 'b'];
  const expected = { code: 3, stdout: "out ['a', 'b']\n", stderr: 'err\n' };

  it('with no lab running, or a stale socket path: the script runs exactly as without the lab', async () => {
    const stale = join(mkdtempSync(join(tmpdir(), 'stale-')), 's');
    writeFileSync(stale, '');
    for (const socket of [join(directory, 'no-such-socket'), stale]) {
      const ran = await runShell(command, { PYTHONPATH: SHIM, CONCURRENCY_LAB_PY_SOCKET: socket, CONCURRENCY_LAB_PY_TOKEN: 'f'.repeat(32), CONCURRENCY_LAB_PY_WORKER: 'w1' }, directory);
      expect(ran).toEqual(expected);
    }
    expect(existsSync(stale)).toBe(true);
  });

  it('with a wrong token: the lab says so in words, the script runs exactly as without it', async () => {
    harness = new LabHarness();
    const [root] = await lab().start({ kind: 'python', code: 'import os, sys\nprint(os.environ["CONCURRENCY_LAB_PY_SOCKET"])\n' });
    await lab().exited(root!);
    const socket = outputOf(root!).trim();
    const ran = await runShell(command, { PYTHONPATH: SHIM, CONCURRENCY_LAB_PY_SOCKET: socket, CONCURRENCY_LAB_PY_TOKEN: '0'.repeat(32), CONCURRENCY_LAB_PY_WORKER: 'w1' }, directory);
    expect(ran).toEqual(expected);
    await waitFor('the refusal', () => lab().all('python.unobserved').find((each) => each.reason === 'a hello with the wrong token'));
  });
});
