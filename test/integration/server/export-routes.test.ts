import { parse } from 'csv-parse/sync';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportPath, type ExportKind } from '../../../src/shared/trace/export-kinds';
import { ServerProcess } from '../../support/server-process';
import { checkTrace } from '../../support/trace-check';
import { waitFor } from '../../support/wait';

/**
 * The export downloads of browser mode (GET /export/trace.json, samples.csv, events.csv): the live lab's
 * recording streamed through the transform, only with the token and never to another origin.
 */
let server: ServerProcess;
let workerPid: number;
beforeAll(async () => {
  server = await ServerProcess.start();
  for (const name of ['lockA', 'lockB']) expect((await server.execute({ type: 'sync.create', primitive: { kind: 'Lock', name } })).ok).toBe(true);
  const [holder] = await server.start({ kind: 'process', method: 'fork', task: { name: 'acquire-in-order', first: 'lockA', second: 'lockB', holdMs: 0 } });
  workerPid = (await server.ready(holder!)).pid;
  await waitFor('the holder exited', () => server.events.some((event) => event.type === 'worker.exited' && event.workerId === holder));
  await waitFor('a CPU sample', () => server.events.some((event) => event.type === 'metrics.cpu'));
}, 60_000);
afterAll(async () => server?.stop());

const url = (kind: ExportKind, token = new URL(server.url).searchParams.get('token')) => `${server.origin}${exportPath(kind)}${token === null ? '' : `?token=${token}`}`;

/** A GET with headers a browser would send (fetch() may not set Origin or Sec-Fetch-Site itself). */
function get(target: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    request(target, { headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    })
      .on('error', reject)
      .end();
  });
}

describe('export downloads in browser mode', () => {
  it('give trace.json as an attachment: a valid trace of the live lab, its worker under its real pid', async () => {
    const answer = await get(url('trace'), { 'sec-fetch-site': 'same-origin' });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-disposition']).toBe('attachment; filename="trace.json"');
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    const trace = checkTrace(answer.body);
    expect(trace.find((event) => event.ph === 'M' && event.name === 'process_name' && event.pid === workerPid)?.args?.name).toMatch(/\(fork\)$/);
    expect(trace.some((event) => event.ph === 'b' && event.id2?.local === 'hold:lockA')).toBe(true);
  });

  it('give samples.csv and events.csv that parse back', async () => {
    const samples = parse((await get(url('samples'))).body, { columns: true }) as Record<string, string>[];
    expect(samples.some((row) => row.kind === 'core')).toBe(true);
    const events = parse((await get(url('events'))).body, { columns: true }) as Record<string, string>[];
    expect(events.some((row) => row.event === 'lock.acquired' && row.what === 'lock.acquired lockA (count 1)')).toBe(true);
  });

  it('need the token', async () => {
    expect((await get(url('trace', null))).status).toBe(401);
    expect((await get(url('trace', 'wrong'))).status).toBe(401);
    expect((await get(url('events', ''))).status).toBe(401);
  });

  it('refuse another origin, and a request another site made', async () => {
    expect((await get(url('trace'), { origin: 'http://evil.example' })).status).toBe(403);
    expect((await get(url('samples'), { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await get(url('events'), { 'sec-fetch-site': 'same-site' })).status).toBe(403);
    expect((await get(url('trace'), { origin: server.origin })).status).toBe(200);
  });

  it('refuse a host that is not the lab (DNS rebinding)', async () => {
    expect((await get(url('trace'), { host: 'attacker.example' })).status).toBe(421);
  });
});
