import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from '@playwright/test';
import { WebSocketServer, type WebSocket } from 'ws';
import { ServerProcess } from '../test/support/server-process';
import { waitFor } from '../test/support/wait';
import { labFigure, type Figure } from './figure';
import { alternate, describe, type Plan } from './paired';
import { runSection } from './section';

/**
 * Event to screen: from the host's fact that a worker exited (the `t` of its worker.exited event, the
 * host's wall clock) to the frame in which Debian's Chromium draws that row as exited (the page's wall
 * clock in the requestAnimationFrame after the DOM change), against browser mode. The raw baseline is the
 * same trip with no lab, alternated with it: a bare page whose WebSocket message flips one attribute, from
 * the moment the bench sends it. A p95 needs many trips before its interval closes (stats.ts): 120 at least.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/**
 * The page every trip is drawn on: this many live workers in the tree, and exited workers shown greyed for
 * this long before they move to the history list. Held the same for the whole run: with the default 30 s,
 * back-to-back trips pile up to 200 exited rows and the figure would measure how long the run was.
 */
const LIVE_WORKERS = 20;
const EXITED_SHOWN_MS = 2_000;
/** A busy lab (a class's 100-thread race and more): how the figure grows with the tree. No target. */
const BUSY_WORKERS = 200;
const PLAN: Plan = { minPairs: 120, maxPairs: 200, maxSeconds: 60, tolerance: 0.1, judge: 'lab', quantile: 0.95 };

/**
 * In the page: `whenDrawn(id)` resolves with the wall-clock time (ms) of the frame that first drew the row
 * of worker `id` as exited. Looks only at what changed (no query of the whole page per mutation), so that
 * the watching weighs as little as it can on the renderer it watches. A string: it runs in the browser.
 */
const WATCH_EXITS = `(() => {
  const drawn = new Map();
  const waiting = new Map();
  const selector = 'tr[data-worker-id][data-state="exited"]';
  const seen = (row) => {
    const id = row.dataset.workerId;
    if (drawn.has(id)) return;
    drawn.set(id, 0);
    requestAnimationFrame(() => {
      drawn.set(id, Date.now());
      waiting.get(id)?.(drawn.get(id));
    });
  };
  globalThis.whenDrawn = (id) => (drawn.get(id) > 0 ? Promise.resolve(drawn.get(id)) : new Promise((resolve) => waiting.set(id, resolve)));
  new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === 'attributes' && record.target.matches?.(selector)) seen(record.target);
      for (const node of record.addedNodes) {
        if (node.nodeType !== 1) continue;
        if (node.matches(selector)) seen(node);
        for (const row of node.querySelectorAll(selector)) seen(row);
      }
    }
  }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
})()`;

function whenDrawn(page: Page, id: string): Promise<number> {
  return page.evaluate((key) => (globalThis as unknown as { whenDrawn: (id: string) => Promise<number> }).whenDrawn(key), id);
}

/** A bare page on a bare WebSocket: the floor of any event-to-screen trip in this browser. */
async function openRawPage(page: Page): Promise<{ trip: (round: number) => Promise<number>; close: () => void }> {
  const html = `<table><tr data-worker-id="w" data-state="running"><td>w</td></tr></table>
    <script>const ws = new WebSocket('ws://' + location.host); ws.onmessage = (m) => {
      const row = document.querySelector('tr'); row.dataset.workerId = m.data; row.dataset.state = 'exited'; };</script>`;
  const http = createServer((_request, response) => response.end(html));
  const sockets = new WebSocketServer({ server: http });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const connected = new Promise<WebSocket>((resolve) => sockets.once('connection', resolve));
  await page.goto(`http://127.0.0.1:${(http.address() as AddressInfo).port}/`);
  const socket = await connected;
  await page.evaluate(WATCH_EXITS);
  return {
    trip: async (round) => {
      await page.evaluate(`document.querySelector('tr').dataset.state = 'running'`);
      const id = `raw${round}`;
      const drawn = whenDrawn(page, id);
      const sent = Date.now();
      socket.send(id);
      return (await drawn) - sent;
    },
    close: () => {
      sockets.close();
      http.close();
    },
  };
}

