import { INITIAL_STATE, type LabState } from '../src/shared/lab-state';
import { reduceBatch } from '../src/shared/reducer';
import { BenchLab } from './bench-lab';
import { labFigure, ratioFigure, soloFigure, type Figure } from './figure';
import { alternate, describe, repeat, type Plan } from './paired';
import { BenchPools } from './pool-lab';
import { piscinaPool, POOL_THREADS, pythonChunksize, pythonMapRound, rawRound, tinypoolPool, type PoolTask, type RawPool } from './pool-raw';
import { ceilingThreads } from './pool-ceiling';
import { pairOf, rotate, sideOf } from './rotated';
import { runSection } from './section';
import { settleHeap } from './settle-heap';

/**
 * Issue 9's pool figures, with Piscina and Tinypool measured in the same run on the same tasks:
 * - raw: Piscina and Tinypool (2 threads, their defaults) alternated on a trivial task (x*x), tasks/s;
 *   Python's multiprocessing.Pool(2).map of the same squares, timed inside Python;
 * - 1 ms tasks: two ceilings (bare threads burning back to back; threads handed each task by a message),
 *   Piscina, Tinypool and the lab, all in the same cycles (rotated.ts), each pool against the ceilings;
 * - the lab, through its commands (pool-lab.ts): trivial tasks on 2 thread workers vs Piscina, a map of a million squares with Python's chunking, what watching costs (a page's fold of every event
 *   and recording vs neither), and a process pool's map vs Python's.
 * A lab row whose pool.create the lab refuses is skipped, saying why: the bench runs unchanged once the
 * lab wires pools. POOLS_BENCH_SMALL=1: a quick run (fewer tasks, fewer rounds), not for the README.
 *
 * Both sides' 1 ms task spins on performance.now() (fixtures/pool-task.js copies src/worker/burn.ts): a
 * burn timed by Date.now() ended on the next whole millisecond, so back-to-back tasks cost exactly 1 ms
 * whatever the pool spent between them, and a pool's overhead could not be seen.
 */

const SMALL = process.env.POOLS_BENCH_SMALL === '1';
const COUNTS = SMALL ? { trivial: 2_000, burn: 300, mapItems: 100_000, observed: 5_000 } : { trivial: 20_000, burn: 2_000, mapItems: 1_000_000, observed: 100_000 };
const PLAN: Plan = SMALL ? { minPairs: 3, maxPairs: 4, maxSeconds: 10, tolerance: 0.05, judge: 'ratio' } : { minPairs: 8, maxPairs: 30, maxSeconds: 40, tolerance: 0.03, judge: 'ratio' };
/** The observation row's pairs: more and longer than the others', its ratio is judged against 0.95. */
const OBSERVE_PLAN: Plan = SMALL ? PLAN : { minPairs: 12, maxPairs: 40, maxSeconds: 90, tolerance: 0.01, judge: 'ratio' };
const ROTATION = SMALL ? { minCycles: 2, maxCycles: 3, maxSeconds: 15, tolerance: 0.05 } : { minCycles: 8, maxCycles: 20, maxSeconds: 75, tolerance: 0.01 };
/** Tasks the message ceiling keeps in each thread: the one it runs and the next, as a pool that prefetches. */
const CEILING_AHEAD = 2;
const BURN = { fn: 'burn', ms: 1 } as const satisfies PoolTask;
const TRIVIAL: PoolTask = { fn: 'square' };

type Figures = Record<string, Figure>;

function show(figures: Figures, key: string, figure: Figure): void {
  figures[key] = figure;
  console.log(`  ${describe(key, figure.value, figure.unit === 'x' ? 'x' : ` ${figure.unit}`)}`);
  if (figure.raw !== undefined) console.log(`    ${describe(figure.baseline ?? 'raw', figure.raw, ` ${figure.rawUnit ?? ''}`)}`);
  if (figure.lab !== undefined) console.log(`    ${describe(figure.labSide ?? 'lab', figure.lab, ` ${figure.rawUnit ?? ''}`)}`);
}

function skip(rows: string, reason: string): void {
  console.log(`  ${rows}: skipped: the lab refused pool.create: ${reason}`);
}


