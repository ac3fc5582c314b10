import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { EXAMPLES, seedPrograms } from '../test/integration/python/seed-run';
import { ratioFigure, type Figure } from './figure';
import { describe, type Paired, type Plan } from './paired';
import { runSection } from './section';
import { summarize } from './stats';

/**
 * Issue 10, "Performance": the wall time of each seed program (resources/python/examples) that ends by
 * itself, run as `python3 program.py` without the lab and with the shim reporting to a listener that reads
 * and drops (the shim's cost is the program's; the lab's cost of folding is the host's). A round runs every
 * such program twice, back to back, once each way, the order flipping from program to program and round
 * to round (paired.ts's rule, at the program's scale: a sweep of all of them takes minutes, and a busy
 * machine's load moves within that). The judged figure is the median over rounds of the ratio of a round's
 * total wall time; each program's own ratio (median of its pairs, with min..max) is printed, and those over
 * the issue's 1.05 are named in the figure's `how`. `LAB_BENCH_SEEDS=a,b` runs only the programs whose
 * path contains one of those words (to try the section quickly).
 */

const SHIM = join(__dirname, '..', 'resources', 'python');
const PYTHON = process.env.LAB_BENCH_PYTHON ?? 'python3';
const LIMIT = 1.05;
/** Hang by design (seed-outcomes.ts: `blocks`): they have no wall time. */
const HANGS = new Set([
  'threading-and-multiprocessing/08_deadlock_two_locks.py',
  'threading-and-multiprocessing/14_lifo_and_priority_queue.py',
  'multiprocessing-basics/11_producer_consumer_hangs.py',
  'threads-processes-join/07_lock_acquired_twice.py',
  'pipe-manager-pool/03_pipe_eof_hangs_under_fork.py',
]);
/** A round is all the programs twice (about two minutes on a quiet machine): few rounds, bounded by time. */
const PLAN: Omit<Plan, 'judge'> = { minPairs: 3, maxPairs: 8, maxSeconds: 600, tolerance: 0.02 };
const ONLY = process.env.LAB_BENCH_SEEDS?.split(',').filter(Boolean);
/** A program that has not ended in this long is broken, not slow. */
const RUN_TIMEOUT_MS = 60_000;

/** Wall time of one run, ms, from spawn to its exit with every pipe closed (children's output included). */
function runOnce(program: string, env: NodeJS.ProcessEnv): Promise<number> {
  const path = join(EXAMPLES, program);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(PYTHON, [path], { cwd: dirname(path), env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.resume();
    child.stderr.resume();
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      // 13_pool_map_error and the others end at 0 too: a failure here means the program broke, under either side.
      if (code !== 0) reject(new Error(`bench: ${program} ended with ${signal ?? `exit code ${code}`}`));
      else resolve(performance.now() - started);
    });
  });
}

async function drain(path: string): Promise<Server> {
  const server = createServer((socket) => socket.on('data', () => undefined));
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return server;
}

export async function runPythonSeedsBench(): Promise<Record<string, Figure>> {
  const programs = seedPrograms().filter((program) => !HANGS.has(program) && (ONLY === undefined || ONLY.some((word) => program.includes(word))));
  const dir = mkdtempSync(join(tmpdir(), 'lab-py-seeds-'));
  const socket = join(dir, 'lab.sock');
  const server = await drain(socket);
  const { PYTHONPATH: _userPath, CONCURRENCY_LAB_PY_SOCKET: _socket, PYTHONUNBUFFERED: _unbuffered, ...plain } = process.env;
  const observed = { ...plain, PYTHONPATH: [join(SHIM, 'boot'), SHIM].join(':'), CONCURRENCY_LAB_PY_SOCKET: socket, CONCURRENCY_LAB_PY_TOKEN: '0'.repeat(32), CONCURRENCY_LAB_PY_WORKER: 'bench' };
  const times = { raw: new Map<string, number[]>(), lab: new Map<string, number[]>() };
  const totals = { raw: [] as number[], lab: [] as number[] };
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  let stoppedBy: Paired['stoppedBy'] = 'max pairs';
  try {
    for (let round = 0; round < PLAN.maxPairs; round++) {
      const total = { raw: 0, lab: 0 };
      for (const [index, program] of programs.entries()) {
        for (const side of (round + index) % 2 === 0 ? (['raw', 'lab'] as const) : (['lab', 'raw'] as const)) {
          const ms = await runOnce(program, side === 'raw' ? plain : observed);
          times[side].set(program, [...(times[side].get(program) ?? []), ms]);
          total[side] += ms;
        }
      }
      totals.raw.push(total.raw);
      totals.lab.push(total.lab);
      console.log(`  round ${round + 1}: ${(total.lab / total.raw).toFixed(3)}x (raw ${(total.raw / 1000).toFixed(1)} s, shim ${(total.lab / 1000).toFixed(1)} s)`);
      if (round + 1 < PLAN.minPairs) continue;
      const ratio = summarize(totals.lab.map((ms, each) => ms / totals.raw[each]!));
      if (ratio.halfWidth <= PLAN.tolerance) {
        stoppedBy = 'tight';
        break;
      }
      if (elapsed() >= PLAN.maxSeconds) {
        stoppedBy = 'max seconds';
        break;
      }
    }
    const paired: Paired = { raw: summarize(totals.raw), lab: summarize(totals.lab), ratio: summarize(totals.lab.map((ms, each) => ms / totals.raw[each]!)), pairs: totals.raw.length, seconds: elapsed(), stoppedBy };
    const over: string[] = [];
    for (const program of programs) {
      const raw = times.raw.get(program)!;
      const ratios = times.lab.get(program)!.map((ms, index) => ms / raw[index]!);
      const ratio = summarize(ratios);
      if (ratio.median > LIMIT) over.push(`${program} ${ratio.median.toFixed(3)}x`);
      console.log(`  ${program}: ${ratio.median.toFixed(3)}x (min ${ratio.min.toFixed(3)} .. max ${ratio.max.toFixed(3)}), raw median ${summarize(raw).median.toFixed(0)} ms`);
    }
    const figure = ratioFigure(paired, 'ms', {
      what: `Python shim: wall time of the ${programs.length} seed programs that end by themselves, one round each, shim / without`,
      baseline: `the same programs with ${PYTHON} and no lab`,
      how: `${PYTHON}, each program twice per round, back to back, the order flipping; over ${LIMIT}x alone: ${over.length === 0 ? 'none' : over.join(', ')}`,
    });
    console.log(`  ${describe('python.seeds.wall.ratio', figure.value, 'x')}`);
    return { 'python.seeds.wall.ratio': figure };
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  }
}

runSection(runPythonSeedsBench);
