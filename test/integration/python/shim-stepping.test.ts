import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

/**
 * The shim's half of step mode (resources/python/concurrency_lab/stepping.py) against a host written here,
 * with real python3: what the host writes decides when each thread goes, a host that writes nonsense or goes
 * away never changes the program's output nor leaves it hanging. The lab's own half is
 * step-mode-python.test.ts.
 */

const RESOURCES = join(__dirname, '..', '..', '..', 'resources', 'python');
const TOKEN = '0'.repeat(32);

interface Held {
  readonly tid: number;
  readonly id: number;
  readonly op: string;
}

/** One connection's side of a fake host: the facts' `step.held`s as they come, and the socket to answer on. */
interface FakeHost {
  readonly server: Server;
  readonly path: string;
  onHeld: (held: Held, socket: Socket) => void;
  readonly held: Held[];
}

let hosts: FakeHost[] = [];
afterEach(() => {
  for (const host of hosts) host.server.close();
  hosts = [];
});

function fakeHost(): FakeHost {
  const path = join(mkdtempSync(join(tmpdir(), 'clab-step-')), 's');
  const host: FakeHost = { server: createServer(), path, onHeld: () => undefined, held: [] };
  host.server.on('connection', (socket) => {
    let rest = '';
    socket.on('error', () => undefined);
    socket.on('data', (chunk) => {
      const lines = (rest + chunk.toString('utf8')).split('\n');
      rest = lines.pop()!;
      for (const line of lines) {
        const value = JSON.parse(line) as { type: string; facts?: unknown[][] };
        for (const fact of value.facts ?? []) {
          if (fact[0] !== 'step.held') continue;
          const held = { tid: fact[2] as number, id: fact[3] as number, op: fact[4] as string };
          host.held.push(held);
          host.onHeld(held, socket);
        }
      }
    });
  });
  host.server.listen(path);
  hosts.push(host);
  return host;
}

/** Runs a program under the shim with step mode on from its start; its exit code and exact output. */
function run(host: FakeHost, code: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn('python3', ['-c', code], {
    env: {
      ...process.env,
      PYTHONPATH: `${join(RESOURCES, 'boot')}:${RESOURCES}`,
      CONCURRENCY_LAB_PY_SOCKET: host.path,
      CONCURRENCY_LAB_PY_TOKEN: TOKEN,
      CONCURRENCY_LAB_PY_STEP: '1',
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve) =>
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      resolve({ code: exitCode, stdout, stderr });
    }),
  );
}

/** Four threads, each takes one Lock and prints its native id (the `tid` of its facts) while it holds it. */
const FOUR_THREADS = [
  'import threading',
  'lock = threading.Lock()',
  'def work(n):',
  '    with lock:',
  '        print(threading.get_native_id(), flush=True)',
  'threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]',
  'for t in threads: t.start()',
  'for t in threads: t.join()',
  "print('end')",
].join('\n');

describe('the shim in step mode', () => {
  it('holds every thread until its go: four threads released one by one in reverse order take the lock in that order (the held threads share one reader)', async () => {
    const host = fakeHost();
    const acquires: Held[] = [];
    let order: number[] = [];
    host.onHeld = (held, socket) => {
      if (held.op === 'acquire') acquires.push(held);
      if (acquires.length === 4 && order.length === 0) {
        // All four held: the last to arrive goes first; each next one goes once the previous is at its release.
        order = acquires.map((each) => each.tid).reverse();
        socket.write(`go ${order[0]}\n`);
      }
      if (held.op === 'release') {
        socket.write(`go ${held.tid}\n`);
        const next = order[order.indexOf(held.tid) + 1];
        if (next !== undefined) socket.write(`go ${next}\n`);
      }
    };
    const ran = await run(host, FOUR_THREADS);
    expect(ran.stderr).toBe('');
    expect(ran.code).toBe(0);
    expect(ran.stdout).toBe([...order, 'end', ''].join('\n'));
  });

  it('lines that are not the three are ignored: the output and stderr are those of a run without the lab', async () => {
    const host = fakeHost();
    host.onHeld = (held, socket) => {
      socket.write('nonsense\n' + 'x'.repeat(10_000) + '\ngo -1\ngo 99999999999999999999999\n\x00\xff\n');
      socket.write(`go ${held.tid}\n`);
    };
    const ran = await run(host, FOUR_THREADS);
    expect(ran).toMatchObject({ code: 0, stderr: '' });
    expect(ran.stdout.trim().split('\n')).toHaveLength(5);
  });

  it('a host that goes away while threads are held lets every thread go: the program ends as without the lab', async () => {
    const host = fakeHost();
    host.onHeld = (_held, socket) => {
      if (host.held.length === 2) socket.destroy();
    };
    const ran = await run(host, FOUR_THREADS);
    expect(ran).toMatchObject({ code: 0, stderr: '' });
    expect(ran.stdout.trim().split('\n')).toHaveLength(5);
  });

  it('step off lets every held thread go, and nothing is held after it', async () => {
    const host = fakeHost();
    host.onHeld = (_held, socket) => {
      if (host.held.length === 4) socket.write('step off\n');
    };
    const ran = await run(host, FOUR_THREADS);
    expect(ran).toMatchObject({ code: 0, stderr: '' });
    // The four acquires, and nothing after the step off.
    expect(host.held.map((held) => held.op)).toEqual(['acquire', 'acquire', 'acquire', 'acquire']);
    expect(ran.stdout.trim().split('\n')).toHaveLength(5);
  });
});