/**
 * One lab trip: a forked worker started and, once ready and its row on screen, killed; its exit's fact to
 * its drawn row. The tree draws only the rows in view (and a few more): the new row, last in the tree, is
 * brought into view first (the tree scrolled to its end), as a person watching it would, so that the trip
 * times a row that can be seen (before the tree was windowed, a row below the fold was drawn off screen).
 */
async function labTrip(server: ServerProcess, page: Page): Promise<number> {
  const [id] = await server.start({ kind: 'process', method: 'fork', task: { name: 'hang' } });
  await server.ready(id!);
  const tree = page.getByRole('region', { name: 'Process tree' });
  await tree.locator('.tree-grid').evaluate((table) => {
    const scroller = table.parentElement!;
    scroller.scrollTop = scroller.scrollHeight;
  });
  await tree.locator(`tr[data-worker-id="${id}"]`).waitFor();
  const drawn = whenDrawn(page, id!);
  await server.execute({ type: 'kill', workerIds: [id] });
  const at = await drawn;
  const exited = await waitFor(`${id} exited`, () => server.events.find((e) => e.type === 'worker.exited' && e.workerId === id), 15_000, 5);
  return at - exited.t;
}

interface Scenario {
  readonly key: string;
  readonly what: string;
  /** Live workers in the tree for the whole run (sleeping commands: cheap, and sampled like any process). */
  readonly live: number;
}

const SCENARIOS: readonly Scenario[] = [
  { key: 'screen.p95_ms', what: 'worker exit to drawn in the browser, p95 (ms)', live: LIVE_WORKERS },
  { key: 'screen.busy_p95_ms', what: `the same with ${BUSY_WORKERS} live workers in the tree, p95 (ms)`, live: BUSY_WORKERS },
];

/** One scenario: a fresh server and page holding `live` workers, trips alternated with the bare page's. */
async function measure(browser: Browser, scenario: Scenario): Promise<Figure> {
  const server = await ServerProcess.start();
  try {
    const labPage = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await labPage.goto(server.url);
    await labPage.getByRole('region', { name: 'Process tree' }).locator(`tr[data-pid="${server.child.pid}"]`).waitFor();
    await labPage.evaluate(WATCH_EXITS);
    await server.execute({ type: 'configure', config: { exitedRetentionMs: EXITED_SHOWN_MS } });
    const live = await server.start({ kind: 'command', command: 'sleep 600', count: scenario.live });
    await Promise.all(live.map((id) => server.ready(id)));
    const raw = await openRawPage(await browser.newPage());
    let round = 0;
    try {
      const paired = await alternate(PLAN, () => raw.trip(round++), () => labTrip(server, labPage));
      // What the page held by the end: the figure grows with it.
      const rows = await labPage.getByRole('region', { name: 'Process tree' }).locator('tr[data-worker-id]').count();
      const logLines = (await labPage.getByRole('region', { name: 'Event log' }).locator('.panel-note').textContent()) ?? '?';
      const figure = labFigure(paired, 'ms', {
        what: scenario.what,
        baseline: 'bare WebSocket page, p95',
        how: `${paired.pairs} trips each, alternated; ${scenario.live} live workers, exited ones shown ${EXITED_SHOWN_MS / 1000} s; at the end the tree held ${rows} worker rows and the log ${logLines}; Chromium ${browser.version()}`,
      });
      console.log(`  ${describe(scenario.key, figure.value, ' ms')}`);
      console.log(`    ${describe('raw', paired.raw, ' ms')}`);
      return figure;
    } finally {
      raw.close();
      await labPage.close();
    }
  } finally {
    await server.stop();
  }
}

export async function runEventToScreenBench(): Promise<Record<string, Figure>> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const figures: Record<string, Figure> = {};
    for (const scenario of SCENARIOS) figures[scenario.key] = await measure(browser, scenario);
    return figures;
  } finally {
    await browser.close();
  }
}

if (require.main === module) runSection(runEventToScreenBench);
