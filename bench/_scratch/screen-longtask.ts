import { chromium } from '@playwright/test';
import { ServerProcess } from '../../test/support/server-process';
import { waitFor } from '../../test/support/wait';
import { summarize } from '../stats';
import { describe } from '../paired';
async function main() {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  const server = await ServerProcess.start();
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(server.url);
  await page.getByRole('region', { name: 'Process tree' }).locator(`tr[data-pid="${server.child.pid}"]`).waitFor();
  await page.evaluate(`(() => { globalThis.longs = []; new PerformanceObserver((l) => { for (const e of l.getEntries()) longs.push([Math.round(e.startTime), Math.round(e.duration)]); }).observe({ type: 'longtask', buffered: true });
    const drawn = new Map(); const waiting = new Map(); const selector = 'tr[data-worker-id][data-state="exited"]';
    const seen = (row) => { const id = row.dataset.workerId; if (drawn.has(id)) return; drawn.set(id, 0); requestAnimationFrame(() => { drawn.set(id, Date.now()); waiting.get(id)?.(drawn.get(id)); }); };
    globalThis.whenDrawn = (id) => (drawn.get(id) > 0 ? Promise.resolve(drawn.get(id)) : new Promise((resolve) => waiting.set(id, resolve)));
    new MutationObserver((records) => { for (const record of records) { if (record.type === 'attributes' && record.target.matches?.(selector)) seen(record.target);
      for (const node of record.addedNodes) { if (node.nodeType !== 1) continue; if (node.matches(selector)) seen(node); for (const row of node.querySelectorAll(selector)) seen(row); } } })
      .observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] }); })()`);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable'); await cdp.send('Profiler.setSamplingInterval', { interval: 200 }); await cdp.send('Profiler.start');
  const t0 = await page.evaluate('performance.now()') as number;
  const v: number[] = [];
  const fill = async () => { const ids = await server.start({ kind: 'thread', count: 50, task: { name: 'hang' } }); await Promise.all(ids.map((id) => server.ready(id))); await server.execute({ type: 'kill', workerIds: ids }); await waitFor('all exited', () => ids.every((id) => server.events.some((e) => e.type === 'worker.exited' && e.workerId === id)), 30000); };
  for (let i = 0; i < Number(process.env.N ?? 40); i++) {
    if (process.env.FILL && i % 20 === 0 && i > 0) { for (let k = 0; k < Number(process.env.FILL); k++) await fill(); const lines = await page.locator('.log-line').count(); console.log('log lines', lines, 'medians so far by 20', Array.from({ length: v.length / 20 }, (_, k) => summarize(v.slice(k * 20, k * 20 + 20)).median.toFixed(0)).join(' ')); }
    const [id] = await server.start({ kind: 'process', method: 'fork', task: { name: 'hang' } });
    await server.ready(id!);
    const drawn = page.evaluate((k) => (globalThis as any).whenDrawn(k), id!) as Promise<number>;
    await server.execute({ type: 'kill', workerIds: [id] });
    const at = await drawn;
    const exited = await waitFor('x', () => server.events.find((e) => e.type === 'worker.exited' && e.workerId === id), 15000, 5);
    v.push(at - exited.t);
  }
  console.log(describe('lab', summarize(v, 0.95), ' ms'), 'values', v.join(' '));
  const longs = (await page.evaluate('longs')) as Array<[number, number]>;
  console.log('long tasks', longs.length, describe('durations', summarize(longs.map((l) => l[1]))), 'top', longs.map((l) => l[1]).sort((a, b) => b - a).slice(0, 10).join(' '));
  const { profile } = await cdp.send('Profiler.stop');
  require('node:fs').writeFileSync('/tmp/i6/page.cpuprofile', JSON.stringify(profile));
  console.log('long tasks after start', longs.filter((l) => l[0] > t0).map((l) => l.join('+')).join(' '));
  await server.stop(); await browser.close();
}
void main();
