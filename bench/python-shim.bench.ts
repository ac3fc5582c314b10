import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Figure } from './figure';
import { alternate, describe, type Paired, type Plan } from './paired';
import { runSection } from './section';
import { summarize, type Summary } from './stats';

/**
 * What the Python shim (resources/python) adds to a program's primitive operations, timed inside Python: a
 * threading.Lock acquire/release pair and a queue.Queue put/get pair, in an interpreter without the lab (the
 * real classes) and one with the shim reporting to a listener that reads and drops (the lab's cost of
 * reading is not the program's), alternated round by round. The figure is the added µs (lab minus raw of
 * each pair of rounds), in CPU time of the looping thread (the fixture says why); the budget is 1.5 µs per operation (a Lock pair is one acquisition and its
 * release, so the pair is judged; a put/get pair is two operations, so half of it is).
 */

const FIXTURE = join(__dirname, 'fixtures', 'python-lock-pairs.py');
const SHIM = join(__dirname, '..', 'resources', 'python');
const LOCK_PAIRS = 400_000;
const QUEUE_PAIRS = 100_000;
/** Value and Array writes and joins of an ended thread per round; a tenth as many Manager dict writes (each a round trip). */
const DATA_OPS = 50_000;
const PLAN: Plan = { minPairs: 8, maxPairs: 30, maxSeconds: 60, tolerance: 0.05, judge: 'lab' };
const PYTHON = process.env.LAB_BENCH_PYTHON ?? 'python3';

interface Round {
  readonly lockPairUs: number;
  readonly queuePairUs: number;
  readonly valueWriteUs: number;
  readonly arrayWriteUs: number;
  readonly joinUs: number;
  readonly dictWriteUs: number;
  readonly observed: boolean;
}

/** The per-operation figures of issue 10's facts, beside the Lock and Queue ones: each key of a round, its words. */
const DATA_FIGURES = [
  ['valueWriteUs', 'python.value_write.added_us', 'multiprocessing.Value .value = i (its contents stated once per flush)', 'the same writes without the lab'],
  ['arrayWriteUs', 'python.array_write.added_us', "multiprocessing.Array a[i] = v (its contents stated once per flush)", 'the same writes without the lab'],
  ['joinUs', 'python.join.added_us', 'Thread.join() of an ended thread (join.wait, join.end and the flush the shim already made)', 'the same joins without the lab'],
  ['dictWriteUs', 'python.manager_dict_write.added_us', "a Manager dict's d[k] = i (data.key with reprlib's reprs; the round trip is in both)", 'the same writes without the lab'],
] as const;

function runRound(env: NodeJS.ProcessEnv): Promise<Round> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, [FIXTURE, String(LOCK_PAIRS), String(QUEUE_PAIRS), String(DATA_OPS)], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as Round) : reject(new Error(`python-lock-pairs.py exited with ${code}`))));
  });
}

/** A listener that reads every byte the shim sends and keeps none. */
async function drain(path: string): Promise<Server> {
  const server = createServer((socket) => socket.on('data', () => undefined));
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return server;
}

function addedFigure(paired: Paired, added: readonly number[], per: number, described: Pick<Figure, 'what' | 'baseline' | 'how'>): Figure {
  const value: Summary = summarize(added.map((each) => each / per));
  return { ...described, unit: 'µs', value, raw: paired.raw, lab: paired.lab, rawUnit: 'µs', pairs: paired.pairs, seconds: paired.seconds, stoppedBy: paired.stoppedBy };
}

export async function runPythonShimBench(): Promise<Record<string, Figure>> {
  const dir = mkdtempSync(join(tmpdir(), 'lab-py-bench-'));
  const socket = join(dir, 'lab.sock');
  const server = await drain(socket);
  const { PYTHONPATH: _userPath, CONCURRENCY_LAB_PY_SOCKET: _socket, ...plain } = process.env;
  const observed = { ...plain, PYTHONPATH: [join(SHIM, 'boot'), SHIM].join(':'), CONCURRENCY_LAB_PY_SOCKET: socket, CONCURRENCY_LAB_PY_TOKEN: '0'.repeat(32), CONCURRENCY_LAB_PY_WORKER: 'bench' };
  const figures: Record<string, Figure> = {};
  try {
    const rounds = { raw: [] as Round[], lab: [] as Round[] };
    const round = async (side: 'raw' | 'lab') => {
      const result = await runRound(side === 'raw' ? plain : observed);
      if (result.observed !== (side === 'lab')) throw new Error(`bench: the ${side} round ran ${result.observed ? 'with' : 'without'} the shim`);
      rounds[side].push(result);
      return result;
    };
    await round('raw');
    await round('lab');
    rounds.raw.length = 0;
    rounds.lab.length = 0;
    const paired = await alternate(PLAN, async () => (await round('raw')).lockPairUs, async () => (await round('lab')).lockPairUs);
    const lockAdded = rounds.lab.map((each, index) => each.lockPairUs - rounds.raw[index]!.lockPairUs);
    const queueAdded = rounds.lab.map((each, index) => each.queuePairUs - rounds.raw[index]!.queuePairUs);
    const queuePaired: Paired = { ...paired, raw: summarize(rounds.raw.map((each) => each.queuePairUs)), lab: summarize(rounds.lab.map((each) => each.queuePairUs)) };
    const how = `${PYTHON}, ${LOCK_PAIRS.toLocaleString('en')} Lock pairs and ${QUEUE_PAIRS.toLocaleString('en')} Queue pairs per round, timed inside Python (thread CPU time) after a warm-up`;
    figures['python.lock_pair.added_us'] = addedFigure(paired, lockAdded, 1, { what: 'Python shim: µs added per threading.Lock acquire/release pair', baseline: 'the same loop without the lab (the real C lock)', how });
    figures['python.queue_op.added_us'] = addedFigure(queuePaired, queueAdded, 2, { what: 'Python shim: µs added per queue.Queue operation (half a put/get pair)', baseline: 'the same loop without the lab (the real queue.Queue)', how });
    for (const [field, key, what, baseline] of DATA_FIGURES) {
      const added = rounds.lab.map((each, index) => each[field] - rounds.raw[index]![field]);
      const dataPaired: Paired = { ...paired, raw: summarize(rounds.raw.map((each) => each[field])), lab: summarize(rounds.lab.map((each) => each[field])) };
      figures[key] = addedFigure(dataPaired, added, 1, { what: `Python shim: µs added per ${what}`, baseline, how: `${how}; ${DATA_OPS.toLocaleString('en')} Value and Array writes and joins, ${(DATA_OPS / 10).toLocaleString('en')} Manager dict writes` });
    }
    for (const [key, figure] of Object.entries(figures)) {
      console.log(`  ${describe(key, figure.value, ' µs')}`);
      console.log(`    ${describe('raw', figure.raw!, ' µs')}`);
      console.log(`    ${describe('lab', figure.lab!, ' µs')}`);
    }
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}

runSection(runPythonShimBench);
