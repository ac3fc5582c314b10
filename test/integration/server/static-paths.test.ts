import { readdirSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../src/shared/content-security-policy';
import { ServerProcess } from '../../support/server-process';

/**
 * The paths an attacker's page can make a browser ask for (an <img src> to the lab's port needs no token),
 * sent raw, as written: none may stop the lab, and any path that decodes to the page needs the token.
 */
let server: ServerProcess;
let token: string;
let bundle: string;
beforeAll(async () => {
  server = await ServerProcess.start();
  token = new URL(server.url).searchParams.get('token')!;
  bundle = readdirSync(join(__dirname, '..', '..', '..', 'out', 'renderer', 'assets')).find((name) => name.endsWith('.js'))!;
});
afterAll(async () => server?.stop());

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** One request with the path exactly as given (no URL parser normalises it first). */
function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const sent = request({ host: url.hostname, port: url.port, path, method, headers }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    sent.on('error', reject);
    sent.end();
  });
}

const isPage = (answer: Answer) => answer.status === 200 && answer.body.includes('<div id="root">');

describe('static paths', () => {
  it.each([
    ['/%', 400],
    ['/%E0%A4%A', 400],
    ['/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd', 400],
    ['/%00', 400],
    ['/assets/%', 400],
    ['/assets/%c0%ae%c0%ae/index.html', 400],
    ['/assets/%00.js', 400],
    ['/assets/../index.html', 403],
    ['/assets/%2e%2e/index.html', 403],
    ['/assets/..%2f..%2fpackage.json', 403],
    ['/assets/..%5cindex.html', 403],
    ['/assets/%2e%2e/../index.html', 403],
    ['/assets/', 404],
    ['/assets', 404],
    ['/assets/.hidden', 404],
    ['/assets/nothing.js', 404],
    ['/../../etc/passwd', 404],
    ['/.git/config', 404],
    ['/package.json', 404],
    ['/index.html/', 404],
    ['/INDEX.HTML', 404],
    ['/ws', 404],
    ['*', 400],
    ['http://127.0.0.1/index.html', 400],
  ])('%s is answered %i, with the security headers', async (path, status) => {
    const answer = await get(path);
    expect(answer.status).toBe(status);
    expect(answer.headers['content-security-policy']).toContain("default-src 'self'");
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(isPage(answer)).toBe(false);
  });

  it.each([
    '/',
    '/index.html',
    '/%69ndex.html',
    '/index%2ehtml',
    '/%2findex.html',
    '//index.html',
    '/./index.html',
    '/x/../index.html',
    '/%2e/index.html',
    '/\\index.html',
  ])('%s gives the page only with the token', async (path) => {
    const without = await get(path);
    expect(without.status).toBe(401);
    expect(without.body).toContain('open the full URL');
    expect(await get(`${path}?token=wrong`)).toMatchObject({ status: 401 });
    const withToken = await get(`${path}?token=${token}`);
    expect(isPage(withToken)).toBe(true);
    expect(withToken.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(withToken.headers['cache-control']).toBe('no-store');
    // The built page carries the same policy as a meta tag, for the Electron window (a file has no headers).
    expect(/http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(withToken.body)?.[1]).toBe(CONTENT_SECURITY_POLICY);
  });

  it('serves the bundles without the token, with ranges and revalidation, never a directory', async () => {
    const asset = await get(`/assets/${bundle}`);
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/^text\/javascript/);
    expect(asset.headers['content-security-policy']).toContain("default-src 'self'");
    const again = await get(`/assets/${bundle}`, { 'if-none-match': String(asset.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.headers['content-security-policy']).toContain("default-src 'self'");
    expect(await get(`/assets/${bundle}`, { range: 'bytes=0-9' })).toMatchObject({ status: 206, body: asset.body.slice(0, 10) });
    // A range whose end is before its start cannot be satisfied: refused in words, never a throw (sirv threw here).
    expect((await get(`/assets/${bundle}`, { range: 'bytes=100-50' })).status).toBe(416);
    expect((await get(`/assets/${bundle}`, { range: `bytes=${10 ** 12}-` })).status).toBe(416);
    expect((await get(`/assets/${bundle}`, {}, 'HEAD')).body).toBe('');
    expect((await get(`/assets/${bundle}`, {}, 'POST')).status).toBe(405);
  });

  it('is still up and serving after all of them', async () => {
    expect(server.child.exitCode).toBeNull();
    expect(isPage(await get(`/?token=${token}`))).toBe(true);
    expect(await server.execute({ type: 'terminateAll' })).toMatchObject({ ok: true });
    expect(server.stderr).not.toMatch(/unexpected error|could not be answered/);
  });
});
