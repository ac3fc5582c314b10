import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { EXAMPLES, seedPrograms } from '../test/integration/python/seed-run';
import { ratioFigure, type Figure } from './figure';
import { describe, type Paired } from './paired';
import { runSection } from './section';
import { summarize } from './stats';

/**
 * Issue 10, "Performance": the wall time of each seed program (resources/python/examples) that ends by
 * itself, run as `python3 program.py` without the lab and with the shim reporting to a listener that reads
 * and drops (the shim's cost is the program's; the lab's cost of folding is the host's). A round runs every
 * such program twice, back to back, once each way, the order flipping from program to program and round
 * to round (paired.ts's rule, at the program's scale).
 *
 * Judged on the median over every pair (each program in each round) of its ratio, shim / without: how much
 * longer a seed program takes, typically. Judging a round's total instead (as this section did first) left
 * 3 to 5 values in ten minutes, too few for a median's 95% interval (which needs 6) on a machine whose load
 * moves within a round: every run was "too noisy". Pairs are many (70 a round) and each pair's two runs
 * meet the same load, seconds apart. Beside it, the same ratio of CPU time (the programs' and their
 * children's user + system time, from bash's `times`: what the shim itself costs, less moved by the
 * machine's load than wall time), each round's total ratio, and each program's own median with min..max;
 * programs over the issue's 1.05 are named in the figure's `how`. `LAB_BENCH_SEEDS=a,b` runs only the
 * programs whose path contains one of those words (to try the section quickly).
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
/** A round is all the programs twice (about two minutes on a quiet machine, seven at a load of 20): two rounds at least (140 pairs), then bounded by time; tight enough at ±1%. */
const PLAN = { minRounds: 2, maxRounds: 10, maxSeconds: 720, tolerance: 0.01 };
const ONLY = process.env.LAB_BENCH_SEEDS?.split(',').filter(Boolean);
/** A program that has not ended in this long is broken, not slow. */
const RUN_TIMEOUT_MS = 60_000;
/**
 * Runs the program, then prints bash's `times` to fd 3: its second line is the user and system CPU time of
 * bash's waited-for children and theirs (multiprocessing's children are waited for by their parent).
 */
const TIMED = '"$@"; code=$?; times >&3; exit $code';

interface Timed {
  readonly wallMs: number;
  readonly cpuMs: number;
}

/** "0m1.250s" as ms. */
const clockMs = (text: string) => {
  const parts = /^(\d+)m([\d.]+)s$/.exec(text);
  if (parts === null) throw new Error(`bench: bash's times printed ${JSON.stringify(text)}`);
  return (Number(parts[1]) * 60 + Number(parts[2])) * 1000;
};

/** Wall time of one run, ms, from spawn to its exit with every pipe closed (children's output included), and its CPU time. */
function runOnce(program: string, env: NodeJS.ProcessEnv): Promise<Timed> {
  const path = join(EXAMPLES, program);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('bash', ['-c', TIMED, 'bench', PYTHON, path], { cwd: dirname(path), env, stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
    child.stdout!.resume();
    child.stderr!.resume();
    let times = '';
    child.stdio[3]!.on('data', (chunk: Buffer) => (times += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const wallMs = performance.now() - started;
      // 13_pool_map_error and the others end at 0 too: a failure here means the program broke, under either side.
      if (code !== 0) return reject(new Error(`bench: ${program} ended with ${signal ?? `exit code ${code}`}`));
      const children = times.trim().split('\n')[1]?.trim().split(/\s+/) ?? [];
      if (children.length !== 2) return reject(new Error(`bench: no CPU times for ${program}: ${JSON.stringify(times)}`));
      resolve({ wallMs, cpuMs: clockMs(children[0]!) + clockMs(children[1]!) });
    });
  });
}

async function drain(path: string): Promise<Server> {
  const server = createServer((socket) => socket.on('data', () => undefined));
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return server;
}

/** Every pair's ratio of one measure, and each round's totals, kept as the rounds go. */
class Pairs {
  readonly ratios: number[] = [];
  readonly byProgram = new Map<string, number[]>();
  readonly totals = { raw: [] as number[], lab: [] as number[] };
  private round = { raw: 0, lab: 0 };

  add(program: string, raw: number, lab: number): void {
    this.ratios.push(lab / raw);
    this.byProgram.set(program, [...(this.byProgram.get(program) ?? []), lab / raw]);
    this.round.raw += raw;
    this.round.lab += lab;
  }

  endRound(): number {
    this.totals.raw.push(this.round.raw);
    this.totals.lab.push(this.round.lab);
    const ratio = this.round.lab / this.round.raw;
    this.round = { raw: 0, lab: 0 };
    return ratio;
  }

