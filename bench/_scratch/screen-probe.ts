import { chromium, type Page } from '@playwright/test';
import { ServerProcess } from './server-process';
import { waitFor } from '../../test/support/wait';
import { summarize } from '../stats';
import { describe } from '../paired';
const WATCH = `(() => {
  const drawn = new Map(); const waiting = new Map(); const selector = 'tr[data-worker-id][data-state="exited"]';
  const seen = (row) => { const id = row.dataset.workerId; if (drawn.has(id)) return; drawn.set(id, 0);
    requestAnimationFrame(() => { drawn.set(id, Date.now()); waiting.get(id)?.(drawn.get(id)); }); };
  globalThis.whenDrawn = (id) => (drawn.get(id) > 0 ? Promise.resolve(drawn.get(id)) : new Promise((resolve) => waiting.set(id, resolve)));
  new MutationObserver((records) => { for (const record of records) {
      if (record.type === 'attributes' && record.target.matches?.(selector)) seen(record.target);
      for (const node of record.addedNodes) { if (node.nodeType !== 1) continue; if (node.matches(selector)) seen(node); for (const row of node.querySelectorAll(selector)) seen(row); } }
  }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
})()`;
async function trip(server: ServerProcess, page: Page) {
  const [id] = await server.start({ kind: 'process', method: 'fork', task: { name: 'hang' } });
  await server.ready(id!);
  const drawn = page.evaluate((k) => (globalThis as any).whenDrawn(k), id!) as Promise<number>;
  await server.execute({ type: 'kill', workerIds: [id] });
  const at = await drawn;
  const exited = await waitFor('x', () => server.events.find((e) => e.type === 'worker.exited' && e.workerId === id), 15000, 5);
  return at - exited.t;
}
async function main() {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  const setups: Array<{ name: string; server: ServerProcess; page: Page; v: number[] }> = [];
  for (const [name, entry] of [['now', '/work/wt/i6-bench/out/node/server.js'], ['old', '/work/wt/bench-old-5c72670/out/node/server.js']] as const) {
    if (process.env.ONLY && process.env.ONLY !== name) continue;
    process.env.BENCH_SERVER_ENTRY = entry;
    const server = await ServerProcess.start();
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(server.url);
    await page.getByRole('region', { name: 'Process tree' }).locator(`tr[data-pid="${server.child.pid}"]`).waitFor();
    await page.evaluate(WATCH);
    setups.push({ name, server, page, v: [] });
  }
  const N = Number(process.env.N ?? 60);
  for (let i = 0; i < N; i++) for (const s of (i % 2 ? [...setups].reverse() : setups)) s.v.push(await trip(s.server, s.page));
  for (const s of setups) { console.log(describe(s.name, summarize(s.v, 0.95), ' ms')); console.log(s.name, 'by tens', Array.from({ length: N / 10 }, (_, k) => summarize(s.v.slice(k * 10, k * 10 + 10)).median.toFixed(0)).join(' ')); }
  for (const s of setups) await s.server.stop();
  await browser.close();
}
void main();
