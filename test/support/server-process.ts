import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import WebSocket from 'ws';
import { pageHistorySchema, type PageHistory } from '../../src/shared/page-history';
import type { CommandOutcome, LabEvent, ServerMessage } from '../../src/shared/protocol';
import { waitFor } from './wait';

export const SERVER_ENTRY = join(__dirname, '..', '..', 'out', 'node', 'server.js');
/** A host of the test's own making (test/fixtures/lab-host.ts): the lab with options the command line lacks. */
const FIXTURE_HOST = join(__dirname, '..', 'fixtures', 'lab-host.ts');

/** The browser-mode server as a user runs it: its own process, found through the URL it prints. */
export class ServerProcess {
  readonly events: LabEvent[] = [];
  /** The history the server sent on connecting, as the page's schema reads it (null until it came). */
  history: PageHistory | null = null;
  /** Why the history did not pass the page's schema, if it did not. */
  historyError: string | null = null;
  private socket: WebSocket | null = null;
  private pending = new Map<string, (outcome: CommandOutcome) => void>();
  private nextId = 1;
  stdout = '';
  stderr = '';

  private constructor(
    readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static async start(args: string[] = []): Promise<ServerProcess> {
    return ServerProcess.launch([SERVER_ENTRY, '--port', '0', '--no-open', ...args]);
  }

  /** The fixture host (test/fixtures/lab-host.ts says what it takes); its strangers are in `stdout`. */
  static fixture(options: { shell?: string; strangers?: number; samplePeriodMs?: number }): Promise<ServerProcess> {
    return ServerProcess.launch(['--import', 'tsx', FIXTURE_HOST, JSON.stringify(options)]);
  }

  /** A server entry of another build (the packaged app's, test/integration/packaging), run from `cwd`. */
  static at(entry: string, cwd: string, args: string[] = []): Promise<ServerProcess> {
    return ServerProcess.launch([entry, '--port', '0', '--no-open', ...args], cwd);
  }

  /** The pids the fixture host announced as its own children that are not the lab's. */
  strangers(): number[] {
    return [...this.stdout.matchAll(/^stranger (\d+)$/gm)].map((match) => Number(match[1]));
  }

  private static async launch(argv: string[], cwd?: string): Promise<ServerProcess> {
    const child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'], ...(cwd === undefined ? {} : { cwd }) });
    let out = '';
    let err = '';
    child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const url = await waitFor(`the server's URL (stderr: ${err})`, () => /(http:\/\/\S+\?token=\S+)/.exec(out)?.[1], 20_000);
    const server = new ServerProcess(child, url);
    child.stdout!.on('data', (chunk: Buffer) => (server.stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (server.stderr += chunk.toString()));
    server.stdout = out;
    await server.connect();
    return server;
  }

  get origin(): string {
    return new URL(this.url).origin;
  }

  socketUrl(token = new URL(this.url).searchParams.get('token')): string {
    return `ws://${new URL(this.url).host}/ws?token=${token}`;
  }

  private async connect(): Promise<void> {
    const socket = new WebSocket(this.socketUrl(), { origin: this.origin });
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as ServerMessage | PageHistory;
      if (message.type === 'history') {
        // Checked as a page checks it (a fixture host with a config no page could set, such as a sample
        // period of minutes, sends a history a page refuses: kept unchecked, and said in historyError).
        const checked = pageHistorySchema.safeParse(message);
        this.history = checked.success ? checked.data : null;
        this.historyError = checked.success ? null : checked.error.message;
        this.events.push(...message.events);
      } else if (message.type === 'events') this.events.push(...message.events);
      else this.pending.get(message.id)?.(message.ok ? { ok: true, result: message.result } : { ok: false, error: message.error });
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    this.socket = socket;
  }

  execute(command: unknown): Promise<CommandOutcome> {
    const id = `c${this.nextId++}`;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.socket!.send(JSON.stringify({ type: 'command', id, command }));
    });
  }

  async start(spec: Record<string, unknown>): Promise<string[]> {
    const outcome = await this.execute({ type: 'start', spec: { count: 1, ...spec } });
    if (!outcome.ok) throw new Error(outcome.error);
    return outcome.result.workerIds;
  }

  ready(workerId: string): Promise<Extract<LabEvent, { type: 'worker.ready' }>> {
    return waitFor(`${workerId} ready`, () =>
      this.events.find((e): e is Extract<LabEvent, { type: 'worker.ready' }> => e.type === 'worker.ready' && e.workerId === workerId),
    );
  }

  /** Pids of every process the lab has sampled below itself. */
  sampledPids(): number[] {
    const last = this.events.filter((e) => e.type === 'metrics.processes').at(-1);
    return last?.type === 'metrics.processes' ? last.processes.map((p) => p.pid).filter((pid) => pid !== this.child.pid) : [];
  }

  /** Stops the server the way a user does (SIGTERM or SIGINT) and waits for it to exit. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<{ code: number | null; ms: number }> {
    const started = Date.now();
    if (this.child.exitCode !== null || this.child.signalCode !== null) return { code: this.child.exitCode, ms: 0 };
    const exited = new Promise<number | null>((resolve) => this.child.once('exit', (code) => resolve(code)));
    this.child.kill(signal);
    const code = await exited;
    return { code, ms: Date.now() - started };
  }
}