/** Piscina and Tinypool alternated on the trivial task, tasks/s for each from the same pairs; Python's map. */
async function rawRows(figures: Figures, piscina: RawPool, tinypool: RawPool): Promise<void> {
  const count = COUNTS.trivial;
  await rawRound(piscina, TRIVIAL, count);
  await rawRound(tinypool, TRIVIAL, count);
  const paired = await alternate(PLAN, () => rawRound(piscina, TRIVIAL, count), () => rawRound(tinypool, TRIVIAL, count));
  const how = `${POOL_THREADS} threads, defaults, all tasks of a round submitted at once; alternated with the other`;
  const work = `trivial task (x*x), ${count.toLocaleString('en')} per round`;
  show(figures, 'pools.piscina.trivial_per_s', soloFigure(paired.raw, paired, '/s', { what: `Piscina, ${work}, tasks/s`, how }));
  show(figures, 'pools.tinypool.trivial_per_s', soloFigure(paired.lab, paired, '/s', { what: `Tinypool, ${work}, tasks/s`, how }));
  const python = await repeat(PLAN, () => pythonMapRound(COUNTS.mapItems));
  show(figures, 'pools.python.map_items_per_s', soloFigure(python.lab, python, '/s', {
    what: `Python multiprocessing.Pool(2).map of ${COUNTS.mapItems.toLocaleString('en')} squares, items/s`,
    how: `fork, chunksize ${pythonChunksize(COUNTS.mapItems, POOL_THREADS).toLocaleString('en')} (Python's default), timed inside Python`,
  }));
}

/**
 * The 1 ms rows, every side in the same cycles (rotated.ts): the two ceilings (bare threads; a message each
 * way per task), Piscina, Tinypool and the lab, so that each pool sits between known bounds and the gap
 * between the message ceiling and a pool is that pool's own overhead.
 */
async function burnRows(figures: Figures, pools: BenchPools, pool: string, piscina: RawPool, tinypool: RawPool): Promise<void> {
  const count = COUNTS.burn;
  const [bare, port] = await Promise.all([ceilingThreads('bare', BURN.ms), ceilingThreads('port', BURN.ms)]);
  try {
    const rounds = {
      bare: () => bare.round(count),
      port: () => port.round(count, CEILING_AHEAD),
      piscina: () => rawRound(piscina, BURN, count),
      tinypool: () => rawRound(tinypool, BURN, count),
      lab: () => pools.applyRound(pool, BURN, count),
    };
    for (const round of Object.values(rounds)) await round();
    const rotated = await rotate({ ...ROTATION, judge: { side: 'lab', reference: 'port' } }, rounds);
    const work = `1 ms busy task, ${count.toLocaleString('en')} per round`;
    const how = `${POOL_THREADS} threads; one round of each of bare, port, Piscina, Tinypool and the lab per cycle, the order reversed every cycle`;
    show(figures, 'pools.ceiling.bare_per_s', soloFigure(sideOf(rotated, 'bare'), pairOf(rotated, 'port', 'bare'), '/s', {
      what: `ceiling: ${POOL_THREADS} bare threads, ${work}, back to back with no message per task, tasks/s`,
      how: `${how}; what ${POOL_THREADS} cores do at all, less the scheduler and the machine's other work`,
    }));
    show(figures, 'pools.ceiling.port_per_s', soloFigure(sideOf(rotated, 'port'), pairOf(rotated, 'bare', 'port'), '/s', {
      what: `ceiling: ${POOL_THREADS} threads, ${work}, each task a message in and its end a message out, tasks/s`,
      how: `${how}; ${CEILING_AHEAD} tasks held in each thread (the next is there when one ends): what any pool pays, and nothing more`,
    }));
    show(figures, 'pools.piscina.burn_per_s', soloFigure(sideOf(rotated, 'piscina'), pairOf(rotated, 'port', 'piscina'), '/s', { what: `Piscina, ${work}, tasks/s`, how: `${how}; defaults` }));
    show(figures, 'pools.tinypool.burn_per_s', soloFigure(sideOf(rotated, 'tinypool'), pairOf(rotated, 'port', 'tinypool'), '/s', { what: `Tinypool, ${work}, tasks/s`, how: `${how}; defaults` }));
    const lab = pairOf(rotated, 'port', 'lab');
    const described = {
      baseline: 'ceiling: threads with a message each way per task (pools.ceiling.port_per_s)',
      how: `${count.toLocaleString('en')} pool.apply commands per round, sent at once, until the pool.tasks batch with the last end; ${how}`,
    };
    show(figures, 'pools.thread.burn_per_s', labFigure(lab, '/s', { ...described, what: '1 ms tasks, 2 thread workers, tasks/s (ceiling 2,000)' }));
    show(figures, 'pools.thread.burn.port_ratio', ratioFigure(lab, '/s', { ...described, what: '1 ms tasks, 2 thread workers, lab vs the message ceiling, tasks/s: what the lab adds to what any pool pays' }));
    show(figures, 'pools.piscina.burn.port_ratio', ratioFigure(pairOf(rotated, 'port', 'piscina'), '/s', { ...described, what: '1 ms tasks, 2 threads, Piscina vs the message ceiling, tasks/s', how: `Piscina's defaults; ${how}` }));
  } finally {
    await Promise.all([bare.destroy(), port.destroy()]);
  }
}

