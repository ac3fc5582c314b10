import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PY_ENV, PY_LINE_MAX, type PythonFact, type PythonHello } from '../../shared/python-wire';
import type { Cancel, Clock } from '../clock';
import { PythonLines } from './python-lines';
import { parsePythonLine } from './python-wire-schema';

/** How many Python processes may be connected at once: a Pool of a few hundred workers fits; a flood does not. */
export const PY_CONNECTIONS_MAX = 1024;
/** A connection must say hello this soon after it opens, and a line once begun must end this soon. */
export const PY_SILENCE_MS = 10_000;
/** Bytes of unfinished lines held over all connections together (each is at most PY_LINE_MAX). */
export const PY_PENDING_MAX = 64 * 1024 * 1024;
/** Connections the kernel queues before the host accepts them: a Pool's workers all start at once. */
const PY_BACKLOG = 1024;
/**
 * Bytes the host lets wait unread in one connection's outgoing buffer (step mode's few short lines: a shim
 * reads them only while a thread of it is held). Past it a line is not written: the host never blocks on a
 * program, nor holds bytes for one without bound.
 */
export const PY_WRITE_PENDING_MAX = 64 * 1024;
/** Connections refused for being over the limit are reported at most this often, counted. */
const FLOOD_TOLD_EVERY_MS = 1_000;

/** What a connection gives the host: its hello, its batches, its end. */
export interface PythonConnectionHandler {
  hello(connection: number, hello: PythonHello): void;
  /** A batch of facts; a sentence returned closes the connection with that reason. */
  facts(connection: number, facts: readonly PythonFact[]): string | null;
  /** The connection ended: `reason` null when the program closed it, else why the host closed it. `hello` null: it never said one. */
  closed(connection: number, reason: string | null, hello: PythonHello | null): void;
}

export interface PythonListenerOptions {
  readonly clock: Clock;
  readonly maxConnections?: number;
  readonly silenceMs?: number;
  readonly pendingMax?: number;
  readonly lineMax?: number;
}

interface Connection {
  readonly id: number;
  readonly socket: Socket;
  readonly lines: PythonLines;
  readonly openedAt: number;
  hello: PythonHello | null;
  /** When the unfinished line began (monotonic ms), null when none is. */
  lineSince: number | null;
  done: boolean;
}

/**
 * The host's end of the Python wire (docs/python-wire.md): a Unix stream socket in a fresh directory of
 * mode 0700, one connection per Python process, a token checked on hello, every line bounded and checked.
 * A bad connection is closed with a reason and nothing else happens: the host never touches the program, and
 * writes to it only step mode's short lines (write()). Removed, directory and all, by close().
 */
export class PythonListener {
  readonly token = randomBytes(16).toString('hex');
  private readonly connections = new Map<number, Connection>();
  private nextId = 0;
  private pending = 0;
  private sweep: Cancel | null = null;
  private refused = 0;
  private refusedToldAt = -Infinity;
  private closing = false;

  private constructor(
    private readonly server: Server,
    readonly directory: string,
    readonly socketPath: string,
    private readonly handler: PythonConnectionHandler,
    private readonly options: PythonListenerOptions,
  ) {
    server.on('connection', (socket) => this.accept(socket));
    // A listening socket's error (EMFILE under a flood) must not end the host.
    server.on('error', (error) => console.error('lab: the Python listener:', error.message));
    this.scheduleSweep();
  }

  /**
   * Listening when it returns: a Unix socket is bound and listened on synchronously, so a program the lab
   * starts right after finds it (its connections wait in the backlog until the loop accepts them).
   */
  static open(handler: PythonConnectionHandler, options: PythonListenerOptions): PythonListener {
    // A short name: a Unix socket's path has room for about 104 bytes.
    const directory = mkdtempSync(join(tmpdir(), 'clab-py-'));
    chmodSync(directory, 0o700);
    const socketPath = join(directory, 's');
    const server = createServer({ allowHalfOpen: false });
    server.listen({ path: socketPath, backlog: PY_BACKLOG });
    return new PythonListener(server, directory, socketPath, handler, options);
  }

  /** The variables a Python program of the lab's worker `workerId` is started with (besides PYTHONPATH). */
  environment(workerId: string): Record<string, string> {
    return { [PY_ENV.socket]: this.socketPath, [PY_ENV.token]: this.token, [PY_ENV.worker]: workerId };
  }

  /** Connections open now (tests; the flood's bound). */
  get openConnections(): number {
    return this.connections.size;
  }