  paired(seconds: number, stoppedBy: Paired['stoppedBy']): Paired {
    return { raw: summarize(this.totals.raw), lab: summarize(this.totals.lab), ratio: summarize(this.ratios), pairs: this.ratios.length, seconds, stoppedBy };
  }
}

export async function runPythonSeedsBench(): Promise<Record<string, Figure>> {
  const programs = seedPrograms().filter((program) => !HANGS.has(program) && (ONLY === undefined || ONLY.some((word) => program.includes(word))));
  const dir = mkdtempSync(join(tmpdir(), 'lab-py-seeds-'));
  const socket = join(dir, 'lab.sock');
  const server = await drain(socket);
  const { PYTHONPATH: _userPath, CONCURRENCY_LAB_PY_SOCKET: _socket, PYTHONUNBUFFERED: _unbuffered, ...plain } = process.env;
  const observed = { ...plain, PYTHONPATH: [join(SHIM, 'boot'), SHIM].join(':'), CONCURRENCY_LAB_PY_SOCKET: socket, CONCURRENCY_LAB_PY_TOKEN: '0'.repeat(32), CONCURRENCY_LAB_PY_WORKER: 'bench' };
  const wall = new Pairs();
  const cpu = new Pairs();
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  let stoppedBy: Paired['stoppedBy'] = 'max pairs';
  try {
    for (let round = 0; round < PLAN.maxRounds; round++) {
      for (const [index, program] of programs.entries()) {
        const runs: Partial<Record<'raw' | 'lab', Timed>> = {};
        for (const side of (round + index) % 2 === 0 ? (['raw', 'lab'] as const) : (['lab', 'raw'] as const)) runs[side] = await runOnce(program, side === 'raw' ? plain : observed);
        wall.add(program, runs.raw!.wallMs, runs.lab!.wallMs);
        cpu.add(program, runs.raw!.cpuMs, runs.lab!.cpuMs);
      }
      const wallRound = wall.endRound();
      const cpuRound = cpu.endRound();
      console.log(`  round ${round + 1}: total wall ${wallRound.toFixed(3)}x (raw ${(wall.totals.raw.at(-1)! / 1000).toFixed(1)} s), total CPU ${cpuRound.toFixed(3)}x (raw ${(cpu.totals.raw.at(-1)! / 1000).toFixed(1)} s); median pair so far: wall ${summarize(wall.ratios).median.toFixed(3)}x, CPU ${summarize(cpu.ratios).median.toFixed(3)}x`);
      if (round + 1 < PLAN.minRounds) continue;
      if (summarize(wall.ratios).halfWidth <= PLAN.tolerance) {
        stoppedBy = 'tight';
        break;
      }
      if (elapsed() >= PLAN.maxSeconds) {
        stoppedBy = 'max seconds';
        break;
      }
    }
    const over: string[] = [];
    for (const program of programs) {
      const ratio = summarize(wall.byProgram.get(program)!);
      const cpuRatio = summarize(cpu.byProgram.get(program)!);
      if (ratio.median > LIMIT) over.push(`${program} ${ratio.median.toFixed(3)}x`);
      console.log(`  ${program}: wall ${ratio.median.toFixed(3)}x (min ${ratio.min.toFixed(3)} .. max ${ratio.max.toFixed(3)}), CPU ${cpuRatio.median.toFixed(3)}x (min ${cpuRatio.min.toFixed(3)} .. max ${cpuRatio.max.toFixed(3)})`);
    }
    const totalRatios = (pairs: Pairs) => summarize(pairs.totals.lab.map((ms, each) => ms / pairs.totals.raw[each]!));
    console.log(`  round totals: ${describe('wall', totalRatios(wall), 'x')}; ${describe('CPU', totalRatios(cpu), 'x')}`);
    const how = `${PYTHON}, each program twice per round, back to back, the order flipping; the median of every pair's ratio; programs over ${LIMIT}x alone (their median pair): ${over.length === 0 ? 'none' : over.join(', ')}`;
    const figures = {
      'python.seeds.wall.ratio': ratioFigure(wall.paired(elapsed(), stoppedBy), 'ms', {
        what: `Python shim: wall time of each of the ${programs.length} seed programs that end by themselves, shim / without, the median pair`,
        baseline: `the same program with ${PYTHON} and no lab, run beside it`,
        how,
      }),
      'python.seeds.cpu.ratio': ratioFigure(cpu.paired(elapsed(), stoppedBy), 'ms', {
        what: `Python shim: CPU time (user + system, the program's processes together) of each of the ${programs.length} seed programs, shim / without, the median pair`,
        baseline: `the same program with ${PYTHON} and no lab, run beside it`,
        how: `bash's times of its children, in the same runs as python.seeds.wall.ratio`,
      }),
    };
    for (const [name, figure] of Object.entries(figures)) console.log(`  ${describe(name, figure.value, 'x')}`);
    return figures;
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  }
}

runSection(runPythonSeedsBench);
