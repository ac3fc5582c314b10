import { connect, type Socket } from 'node:net';
import { stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/clock';
import { PythonListener, type PythonConnectionHandler } from '../../../src/core/python/python-listener';
import type { PythonFact, PythonHello } from '../../../src/shared/python-wire';
import { waitFor } from '../../support/wait';

/** What the listener told its handler: hellos, batches, and every close with its reason. */
function recorder() {
  const hellos: PythonHello[] = [];
  const batches: (readonly PythonFact[])[] = [];
  const closed: Array<{ reason: string | null; hello: boolean }> = [];
  const handler: PythonConnectionHandler = {
    hello: (_id, hello) => void hellos.push(hello),
    facts: (_id, facts) => (batches.push(facts), null),
    closed: (_id, reason, hello) => void closed.push({ reason, hello: hello !== null }),
  };
  return { handler, hellos, batches, closed };
}

const T = 1_764_800_000_123.4;
const helloOf = (token: string, pid = 4242) => JSON.stringify({ type: 'hello', v: 1, token, pid, ppid: 1, t: T, executable: 'python3', version: '3.11.7', argv: [], role: 'main', startMethod: null, name: 'MainProcess' }) + '\n';

let listener: PythonListener | null = null;
afterEach(async () => {
  await listener?.close();
  listener = null;
});

function client(path: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(path, () => resolve(socket));
    socket.on('error', reject);
  });
}

const closedBy = (socket: Socket) => new Promise<void>((resolve) => (socket.destroyed ? resolve() : socket.once('close', () => resolve())));

describe('the Python listener against hostile connections', () => {
  it('lives in a fresh 0700 directory, takes a good hello and batch, and is removed at close', async () => {
    const seen = recorder();
    listener = PythonListener.open(seen.handler, { clock: systemClock });
    expect((await stat(listener.directory)).mode & 0o777).toBe(0o700);
    expect(listener.token).toMatch(/^[0-9a-f]{32}$/);
    const socket = await client(listener.socketPath);
    socket.write(helloOf(listener.token));
    socket.write(JSON.stringify({ type: 'facts', facts: [['thread.start', T, 4242, 1, 'MainThread', false]] }) + '\n');
    await waitFor('the batch', () => seen.batches.length === 1);
    expect(seen.hellos[0]?.pid).toBe(4242);
    const directory = listener.directory;
    await listener.close();
    listener = null;
    expect(existsSync(directory)).toBe(false);
    expect(seen.closed).toEqual([{ reason: 'the lab is stopping', hello: true }]);
  });

  it.each([
    ['the wrong token', (token: string) => helloOf(token.replace(/./g, '0')), 'a hello with the wrong token'],
    ['garbage', () => 'GET / HTTP/1.1\r\n\r\n\n', 'a line that is not JSON'],
    ['a batch instead of a hello', () => '{"type":"facts","facts":[]}\n', 'a bad hello'],
    ['deep nesting', (token: string) => helloOf(token) + `{"type":"facts","facts":${'['.repeat(100_000)}\n`, 'a line that is not JSON'],
    ['an unknown op', (token: string) => helloOf(token) + `{"type":"facts","facts":[["lock.stolen",${T},1,1,0]]}\n`, 'unknown fact "lock.stolen"'],
    ['NaN', (token: string) => helloOf(token) + `{"type":"facts","facts":[["lock.acquired",${T},1,1,NaN]]}\n`, 'a line that is not JSON'],
    ['a huge number', (token: string) => helloOf(token) + `{"type":"facts","facts":[["lock.acquired",${T},1,1,1e400]]}\n`, 'fact 0 (lock.acquired)'],
  ])('closes a connection that sends %s, with a reason, and goes on serving others', async (_what, lines, reason) => {
    const seen = recorder();
    listener = PythonListener.open(seen.handler, { clock: systemClock });
    const bad = await client(listener.socketPath);
    bad.write(lines(listener.token));
    await closedBy(bad);
    expect(seen.closed.at(-1)?.reason).toContain(reason);
    const good = await client(listener.socketPath);
    good.write(helloOf(listener.token, 77));
    await waitFor('a hello on another connection', () => seen.hellos.some((hello) => hello.pid === 77));
    good.destroy();
  });

  it('closes a connection whose line passes 1 MiB (sent as 2 MiB), holding no more than the bound', async () => {
    const seen = recorder();
    listener = PythonListener.open(seen.handler, { clock: systemClock });
    const socket = await client(listener.socketPath);
    socket.write(helloOf(listener.token));
    socket.on('error', () => undefined);
    socket.write(Buffer.alloc(2 * 1024 * 1024, 'x'));
    await closedBy(socket);
    expect(seen.closed.at(-1)?.reason).toBe('a line longer than 1048576 bytes');
  });

  it('closes a slowloris: no hello in time, or a line never ended', async () => {
    const seen = recorder();
    listener = PythonListener.open(seen.handler, { clock: systemClock, silenceMs: 400 });
    const silent = await client(listener.socketPath);
    const slow = await client(listener.socketPath);
    slow.write(helloOf(listener.token));
    slow.write('{"type":"facts",');
    const ticker = setInterval(() => slow.writable && slow.write(' '), 50);
    await Promise.all([closedBy(silent), closedBy(slow)]);
    clearInterval(ticker);
    expect(seen.closed.map((each) => each.reason).sort()).toEqual(['a line not ended within 0.4 s', 'no hello within 0.4 s']);
  });

  it('keeps a bounded count of connections open under a flood of 100k, and says how many it refused', async () => {
    const seen = recorder();
    listener = PythonListener.open(seen.handler, { clock: systemClock, maxConnections: 64 });
    const path = listener.socketPath;
    let attempts = 0;
    let failed = 0;
    let maxOpen = 0;
    const total = Number(process.env.LAB_PY_FLOOD ?? 100_000);
    // In waves within the socket's backlog; each wave waits until the listener has taken or refused every one.
    const wave = 500;
    while (attempts < total) {
      const sockets = await Promise.all(
        Array.from({ length: wave }, () => new Promise<Socket>((resolve) => {
          const socket = connect(path, () => resolve(socket));
          socket.on('error', () => {
            failed += 1;
            resolve(socket);
          });
        })),
      );
      attempts += sockets.length;
      await waitFor('the listener to take or refuse the wave', () => sockets.filter((socket) => !socket.destroyed && !socket.readableEnded).length === listener!.openConnections, 15_000, 5);
      maxOpen = Math.max(maxOpen, listener.openConnections);
      for (const socket of sockets) socket.destroy();
    }
    expect(maxOpen).toBe(64);
    // Every attempt was accepted (and closed by its client), refused by the listener, or refused by the kernel's backlog.
    await waitFor('every connection to be closed', () => listener!.openConnections === 0);
    await waitFor('the refusals to be counted', () => {
      const told = seen.closed.reduce((sum, each) => sum + Number(/^(\d+) Python connections? refused/.exec(each.reason ?? '')?.[1] ?? 0), 0);
      const accepted = seen.closed.filter((each) => each.reason === null).length;
      return told + accepted + failed === total;
    });
    const refused = seen.closed.reduce((sum, each) => sum + Number(/^(\d+) Python connections? refused: the lab keeps at most 64 open$/.exec(each.reason ?? '')?.[1] ?? 0), 0);
    expect(refused).toBeGreaterThan(total / 2);
    const good = await client(path);
    good.write(helloOf(listener.token, 99));
    await waitFor('a hello after the flood', () => seen.hellos.some((hello) => hello.pid === 99));
    good.destroy();
  }, 120_000);
});
