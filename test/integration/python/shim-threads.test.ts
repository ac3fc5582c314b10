import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PythonCollector, plainEnv, pythons, runPython, type Connection, type Fact } from '../../support/python-collector';
import { waitFor } from '../../support/wait';

/**
 * The Python shim (resources/python) in real interpreters, against a bare collector: what it sends over
 * docs/python-wire.md, and that the program sees, prints and returns exactly what it does without the lab.
 */

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'python');
const fixture = (name: string) => join(FIXTURES, name);

let collector: PythonCollector;
afterEach(async () => collector?.close());

async function listening(): Promise<PythonCollector> {
  collector = new PythonCollector();
  await collector.listen();
  return collector;
}

const named = (facts: Fact[], name: string) => facts.filter((fact) => fact[0] === name);
/** Acquisitions a connection reported on primitive `id`: each `lock.acquired` and each pair a `lock.fastPath` counts. */
const acquisitions = (facts: Fact[], id: number) =>
  facts.filter((fact) => fact[3] === id).reduce((sum, fact) => sum + (fact[0] === 'lock.acquired' ? 1 : fact[0] === 'lock.fastPath' ? Number(fact[4]) : 0), 0);
/** Ops `one` on primitive `id`, each counted once, plus the numbers its `counted` facts carry. */
const counted = (facts: Fact[], id: number, one: string, many: string) =>
  facts.filter((fact) => fact[3] === id).reduce((sum, fact) => sum + (fact[0] === one ? 1 : fact[0] === many ? Number(fact[4]) : 0), 0);
/** prim.new is [name, t, id, kind, label, file, line, params]. */
const primId = (facts: Fact[], label: string) => named(facts, 'prim.new').find((fact) => fact[4] === label)?.[2] as number;

/** The one connection of a single-process run, once its process.exit arrived. */
async function mainConnection(c: PythonCollector): Promise<Connection> {
  return waitFor('the main process connection with its process.exit', () => {
    const main = c.byRole('main')[0];
    return main !== undefined && named(main.facts(), 'process.exit').length > 0 && main;
  });
}

