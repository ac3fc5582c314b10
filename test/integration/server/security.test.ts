import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CONTENT_SECURITY_POLICY_HEADER } from '../../../src/shared/content-security-policy';
import { ServerProcess } from '../../support/server-process';
import { waitFor } from '../../support/wait';

let server: ServerProcess;
beforeAll(async () => {
  server = await ServerProcess.start();
});
afterAll(async () => server?.stop());

/** Opens a WebSocket and says how it ended: 'open' or the HTTP status of the refusal. */
function tryConnect(url: string, headers: Record<string, string> = {}, origin?: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { headers, ...(origin !== undefined && { origin }) });
    socket.once('open', () => {
      socket.close();
      resolve('open');
    });
    socket.once('unexpected-response', (_request, response) => resolve(String(response.statusCode)));
    socket.once('error', (error) => resolve(`error: ${error.message}`));
  });
}

describe('browser mode is locked to its own page', () => {
  it('prints one URL on 127.0.0.1 with a token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
    // One address only; the lines after it say how to run a Python script from a terminal under this lab.
    const lines = server.stdout.trim().split('\n');
    expect(lines.filter((line) => /https?:\/\//.test(line))).toEqual([lines[0]]);
    expect(lines.slice(1).join('\n')).toMatch(/^A Python script from a terminal, observed by this lab:\n {2}\S/);
  });

  it('accepts the right token from the right origin', async () => {
    expect(await tryConnect(server.socketUrl(), {}, server.origin)).toBe('open');
  });

  it('refuses a missing or wrong token', async () => {
    expect(await tryConnect(server.socketUrl('wrong'), {}, server.origin)).toBe('401');
    expect(await tryConnect(server.socketUrl('').replace('?token=', ''), {}, server.origin)).toBe('401');
  });

  it('refuses another origin, and no origin', async () => {
    expect(await tryConnect(server.socketUrl(), {}, 'http://evil.example')).toBe('403');
    expect(await tryConnect(server.socketUrl(), {}, `https://${new URL(server.url).host}`)).toBe('403');
    expect(await tryConnect(server.socketUrl())).toBe('403');
  });

  it('refuses a request naming another host (DNS rebinding)', async () => {
    // A browser cannot set Host itself; DNS rebinding makes it send another one. A raw request can.
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve) => {
      const url = new URL(server.url);
      request({ host: url.hostname, port: url.port, path: url.pathname + url.search, headers: { host: 'attacker.example' } }, (res) => resolve(res.statusCode ?? 0)).end();
    });
    expect(status).toBe(421);
  });

  it('serves the page only with the token, with a strict CSP', async () => {
    const withToken = await fetch(server.url);
    expect(withToken.status).toBe(200);
    expect(withToken.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY_HEADER);
    expect(withToken.headers.get('referrer-policy')).toBe('no-referrer');
    const without = await fetch(new URL('/', server.url));
    expect(without.status).toBe(401);
    expect(await without.text()).toContain('open the full URL');
  });

  it('answers malformed frames with an error and keeps serving', async () => {
    const socket = new WebSocket(server.socketUrl(), { origin: server.origin });
    const replies: Array<{ type: string; ok?: boolean; error?: string }> = [];
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString());
      if (message.type === 'reply') replies.push(message);
    });
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send('this is not json');
    socket.send(JSON.stringify({ hello: 'world' }));
    socket.send(JSON.stringify({ type: 'command', id: 'x1', command: { type: 'start', spec: { kind: 'process', method: 'fork', count: -3, task: { name: 'hang' } } } }));
    await waitFor('three replies', () => replies.length >= 3);
    expect(replies.map((r) => r.error)).toEqual([
      'malformed frame: not JSON',
      'malformed frame: expected {"type":"command","id":"...","command":{...}}',
      'bad command: spec.count: count must be at least 1',
    ]);
    const outcome = await server.execute({ type: 'terminateAll' });
    expect(outcome.ok).toBe(true);
    socket.close();
  });
});