  /**
   * Writes one of step mode's lines (PY_STEP_LINES) to a connection that said hello: false when it is gone,
   * or when the program has left PY_WRITE_PENDING_MAX bytes unread (then nothing is written).
   */
  write(id: number, line: string): boolean {
    const connection = this.connections.get(id);
    if (connection === undefined || connection.done || connection.hello === null || connection.socket.destroyed) return false;
    if (connection.socket.writableLength + line.length > PY_WRITE_PENDING_MAX) return false;
    connection.socket.write(line);
    return true;
  }

  /** Closes one connection with a reason, as a bad line does (the fact merge's refusals, given on late). */
  closeConnection(id: number, reason: string): void {
    const connection = this.connections.get(id);
    if (connection !== undefined) this.end(connection, reason);
  }

  /** Closes every connection and the socket, and removes its directory. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.sweep?.();
    this.sweep = null;
    for (const connection of [...this.connections.values()]) this.end(connection, 'the lab is stopping');
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await rm(this.directory, { recursive: true, force: true });
  }

  private accept(socket: Socket): void {
    const max = this.options.maxConnections ?? PY_CONNECTIONS_MAX;
    if (this.closing || this.connections.size >= max) {
      socket.destroy();
      this.refused += 1;
      this.tellRefused(false);
      return;
    }
    const connection: Connection = {
      id: ++this.nextId,
      socket,
      lines: new PythonLines(this.options.lineMax ?? PY_LINE_MAX),
      openedAt: this.options.clock.monotonic(),
      hello: null,
      lineSince: null,
      done: false,
    };
    this.connections.set(connection.id, connection);
    socket.on('data', (chunk: Buffer) => this.read(connection, chunk));
    socket.on('error', () => this.end(connection, null));
    socket.on('close', () => this.end(connection, null));
    // The program may exit with its write half closed first: what it sent is read, then the end is ours.
    socket.on('end', () => this.end(connection, connection.lines.pending > 0 ? 'the connection ended inside a line' : null));
  }

  private read(connection: Connection, chunk: Buffer): void {
    if (connection.done) return;
    const before = connection.lines.pending;
    const split = connection.lines.push(chunk);
    this.pending += connection.lines.pending - before;
    if (!split.ok) return this.end(connection, split.reason);
    // Each connection holds at most one line's bytes; many slow ones together are bounded too.
    if (this.pending > (this.options.pendingMax ?? PY_PENDING_MAX)) return this.end(connection, 'the lab holds too many unfinished Python lines at once');
    if (split.lines.length > 0 || before === 0) connection.lineSince = connection.lines.pending > 0 ? this.options.clock.monotonic() : null;
    for (const line of split.lines) {
      if (connection.done) return;
      const reason = this.line(connection, line);
      if (reason !== null) return this.end(connection, reason);
    }
  }

  /** One complete line: null when it was taken, else why the connection closes. */
  private line(connection: Connection, line: string): string | null {
    const parsed = parsePythonLine(line, connection.hello !== null);
    if (!parsed.ok) return parsed.reason;
    const value = parsed.value;
    if (value.type === 'hello') {
      if (!sameToken(value.token, this.token)) return 'a hello with the wrong token';
      connection.hello = value;
      this.handler.hello(connection.id, value);
      return null;
    }
    return this.handler.facts(connection.id, value.facts);
  }

  /** Closes a connection once; `reason` null: the program ended it. */
  private end(connection: Connection, reason: string | null): void {
    if (connection.done) return;
    connection.done = true;
    this.pending -= connection.lines.pending;
    this.connections.delete(connection.id);
    connection.socket.destroy();
    this.handler.closed(connection.id, reason, connection.hello);
  }

  private scheduleSweep(): void {
    const silence = this.options.silenceMs ?? PY_SILENCE_MS;
    this.sweep = this.options.clock.setTimeout(() => {
      const now = this.options.clock.monotonic();
      for (const connection of [...this.connections.values()]) {
        if (connection.hello === null && now - connection.openedAt > silence) this.end(connection, `no hello within ${silence / 1000} s`);
        else if (connection.lineSince !== null && now - connection.lineSince > silence) this.end(connection, `a line not ended within ${silence / 1000} s`);
      }
      this.tellRefused(true);
      if (!this.closing) this.scheduleSweep();
    }, Math.min(1_000, silence / 2));
  }

  /** Says how many connections were refused since last said, at most once per FLOOD_TOLD_EVERY_MS. */
  private tellRefused(sweeping: boolean): void {
    if (this.refused === 0) return;
    const now = this.options.clock.monotonic();
    if (!sweeping && now - this.refusedToldAt < FLOOD_TOLD_EVERY_MS) return;
    const max = this.options.maxConnections ?? PY_CONNECTIONS_MAX;
    const count = this.refused;
    this.refused = 0;
    this.refusedToldAt = now;
    this.handler.closed(0, `${count} Python connection${count === 1 ? '' : 's'} refused: the lab keeps at most ${max} open`, null);
  }
}

function sameToken(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
