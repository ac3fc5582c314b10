import { BenchLab } from './bench-lab';
import { countFigure, ratioFigure, type Figure } from './figure';
import { onTwoCpus } from './affinity';
import { labLock, PROCESS_PAIRS, PROCESS_PLAN, PROCESS_WARMUP, THREAD_PAIRS, THREAD_WARMUP } from './locks.bench';
import { alternate, describe, type Plan } from './paired';
import { runSection } from './section';

/**
 * What recording a thread's fast path costs (issue 8: ">= 0.95 of the throughput with it off"): two labs
 * side by side, one recording (the default: the thread posts its ring to the host, which keeps every op),
 * one not (recordFastPath: false), the same uncontended thread Lock pairs alternated round by round; and
 * the recorder's bytes per hot fact after those rounds. Then what the broker's facts cost a process: a
 * forked process's Lock pair (two brokered round trips, each making facts that are recorded and sent to
 * pages) in a fresh lab vs one with facts off (recordFacts: false), pinned as lock.process.ratio is.
 */
const PLAN: Plan = { minPairs: 10, maxPairs: 40, maxSeconds: 40, tolerance: 0.03, judge: 'ratio' };

export async function runRecordingBench(): Promise<Record<string, Figure>> {
  const figures: Record<string, Figure> = {};
  const thread = { kind: 'thread' };
  const recording = new BenchLab();
  const unrecorded = new BenchLab({ recordFastPath: false });
  try {
    await labLock(recording, thread, 1, THREAD_PAIRS, THREAD_WARMUP);
    await labLock(unrecorded, thread, 1, THREAD_PAIRS, THREAD_WARMUP);
    // Throughput ratio = time per pair off / time per pair on: the recording lab is the "raw" side.
    const paired = await alternate(PLAN, () => labLock(recording, thread, 1, THREAD_PAIRS, THREAD_WARMUP), () => labLock(unrecorded, thread, 1, THREAD_PAIRS, THREAD_WARMUP));
    figures['record.thread.throughput_ratio'] = ratioFigure(paired, 'µs', {
      what: 'thread Lock pair throughput, fast path recorded vs not',
      baseline: 'thread Lock pair, every fast-path op recorded',
      labSide: 'not recorded',
      how: `${THREAD_PAIRS.toLocaleString('en')} pairs per round`,
    });
    const stats = recording.lab.recording().recorder.stats();
    figures['record.bytes_per_hot_fact'] = countFigure(Math.round(stats.bytesPerHotFact * 100) / 100, {
      what: "recorder memory per hot fact (typed-array chunks), after the rounds' facts",
      how: `${stats.hotFacts.toLocaleString('en')} hot facts kept, ${stats.recorded.hot.toLocaleString('en')} recorded; the open chunk's room not used yet (${stats.unusedHotBytes.toLocaleString('en')} B) counted apart`,
    });
  } finally {
    await Promise.all([recording.stop(), unrecorded.stop()]);
  }
  figures['record.process.throughput_ratio'] = await processFacts();
  for (const [key, figure] of Object.entries(figures)) console.log(`  ${describe(key, figure.value, figure.unit)}`);
  return figures;
}

/** A process Lock pair with facts made, recorded and sent vs none made (fresh labs: nothing left by the thread rows). */
async function processFacts(): Promise<Figure> {
  const forked = { kind: 'process', method: 'fork' };
  const withFacts = new BenchLab();
  const without = new BenchLab({ recordFacts: false });
  try {
    return await onTwoCpus(async (placement) => {
      const on = () => labLock(withFacts, forked, 1, PROCESS_PAIRS, PROCESS_WARMUP, placement);
      const off = () => labLock(without, forked, 1, PROCESS_PAIRS, PROCESS_WARMUP, placement);
      await on();
      await off();
      return ratioFigure(await alternate(PROCESS_PLAN, on, off), 'µs', {
        what: 'process Lock pair throughput, broker facts recorded and sent vs none made',
        baseline: 'process Lock pair, facts recorded',
        labSide: 'facts off',
        how: `${PROCESS_PAIRS.toLocaleString('en')} pairs per round; ${placement.described}`,
      });
    });
  } finally {
    await Promise.all([withFacts.stop(), without.stop()]);
  }
}

if (require.main === module) runSection(runRecordingBench);
