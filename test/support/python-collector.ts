import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A tiny stand-in for the lab's listener, for the shim's own tests: a Unix socket in a 0700 temp dir that
 * keeps every connection's raw lines, parsed. It checks nothing of the wire (the host's real listener,
 * src/core/python/, does): the tests assert on what the shim sent.
 */

export const SHIM_ROOT = join(__dirname, '..', '..', 'resources', 'python');
export const TOKEN = '0123456789abcdef0123456789abcdef';

export type Fact = [string, ...unknown[]];

export interface Hello {
  type: 'hello';
  pid: number;
  ppid: number;
  role: string;
  startMethod: string | null;
  name: string;
  argv: string[];
  token: string;
  version: string;
}

export class Connection {
  readonly lines: string[] = [];
  ended = false;
  private rest = '';

  /** `answerHolds`: every thread held in step mode (a `step.held` fact) gets its go at once, as a person releasing each would. */
  constructor(
    readonly socket: Socket,
    answerHolds = false,
  ) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      const parts = (this.rest + chunk).split('\n');
      this.rest = parts.pop()!;
      if (answerHolds) for (const line of parts) this.answer(line, this.lines.length === 0);
      this.lines.push(...parts);
    });
    socket.on('close', () => (this.ended = true));
    socket.on('error', () => (this.ended = true));
  }

  private answer(line: string, first: boolean): void {
    if (first || !line.includes('"step.held"')) return;
    for (const fact of (JSON.parse(line) as { facts: Fact[] }).facts) if (fact[0] === 'step.held') this.socket.write(`go ${String(fact[2])}\n`);
  }

  get hello(): Hello | undefined {
    return this.lines.length > 0 ? (JSON.parse(this.lines[0]!) as Hello) : undefined;
  }

  /** Every fact of every batch, in order. */
  facts(): Fact[] {
    return this.lines.slice(1).flatMap((line) => (JSON.parse(line) as { facts: Fact[] }).facts);
  }

  batches(): Fact[][] {
    return this.lines.slice(1).map((line) => (JSON.parse(line) as { facts: Fact[] }).facts);
  }
}

export class PythonCollector {
  readonly dir = mkdtempSync(join(tmpdir(), 'lab-py-'));
  readonly path = join(this.dir, 'lab.sock');
  readonly connections: Connection[] = [];
  private server: Server | undefined;

  /** `answerHolds`: each connection answers step mode's holds at once (Connection). */
  constructor(private readonly options: { readonly answerHolds?: boolean } = {}) {}

  async listen(): Promise<void> {
    this.server = createServer((socket) => this.connections.push(new Connection(socket, this.options.answerHolds)));
    await new Promise<void>((resolve) => this.server!.listen(this.path, resolve));
  }

  /** The connection whose hello says this role (the first one, or the index-th). */
  byRole(role: string): Connection[] {
    return this.connections.filter((connection) => connection.hello?.role === role);
  }

  /** Stops listening: connections already open stay until the shim closes them. */
  async close(): Promise<void> {
    for (const connection of this.connections) connection.socket.destroy();
    await new Promise<void>((resolve) => (this.server === undefined ? resolve() : this.server.close(() => resolve())));
    rmSync(this.dir, { recursive: true, force: true });
  }

  env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    const { PYTHONPATH: _userPath, ...rest } = process.env;
    return {
      ...rest,
      PYTHONPATH: [join(SHIM_ROOT, 'boot'), SHIM_ROOT].join(':'),
      CONCURRENCY_LAB_PY_SOCKET: this.path,
      CONCURRENCY_LAB_PY_TOKEN: TOKEN,
      CONCURRENCY_LAB_PY_WORKER: 'w1',
      ...extra,
    };
  }
}

/** What a run printed and how it ended. */
export interface Ran {
  readonly stdout: Buffer;
  readonly stderr: Buffer;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** Runs an interpreter to its end with this environment (asynchronously: the collector reads meanwhile). */
export function runPython(python: string, args: readonly string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ stdout: Buffer.concat(out), stderr: Buffer.concat(err), code, signal }));
  });
}

/** The environment a run without the lab has (the same, less the lab's variables and PYTHONPATH). */
export function plainEnv(): NodeJS.ProcessEnv {
  const { PYTHONPATH: _path, CONCURRENCY_LAB_PY_SOCKET: _socket, CONCURRENCY_LAB_PY_TOKEN: _token, CONCURRENCY_LAB_PY_WORKER: _worker, ...env } = process.env;
  return env;
}

/** CPython 3.11, 3.12 and 3.13 as this machine has them (pyenv), each found once; python3 when none is. */
export function pythons(): { version: string; path: string }[] {
  const root = join(homedir(), '.pyenv', 'versions');
  const found: { version: string; path: string }[] = [];
  for (const minor of ['3.11', '3.12', '3.13']) {
    const version = existsSync(root) ? readdirSync(root).find((name) => name.startsWith(`${minor}.`) && !name.endsWith('t')) : undefined;
    const path = version === undefined ? undefined : join(root, version, 'bin', 'python3');
    if (path !== undefined && existsSync(path)) found.push({ version: minor, path });
  }
  if (found.length === 0 && spawnSync('python3', ['--version']).status === 0) found.push({ version: 'python3', path: 'python3' });
  return found;
}