/** The lab's thread pool as shipped (recording on) against Piscina, and its map on its own. */
async function threadRows(figures: Figures, piscina: RawPool, tinypool: RawPool): Promise<void> {
  const bench = new BenchLab();
  const pools = new BenchPools(bench.lab);
  try {
    const refused = await pools.create('bench-thread', 'thread');
    if (refused !== null) return skip('pools.thread.* (trivial, 1 ms, map)', refused);
    const pool = 'bench-thread';
    const count = COUNTS.trivial;
    await rawRound(piscina, TRIVIAL, count);
    await pools.applyRound(pool, TRIVIAL, count);
    const paired = await alternate(PLAN, () => rawRound(piscina, TRIVIAL, count), () => pools.applyRound(pool, TRIVIAL, count));
    show(figures, 'pools.thread.trivial.ratio', ratioFigure(paired, '/s', {
      what: 'trivial tasks (x*x), 2 thread workers, lab vs Piscina, tasks/s',
      baseline: `Piscina, ${POOL_THREADS} threads`,
      how: `${count.toLocaleString('en')} pool.apply commands per round, sent at once, until the pool.tasks batch with the last end`,
    }));
    await burnRows(figures, pools, pool, piscina, tinypool);
    // One pool.map of {range}, as Python's pool.map(square, range(n)) is one call: a map's items in a
    // command are bounded by the message limits (MAX_MAP_ITEMS), which lab.execute applies too.
    const first = await pools.rangeRound(pool, COUNTS.mapItems);
    const mapped = await repeat(PLAN, async () => (await pools.rangeRound(pool, COUNTS.mapItems)).itemsPerSecond);
    show(figures, 'pools.thread.map_items_per_s', soloFigure(mapped.lab, mapped, '/s', {
      what: `map of ${COUNTS.mapItems.toLocaleString('en')} squares, 2 thread workers, Python's chunking, items/s`,
      how: `one pool.map of {range: ${COUNTS.mapItems.toLocaleString('en')}}, default chunksize (${pythonChunksize(COUNTS.mapItems, POOL_THREADS).toLocaleString('en')}): ${first.tasks} tasks`,
    }));
  } finally {
    await bench.stop();
  }
}

/** The lab's process pool map against Python's Pool(2).map of the same squares. */
async function processRow(figures: Figures): Promise<void> {
  const bench = new BenchLab();
  const pools = new BenchPools(bench.lab);
  try {
    const refused = await pools.create('bench-process', 'process');
    if (refused !== null) return skip('pools.process.map.ratio', refused);
    await pythonMapRound(COUNTS.mapItems);
    const first = await pools.rangeRound('bench-process', COUNTS.mapItems);
    const paired = await alternate(PLAN, () => pythonMapRound(COUNTS.mapItems), async () => (await pools.rangeRound('bench-process', COUNTS.mapItems)).itemsPerSecond);
    show(figures, 'pools.process.map.ratio', ratioFigure(paired, '/s', {
      what: `process pool map of ${COUNTS.mapItems.toLocaleString('en')} squares, lab vs Python's Pool(2).map, items/s`,
      baseline: 'Python multiprocessing.Pool(2).map, fork, timed inside Python',
      how: `the same call on both sides, map(square, range(${COUNTS.mapItems.toLocaleString('en')})) with Python's default chunksize (${pythonChunksize(COUNTS.mapItems, POOL_THREADS).toLocaleString('en')}): lab: one pool.map of {range}, 2 forked Node workers, ${first.tasks} tasks, values as JSON over IPC, from the command to the last task end; Python: pickles over pipes, timed inside Python`,
    }));
  } finally {
    await bench.stop();
  }
}

