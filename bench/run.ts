import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, platform, release, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Figure } from './figure';
import { RESULTS_DIR, saveRun, type Judged, type Load, type RunRecord } from './run-record';
import { readSection } from './section';
import { judge, significant } from './stats';
import { writeReadmeTable } from './table';
import { TARGETS } from './targets';

/**
 * `npm run bench`: every figure is measured against its raw baseline in the same run, raw and lab rounds
 * alternated (paired.ts), and judged met, missed or too noisy from its 95% interval. Writes
 * bench/results/latest.json and a copy in bench/results/history/, then the README's table from the last
 * three runs. `npm run bench -- --only locks,start` runs some sections and writes only
 * bench/results/partial.json (not the history, not the table); `--only page-soak` / `--only host-soak` run the opt-in soaks.
 */

/**
 * Each section is a file run in a process of its own (section.ts says why). An opt-in one (too long for
 * every run: five minutes of page soak) runs only when named in --only.
 */
const SECTIONS: ReadonlyArray<readonly [string, string, 'opt-in'?]> = [
  ['metrics', 'metrics/metrics.bench.ts'],
  ['start', 'start-latency.bench.ts'],
  ['screen', 'event-to-screen.bench.ts'],
  ['page', 'page.bench.ts'],
  ['page-sync', 'page-sync.bench.ts'],
  ['timeline', 'timeline.bench.ts'],
  ['locks', 'locks.bench.ts'],
  ['recording', 'recording.bench.ts'],
  ['queues', 'queues.bench.ts'],
  ['pools', 'pools.bench.ts'],
  ['export', 'export.bench.ts'],
  ['seek', 'seek.bench.ts'],
  ['python-shim', 'python-shim.bench.ts'],
  ['python-seeds', 'python-seeds.bench.ts'],
  ['page-soak', 'page-soak.bench.ts', 'opt-in'],
  ['host-soak', 'host-soak.bench.ts', 'opt-in'],
];

/** Runs one section's file with the same TypeScript loader as this process; its figures, or it throws. */
function runSectionProcess(name: string, file: string, scratch: string): Record<string, Figure> {
  const out = join(scratch, `${name}.json`);
  const ran = spawnSync(process.execPath, [...process.execArgv, join(__dirname, file), '--out', out], { stdio: 'inherit' });
  if (ran.status !== 0) throw new Error(`bench: section ${name} failed (${ran.signal ?? `exit code ${ran.status}`})`);
  return readSection(out);
}

async function main(): Promise<void> {
  const only = parseOnly(process.argv.slice(2));
  const at = new Date().toISOString();
  const started = performance.now();
  const busyBefore = cpuTicks();
  const loadavgStart = loadavg();
  const figures: Record<string, Figure> = {};
  const scratch = mkdtempSync(join(tmpdir(), 'lab-bench-'));
  try {
    for (const [name, file, optIn] of SECTIONS) {
      if (only === null ? optIn !== undefined : !only.includes(name)) continue;
      const sectionStarted = performance.now();
      console.log(`bench: ${name}...`);
      Object.assign(figures, runSectionProcess(name, file, scratch));
      console.log(`bench: ${name} took ${((performance.now() - sectionStarted) / 1000).toFixed(0)} s`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const seconds = (performance.now() - started) / 1000;
  const load: Load = { loadavgStart, loadavgEnd: loadavg(), othersCores: othersCores(busyBefore, cpuTicks(), seconds) };
  const verdicts: Judged[] = TARGETS.filter((target) => figures[target.figure] !== undefined).map((target) => ({
    ...target,
    verdict: judge(figures[target.figure]!.value, target),
  }));
  console.table(
    verdicts.map(({ figure, direction, limit, verdict }) => {
      const { value, low, high, min, max, iqrOverMedian, n } = figures[figure]!.value;
      return { figure, value: significant(value), '95% interval': `${significant(low)}..${significant(high)}`, 'min..max': `${significant(min)}..${significant(max)}`, 'IQR/median': `${(iqrOverMedian * 100).toFixed(0)}%`, n, target: `${direction} ${limit}`, verdict };
    }),
  );
  const others = load.othersCores === null ? 'unknown' : `${load.othersCores.toFixed(2)} cores`;
  console.log(`bench: ${seconds.toFixed(0)} s; other work on the machine meanwhile: ${others} (load average ${load.loadavgStart} to ${load.loadavgEnd})`);
  const record: RunRecord = { at, commit: commit(), machine: machine(), load, seconds: Math.round(seconds), figures, verdicts };
  if (only !== null) {
    writeFileSync(join(RESULTS_DIR, 'partial.json'), `${JSON.stringify(record, null, 2)}\n`);
    console.log(`bench: partial run written to ${relative(process.cwd(), join(RESULTS_DIR, 'partial.json'))}`);
    return;
  }
  const file = saveRun(record);
  console.log(`bench: figures written to bench/results/latest.json and ${relative(process.cwd(), file)}`);
  console.log(`bench: ${writeReadmeTable() ? 'README table rewritten from the last runs' : 'README table already up to date'}`);
}

function parseOnly(args: readonly string[]): string[] | null {
  const index = args.indexOf('--only');
  if (index === -1) return null;
  const names = (args[index + 1] ?? '').split(',').filter(Boolean);
  const unknown = names.filter((name) => !SECTIONS.some(([section]) => section === name));
  if (names.length === 0 || unknown.length > 0) throw new Error(`bench: --only takes some of ${SECTIONS.map(([name]) => name).join(',')}`);
  return names;
}

function machine(): RunRecord['machine'] {
  return { platform: platform(), release: release(), cpus: cpus().length, cpu: cpus()[0]?.model ?? '', node: process.version };
}

function commit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    // The previous run's results (bench/results, the README) do not make the measured code dirty.
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'bench', 'test', ':(exclude)bench/results'], { encoding: 'utf8' }).trim() !== '';
    return dirty ? `${head}+dirty` : head;
  } catch {
    return 'unknown';
  }
}

function loadavg(): number {
  return process.platform === 'linux' ? Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]) : Number.NaN;
}

interface Ticks {
  /** Busy clock ticks of the whole machine (all CPUs), from /proc/stat. */
  readonly machine: number;
  /** Ticks of this process and of its children it has reaped (the lab's workers, the browser, the server). */
  readonly ours: number;
}

function cpuTicks(): Ticks | null {
  if (process.platform !== 'linux') return null;
  const total = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal: busy is all but idle and iowait.
  const busy = total.slice(0, 8).reduce((sum, ticks, index) => (index === 3 || index === 4 ? sum : sum + ticks), 0);
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
  // utime stime cutime cstime are fields 14-17, here (after pid and comm) 11-14.
  const ours = fields[11]! + fields[12]! + fields[13]! + fields[14]!;
  return { machine: busy, ours };
}

/** Cores' worth of CPU that other processes used during the run (USER_HZ is 100 on Linux). */
function othersCores(before: Ticks | null, after: Ticks | null, seconds: number): number | null {
  if (before === null || after === null) return null;
  const others = after.machine - before.machine - (after.ours - before.ours);
  return Math.max(0, Math.round((others / 100 / seconds) * 100) / 100);
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