describe.each(pythons())('the shim under Python $version', ({ path: python }) => {
  it('adds no thread: active_count() and enumerate() read as without the lab', async () => {
    const c = await listening();
    const plain = await runPython(python, [fixture('threads-census.py')], plainEnv());
    const observed = await runPython(python, [fixture('threads-census.py')], c.env());
    expect(observed.stdout.toString()).toBe(plain.stdout.toString());
    expect(plain.stdout.toString()).toBe("1 ['MainThread']\n1 ['MainThread']\n");
    const facts = (await mainConnection(c)).facts();
    expect(named(facts, 'thread.start').map((fact) => fact[4])).toEqual(['MainThread', 'worker']);
  });

  it('leaves stdout and stderr byte-identical (no newline, partial writes, unicode, raw bytes)', async () => {
    const c = await listening();
    const plain = await runPython(python, [fixture('printer.py')], plainEnv());
    const observed = await runPython(python, [fixture('printer.py')], c.env());
    expect(observed.stdout.equals(plain.stdout)).toBe(true);
    expect(observed.stderr.equals(plain.stderr)).toBe(true);
    expect(observed.code).toBe(0);
    expect(plain.stdout.includes(Buffer.from('✓ 日本'))).toBe(true);
    await mainConnection(c);
  });

  it('makes os.fork() in a program with one thread raise no DeprecationWarning under -W error', async () => {
    const c = await listening();
    const code = 'import os\npid = os.fork()\nif pid == 0:\n    os._exit(0)\nprint(os.waitpid(pid, 0)[1])';
    const ran = await runPython(python, ['-W', 'error', '-c', code], c.env());
    expect(ran.stderr.toString()).toBe('');
    expect(ran.stdout.toString()).toBe('0\n');
    expect(ran.code).toBe(0);
  });

  it("sends a waiter's lock.waiting before the thread blocks: the lab sees it while the program is still blocked", async () => {
    const c = await listening();
    const child = spawn(python, [fixture('blocked-waiter.py')], { env: c.env(), stdio: ['pipe', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const waiting = await waitFor('lock.waiting from the waiter', () => {
      const facts = c.byRole('main')[0]?.facts() ?? [];
      return named(facts, 'lock.waiting')[0];
    });
    expect(child.exitCode).toBe(null); // still blocked: only the waiter's own flush can have sent it
    const facts = c.byRole('main')[0]!.facts();
    const waiter = named(facts, 'thread.start').find((fact) => fact[4] === 'waiter')!;
    expect(waiting[2]).toBe(waiter[2]); // the waiter's native id
    expect(waiting[3]).toBe(primId(facts, 'held'));
    expect(waiting[4]).toBe(-1); // for ever
    child.stdin.end('\n');
    expect(await exited).toBe(0);
  });

  it('flushes in os._exit: the ops before it arrive, with process.exit 3', async () => {
    const c = await listening();
    const ran = await runPython(python, [fixture('exit-after-ops.py')], c.env());
    expect(ran.code).toBe(3);
    const facts = (await mainConnection(c)).facts();
    expect(acquisitions(facts, primId(facts, 'counter'))).toBe(1000);
    expect(named(facts, 'process.exit')[0]?.[2]).toBe(3);
  });

  it('lists a daemon thread still running at exit in process.exit', async () => {
    const c = await listening();
    const ran = await runPython(python, [fixture('daemon-at-exit.py')], c.env());
    expect(ran.stdout.toString()).toBe('main done\n');
    const facts = (await mainConnection(c)).facts();
    const spinner = named(facts, 'thread.start').find((fact) => fact[4] === 'spinner')!;
    expect(spinner[5]).toBe(true);
    expect(named(facts, 'process.exit')[0]?.[3]).toEqual([spinner[2]]);
  });

  it('loses nothing of 200,000 ops, in batches of at most 4096 facts and lines of at most 1 MiB', async () => {
    const c = await listening();
    const ran = await runPython(python, [fixture('many-ops.py')], c.env());
    expect(ran.code).toBe(0);
    const main = await mainConnection(c);
    const facts = main.facts();
    expect(acquisitions(facts, primId(facts, 'counter'))).toBe(50_000);
    const items = primId(facts, 'items');
    expect(counted(facts, items, 'queue.put', 'queue.putsCounted')).toBe(50_000);
    expect(counted(facts, items, 'queue.get', 'queue.getsCounted')).toBe(50_000);
    // The runs went coalesced, each ending with its last op stating the depth.
    expect(named(facts, 'lock.fastPath').some((fact) => Number(fact[4]) > 1000)).toBe(true);
    expect(named(facts, 'queue.putsCounted').length).toBeGreaterThan(0);
    expect(facts.filter((fact) => fact[3] === items).at(-1)).toEqual(['queue.get', expect.any(Number), expect.any(Number), items, 0]);
    expect(Math.max(...main.batches().map((batch) => batch.length))).toBeLessThanOrEqual(4096);
    expect(Math.max(...main.lines.map((line) => Buffer.byteLength(line)))).toBeLessThanOrEqual(1 << 20);
  });

  it('runs on unchanged when the socket dies mid-run: same output, same exit code', async () => {
    const c = await listening();
    const plain = await runPython(python, [fixture('socket-dies.py')], plainEnv());
    const running = runPython(python, [fixture('socket-dies.py')], c.env());
    const main = await waitFor('the first batch', () => c.connections.find((each) => each.lines.length >= 2));
    main.socket.destroy();
    const observed = await running;
    expect(observed.stdout.toString()).toBe(plain.stdout.toString());
    expect(observed.stderr.toString()).toBe(plain.stderr.toString());
    expect([observed.code, plain.code]).toEqual([5, 5]);
  });

  it('sends nothing under python -I (no sitecustomize) and the program runs as ever', async () => {
    const c = await listening();
    const ran = await runPython(python, ['-I', fixture('threads-census.py')], c.env());
    expect(ran.code).toBe(0);
    expect(ran.stdout.toString()).toBe("1 ['MainThread']\n1 ['MainThread']\n");
    // An observed run's hello arrives in milliseconds; the isolated one has ended and said nothing.
    expect(c.connections).toHaveLength(0);
  });

  it('names each primitive by the variable its creating line assigns, with its file and line', async () => {
    const c = await listening();
    const file = fixture('labels.py');
    expect((await runPython(python, [file], c.env())).code).toBe(0);
    const made = named((await mainConnection(c)).facts(), 'prim.new').map((fact) => [fact[3], fact[4], fact[5], fact[6]]);
    expect(made).toEqual([
      ['Lock', 'mutexA', file, 5],
      ['Semaphore', 'first', file, 6],
      ['BoundedSemaphore', 'second', file, 6],
      ['Lock', 'forks', file, 7],
      ['Lock', 'forks', file, 7],
      ['RLock', 'guarded.lock', file, 8],
      ['Condition', 'guarded', file, 8],
      ['RLock', 'self.balance_lock', file, 13],
      ['Lock', 'Lock-9', file, 17],
      ['PriorityQueue', 'jobs', file, 19],
    ]);
  });

  it("runs the user's own sitecustomize after the shim's, and reports a broken one as site does", async () => {
    const c = await listening();
    const code = 'import threading, sitecustomize; print(type(threading.Lock()).__name__, sitecustomize.__file__)';
    const userSite = fixture('user-site');
    const ran = await runPython(python, ['-c', code], { ...c.env(), PYTHONPATH: `${c.env().PYTHONPATH}:${userSite}` });
    expect(ran.stderr.toString()).toBe('the user sitecustomize ran\n');
    expect(ran.stdout.toString()).toBe(`ObservedLock ${join(userSite, 'sitecustomize.py')}\n`);
    const broken = fixture('user-site-broken');
    const plain = await runPython(python, ['-c', 'print(1)'], { ...plainEnv(), PYTHONPATH: broken });
    const observed = await runPython(python, ['-c', 'print(1)'], { ...c.env(), PYTHONPATH: `${c.env().PYTHONPATH}:${broken}` });
    expect(plain.stderr.toString()).toContain('Error in sitecustomize');
    expect([observed.stdout.toString(), observed.stderr.toString(), observed.code]).toEqual([plain.stdout.toString(), plain.stderr.toString(), plain.code]);
  });

  it('tells a two-lock deadlock while it lasts: each thread holds one lock and waits for the other', async () => {
    const c = await listening();
    const child = spawn(python, [fixture('two-lock-deadlock.py')], { env: c.env(), stdio: ['pipe', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const facts = await waitFor('both waits', () => {
      const seen = c.byRole('main')[0]?.facts() ?? [];
      return named(seen, 'lock.waiting').length === 2 && seen;
    });
    expect(child.exitCode).toBe(null);
    const [a, b] = [primId(facts, 'mutexA'), primId(facts, 'mutexB')];
    const tidOf = (name: string) => named(facts, 'thread.start').find((fact) => fact[4] === name)![2];
    const [one, two] = [tidOf('one'), tidOf('two')];
    // Holders from their acquisitions, waiters from their waits: the wait-for cycle one -> two -> one.
    const holderOf = (lock: number) => facts.filter((fact) => fact[0] === 'lock.acquired' && fact[3] === lock).at(-1)?.[2];
    const waitOf = (tid: unknown) => named(facts, 'lock.waiting').find((fact) => fact[2] === tid)?.[3];
    expect([holderOf(a), holderOf(b)]).toEqual([one, two]);
    expect([waitOf(one), waitOf(two)]).toEqual([b, a]);
    child.stdin.end('\n');
    expect(await exited).toBe(0);
    const exit = await waitFor('process.exit', () => named(c.byRole('main')[0]!.facts(), 'process.exit')[0]);
    expect([...(exit[3] as number[])].sort()).toEqual([one, two].sort());
  });
});