/**
 * What watching costs: a lab as shipped (recording every fact and event) with a page's Pools view open (a
 * subscriber that turns every batch into the text the WebSocket bridge sends, ws-bridge.ts, and folds it
 * into the page's state with the page's reducer, as the view's store does), vs a lab that records nothing
 * (recordFacts and recordEvents off) with no subscriber but the bench's own count of task ends, which both
 * sides have. The same map of trivial tasks, one task per item (chunksize 1: the most task steps per
 * second), rounds of about a second, alternated, each after a full garbage collection (settle-heap.ts: the
 * two labs share one heap); judged on the median of the pairs' ratios.
 */
async function observationRow(figures: Figures): Promise<void> {
  const watched = new BenchLab();
  const unwatched = new BenchLab({ recordFacts: false, recordEvents: false });
  // The page's state, folded from every batch as the Pools view's store does; read at the end so that the
  // fold cannot be skipped as dead work, as the bytes sent cannot.
  let folded: LabState = INITIAL_STATE;
  let sentChars = 0;
  watched.lab.subscribe((events) => {
    sentChars += JSON.stringify({ type: 'events', events }).length;
    folded = reduceBatch(folded, events);
  });
  const [watchedPools, unwatchedPools] = [new BenchPools(watched.lab), new BenchPools(unwatched.lab)];
  try {
    for (const pools of [watchedPools, unwatchedPools]) {
      const refused = await pools.create('bench-observed', 'thread');
      if (refused !== null) return skip('pools.observe.throughput_ratio', refused);
    }
    const round = async (pools: BenchPools) => {
      settleHeap();
      return (await pools.rangeRound('bench-observed', COUNTS.observed, 1)).itemsPerSecond;
    };
    await round(watchedPools);
    await round(unwatchedPools);
    const recordedBefore = unwatched.lab.recording().recorder.factsRecorded;
    // Throughput ratio = watched / unwatched: the unwatched lab is the "raw" side.
    const paired = await alternate(OBSERVE_PLAN, () => round(unwatchedPools), () => round(watchedPools));
    show(figures, 'pools.observe.throughput_ratio', ratioFigure(paired, '/s', {
      what: 'pool throughput with the Pools view open and recording on vs neither',
      baseline: 'lab recording nothing (recordFacts and recordEvents off), no page subscribed',
      labSide: 'watched',
      how: `pool.map of {range: ${COUNTS.observed.toLocaleString('en')}} squares, chunksize 1, 2 thread workers, alternated, a full GC before each round (untimed: the two labs share one heap); watched: recording on (the default) and a page's subscriber in the host process (each batch as the WebSocket's JSON text, folded by the page's reducer, reduceBatch); both labs in one process`,
    }));
    if (folded.now === 0 || sentChars === 0) throw new Error('bench: the watched lab folded no event');
    if (unwatched.lab.recording().recorder.factsRecorded !== recordedBefore) throw new Error('bench: the unwatched lab recorded facts');
  } finally {
    await Promise.all([watched.stop(), unwatched.stop()]);
  }
}

export async function runPoolsBench(): Promise<Figures> {
  if (SMALL) console.log('  POOLS_BENCH_SMALL=1: a quick run, not for the README');
  const figures: Figures = {};
  const piscina = piscinaPool();
  const tinypool = tinypoolPool();
  try {
    await rawRows(figures, piscina, tinypool);
    await threadRows(figures, piscina, tinypool);
  } finally {
    await Promise.all([piscina.destroy(), tinypool.destroy()]);
  }
  await processRow(figures);
  await observationRow(figures);
  return figures;
}

if (require.main === module) runSection(runPoolsBench);
