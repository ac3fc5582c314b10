import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PY_ENDED_PROCESSES_KEPT, PY_PRIMITIVES_SHOWN } from '../../../src/core/python/observed-room';
import { PY_ENDED_THREADS_KEPT } from '../../../src/core/python/python-session';
import { labStateSchema } from '../../../src/shared/lab-state-schema';
import { LabHarness } from '../../support/lab-harness';
import { waitFor } from '../../support/wait';

/**
 * Hostile programs, part one: programs that grow without end (issue 10's charter: "no request, message, file
 * or worker output may stop the host"). Real Python under the real shim and the real lab; each test asserts
 * what a person sees: the program's own output, intact; its process still observed; a sentence naming the
 * bound; the lab's state still one a page that connects now can load (the keyframe's schema).
 */

let harness: LabHarness;
afterEach(async () => harness?.stop());

const outputOf = (workerId: string) => harness.lab.state().output.byWorker[workerId]?.pieces.map((piece) => piece.text).join('') ?? '';
const observedPrimitives = () => Object.values(harness.lab.state().sync.states).filter((state) => state.origin === 'observed').length;
const limited = (workerId: string) => harness.all('python.limited', workerId).map((event) => event.reason);
const loadable = () => labStateSchema.safeParse(harness.lab.state()).success;

async function run(code: string, timeoutMs = 120_000): Promise<string> {
  const [root] = await harness.start({ kind: 'python', code });
  const exited = await harness.exited(root!, timeoutMs);
  expect(exited.exitCode, outputOf(root!)).toBe(0);
  return root!;
}

describe('Python programs that grow without end', () => {
  it('a million Locks made and dropped: the rest are counted, not shown, the process stays observed, and the next program is shown again', async () => {
    harness = new LabHarness();
    const root = await run('import threading\nfor _ in range(1_000_000):\n    threading.Lock()\nlast = threading.Lock()\nwith last:\n    pass\nprint("made a million", flush=True)\n');
    expect(outputOf(root)).toBe('made a million\n');
    expect(harness.find('python.unobserved', root)).toBeUndefined();
    expect(limited(root)).toEqual([
      `${root} (pid ${harness.find('python.process', root)!.pid}) made more primitives than the lab shows (${PY_PRIMITIVES_SHOWN.toLocaleString('en')} observed at once): the rest are counted, not shown`,
      `${root} (pid ${harness.find('python.process', root)!.pid}) ended: ${(1_000_001 - PY_PRIMITIVES_SHOWN).toLocaleString('en')} of its primitives were counted, not shown`,
    ]);
    expect(observedPrimitives()).toBe(PY_PRIMITIVES_SHOWN);
    expect(loadable()).toBe(true);
    // The next program's Lock is shown: the ended program's primitives make room for it.
    const next = await run('import threading\nmine = threading.Lock()\nwith mine:\n    pass\n');
    await waitFor('the next program’s lock', () => harness.lab.state().sync.states.mine);
    expect(harness.lab.state().sync.states.mine).toMatchObject({ kind: 'Lock', origin: 'observed', holder: null });
    expect(limited(next)).toEqual([]);
    expect(observedPrimitives()).toBeLessThanOrEqual(PY_PRIMITIVES_SHOWN);
  }, 300_000);

  it('two processes of 6,000 Queues each (kept alive) stay within the page’s bound together', async () => {
    harness = new LabHarness();
    const code = 'import os, queue\nkept = [queue.Queue() for _ in range(6000)]\npid = os.fork()\nmore = [queue.Queue() for _ in range(6000)]\nkept[0].put(1); kept[0].get()\nif pid == 0:\n    os._exit(0)\nos.waitpid(pid, 0)\nprint("done", len(kept) + len(more), flush=True)\n';
    const root = await run(code);
    expect(outputOf(root)).toBe('done 12000\n');
    expect(observedPrimitives()).toBeLessThanOrEqual(PY_PRIMITIVES_SHOWN);
    expect(harness.all('python.limited').length).toBeGreaterThan(0);
    expect(harness.all('python.unobserved')).toEqual([]);
    expect(loadable()).toBe(true);
  }, 300_000);

  it('10,000 threads started and ended: the process keeps its last ended threads only', async () => {
    harness = new LabHarness();
    const root = await run('import threading\nfor n in range(10_000):\n    t = threading.Thread(target=int, name="t%d" % n)\n    t.start(); t.join()\nprint("joined", threading.active_count(), flush=True)\n');
    expect(outputOf(root)).toBe('joined 1\n');
    await waitFor('the main thread ended', () => harness.all('worker.exited').some((each) => harness.lab.state().workers[each.workerId]?.name === 'MainThread'));
    const rows = Object.values(harness.lab.state().workers).filter((worker) => worker.observed?.process === root);
    expect(rows.length).toBeLessThanOrEqual(PY_ENDED_THREADS_KEPT + 1);
    expect(harness.find('python.unobserved', root)).toBeUndefined();
    expect(loadable()).toBe(true);
  }, 300_000);

  it('1,000 processes forked in a loop: each observed, the rows of the last ended ones kept', async () => {
    harness = new LabHarness();
    const root = await run('import os\nfor n in range(1000):\n    pid = os.fork()\n    if pid == 0:\n        os._exit(n % 7)\n    os.waitpid(pid, 0)\nprint("forked 1000", flush=True)\n', 240_000);
    expect(outputOf(root)).toBe('forked 1000\n');
    await waitFor('1,000 children seen', () => harness.all('python.process').length === 1001, 60_000);
    await waitFor('every child ended', () => harness.all('worker.exited').filter((each) => /^py\d+$/.test(each.workerId)).length === 1000, 60_000);
    const exits = harness.all('worker.exited').filter((each) => /^py\d+$/.test(each.workerId));
    // n % 7 == 3 for n = 3, 10, ... 997: 143 children.
    expect(exits.filter((each) => each.exitCode === 3).length).toBe(143);
    const processRows = Object.values(harness.lab.state().workers).filter((worker) => worker.kind === 'process' && worker.method === 'python' && worker.id !== root);
    expect(processRows.length).toBe(PY_ENDED_PROCESSES_KEPT);
    expect(harness.all('worker.closed').length).toBeGreaterThanOrEqual(2 * (1000 - PY_ENDED_PROCESSES_KEPT));
    expect(loadable()).toBe(true);
  }, 300_000);

  it('a creating line 1 MiB long: the primitive is named by its variable, the program runs on observed', async () => {
    harness = new LabHarness();
    const directory = mkdtempSync(join(tmpdir(), 'hostile-'));
    const script = join(directory, 'long_line.py');
    writeFileSync(script, `import threading\nguard = threading.Lock(); padding = "${'x'.repeat(1 << 20)}"\nwith guard:\n    print(len(padding), flush=True)\n`);
    const [root] = await harness.start({ kind: 'python', script });
    expect((await harness.exited(root!)).exitCode).toBe(0);
    expect(outputOf(root!)).toBe(`${1 << 20}\n`);
    expect(harness.lab.state().sync.states.guard).toMatchObject({ kind: 'Lock', origin: 'observed' });
    expect(harness.find('python.unobserved', root!)).toBeUndefined();
  });
});
