import { readdirSync, readFileSync } from 'node:fs';
import { chromium, type Page } from '@playwright/test';
import { ServerProcess } from './server-process';
import { waitFor } from '../../test/support/wait';
import { summarize } from '../stats';
import { describe } from '../paired';
function procs(): Array<{ pid: number; ppid: number; cmd: string; ticks: number }> {
  const out = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8'); const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.push({ pid: Number(name), ppid: Number(f[1]), cmd: readFileSync(`/proc/${name}/cmdline`, 'utf8'), ticks: Number(f[11]) + Number(f[12]) });
    } catch { /* gone */ }
  }
  return out;
}
function descendants(root: number) { const all = procs(); const set = new Set([root]); let grew = true; while (grew) { grew = false; for (const p of all) if (!set.has(p.pid) && set.has(p.ppid)) { set.add(p.pid); grew = true; } } return all.filter((p) => set.has(p.pid)); }
const rendererTicks = (browserPid: number) => descendants(browserPid).filter((p) => p.cmd.includes('--type=renderer')).reduce((s, p) => s + p.ticks, 0);
const WATCH = readFileSync(__dirname + '/../event-to-screen.bench.ts', 'utf8').match(/const WATCH_EXITS = `([\s\S]*?)`;/)![1]!;
async function setup(entry: string) {
  const before = new Set(procs().filter((p) => p.ppid === process.pid).map((p) => p.pid));
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  const browserPid = procs().find((p) => p.ppid === process.pid && !before.has(p.pid) && p.cmd.includes('chrom'))!.pid;
  process.env.BENCH_SERVER_ENTRY = entry;
  const server = await ServerProcess.start();
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(server.url);
  await page.getByRole('region', { name: 'Process tree' }).locator(`tr[data-pid="${server.child.pid}"]`).waitFor();
  await page.evaluate(WATCH);
  return { browser, browserPid, server, page };
}
type S = Awaited<ReturnType<typeof setup>>;
async function trip(s: S): Promise<{ ms: number; cpu: number }> {
  const t0 = rendererTicks(s.browserPid);
  const [id] = await s.server.start({ kind: 'process', method: 'fork', task: { name: 'hang' } });
  await s.server.ready(id!);
  const drawn = s.page.evaluate((k) => (globalThis as any).whenDrawn(k), id!) as Promise<number>;
  await s.server.execute({ type: 'kill', workerIds: [id] });
  const at = await drawn;
  const exited = await waitFor('x', () => s.server.events.find((e) => e.type === 'worker.exited' && e.workerId === id), 15000, 5);
  await new Promise((r) => setTimeout(r, 300));
  return { ms: at - exited.t, cpu: (rendererTicks(s.browserPid) - t0) * 10 };
}
async function fill(s: S, lines: number) {
  while (Number(((await s.page.locator('.log-panel .panel-note').textContent()) ?? '0').split(' ')[0]) < lines) {
    const ids = await s.server.start({ kind: 'thread', count: 50, task: { name: 'hang' } });
    await Promise.all(ids.map((id) => s.server.ready(id)));
    await s.server.execute({ type: 'kill', workerIds: ids });
    await waitFor('exited', () => ids.every((id) => s.server.events.some((e) => e.type === 'worker.exited' && e.workerId === id)), 30000);
  }
}
async function main() {
  const variants: Record<string, S> = { base: await setup('/work/wt/bench-old-d05d38b/out/node/server.js'), fixed: await setup('/work/wt/i6-bench/out/node/server.js') };
  const phases: Array<[string, number, number]> = [['fresh, retention 1s', 1000, 0], ['log full, retention 1s', 1000, 1990], ['log full, retention 1h (rows pile up)', 3_600_000, 1990]];
  for (const [name, retention, lines] of phases) {
    for (const s of Object.values(variants)) {
      await s.server.execute({ type: 'configure', config: { exitedRetentionMs: retention } });
      await fill(s, lines);
      await new Promise((r) => setTimeout(r, 1500));
    }
    const rows = await Promise.all(Object.values(variants).map((s) => s.page.locator('tr[data-worker-id]').count()));
    const r: Record<string, { ms: number[]; cpu: number[] }> = { base: { ms: [], cpu: [] }, fixed: { ms: [], cpu: [] } };
    for (let i = 0; i < Number(process.env.N ?? 12); i++) for (const k of i % 2 ? ['fixed', 'base'] : ['base', 'fixed']) { const t = await trip(variants[k]!); r[k]!.ms.push(t.ms); r[k]!.cpu.push(t.cpu); }
    for (const k of ['base', 'fixed']) console.log(name, 'rows', rows.join('/'), k, describe('trip', summarize(r[k]!.ms), ' ms'), '|', describe('cpu/trip', summarize(r[k]!.cpu), ' ms'));
  }
  for (const s of Object.values(variants)) { await s.server.stop(); await s.browser.close(); }
}
void main();
