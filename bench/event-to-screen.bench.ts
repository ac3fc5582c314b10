import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Page } from '@playwright/test';
import { WebSocketServer } from 'ws';
import { ServerProcess } from '../test/support/server-process';
import { waitFor } from '../test/support/wait';
import { percentile, round } from './stats';

/**
 * Event to screen: from the host seeing a worker exit (the `t` of its worker.exited event) to the renderer
 * drawing that row as exited, in Debian's Chromium against browser mode. "Drawn" is the animation frame
 * that follows the DOM change, the frame in which the browser paints it. The raw baseline is the same trip
 * with no lab: a bare page whose WebSocket message flips one attribute.
 */

const ROUNDS = 25;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Records, in the page, when each worker row was first drawn with data-state="exited" (epoch ms). Page
 * code as a string: it runs in the browser, which this file's Node types do not describe.
 */
const WATCH_EXITS = `(() => {
  const drawn = (globalThis.drawnAt = {});
  new MutationObserver(() => {
    for (const row of document.querySelectorAll('tr[data-worker-id][data-state="exited"]')) {
      const id = row.dataset.workerId;
      if (id in drawn) continue;
      drawn[id] = 0;
      requestAnimationFrame(() => (drawn[id] = performance.timeOrigin + performance.now()));
    }
  }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
})()`;

/** When the row of `id` was drawn as exited, polled from the page. */
async function drawnAt(page: Page, id: string): Promise<number> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const at = await page.evaluate((key) => (globalThis as unknown as { drawnAt: Record<string, number> }).drawnAt[key] ?? 0, id);
    if (at > 0) return at;
    if (Date.now() > deadline) throw new Error(`event-to-screen: ${id} was never drawn as exited`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function labRun(page: Page): Promise<number[]> {
  const server = await ServerProcess.start();
  try {
    await page.goto(server.url);
    await page.getByRole('region', { name: 'Process tree' }).locator(`tr[data-pid="${server.child.pid}"]`).waitFor();
    await page.evaluate(WATCH_EXITS);
    const delays: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const [id] = await server.start({ kind: 'process', method: 'fork', task: { name: 'hang' } });
      await server.ready(id!);
      await server.execute({ type: 'kill', workerIds: [id] });
      const exited = await waitFor(`${id} exited`, () => server.events.find((e) => e.type === 'worker.exited' && e.workerId === id));
      delays.push((await drawnAt(page, id!)) - exited.t);
    }
    return delays;
  } finally {
    await server.stop();
  }
}

async function rawRun(page: Page): Promise<number[]> {
  const html = `<table><tr data-worker-id="w" data-state="running"><td>w</td></tr></table>
    <script>const ws = new WebSocket('ws://' + location.host); ws.onmessage = (m) => {
      const row = document.querySelector('tr'); row.dataset.workerId = m.data; row.dataset.state = 'exited'; };</script>`;
  const http = createServer((_request, response) => response.end(html));
  const sockets = new WebSocketServer({ server: http });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  try {
    const connected = new Promise<import('ws').WebSocket>((resolve) => sockets.once('connection', resolve));
    await page.goto(`http://127.0.0.1:${(http.address() as AddressInfo).port}/`);
    const socket = await connected;
    await page.evaluate(WATCH_EXITS);
    const delays: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      await page.evaluate(`document.querySelector('tr').dataset.state = 'running'`);
      const id = `w${round}`;
      const sent = Date.now();
      socket.send(id);
      delays.push((await drawnAt(page, id)) - sent);
    }
    return delays;
  } finally {
    sockets.close();
    http.close();
  }
}

export async function runEventToScreenBench(): Promise<Record<string, number>> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const lab = await labRun(page);
    const raw = await rawRun(await browser.newPage());
    return {
      'screen.p50_ms': round(percentile(lab, 50)),
      'screen.p95_ms': round(percentile(lab, 95)),
      'screen.raw_p95_ms': round(percentile(raw, 95)),
      'screen.ratio_p95': round(percentile(lab, 95) / percentile(raw, 95)),
    };
  } finally {
    await browser.close();
  }
}
