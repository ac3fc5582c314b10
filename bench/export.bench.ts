import { closeSync, openSync, writeSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Clock } from '../src/core/clock';
import { Recorder } from '../src/core/recorder/recorder';
import type { SyncFactBody } from '../src/shared/facts';
import type { LabEvent } from '../src/shared/protocol';
import { EXPORT_FORMATS } from '../src/shared/trace/exports';
import type { Figure } from './figure';
import { runSection } from './section';
import { summarize } from './stats';

/**
 * Issue 8's export row: 1,000,000 facts recorded in a Recorder (eight forked workers taking four locks in
 * turn, each lock handed from one to a waiting other, and a queue filled and drained) exported to Perfetto
 * JSON through recorder.events(), written to /dev/null. Time per export (target: at most 2 s), and how much
 * the heap grew at its peak over the heap before, for a quarter of the facts and for all of them: a
 * streamed export grows the same for both (it holds open slices, not the trace).
 */
const FACTS = 1_000_000;
const ROUNDS = 12;
const WORKERS = 8;
const LOCKS = 4;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function recorded(facts: number): Recorder {
  let now = 1_700_000_000_000;
  const clock: Clock = { now: () => now, monotonic: () => now, setTimeout: () => () => undefined };
  const recorder = new Recorder(clock, () => '[]');
  let seq = 0;
  const cold = (event: Omit<LabEvent, 'seq' | 't'>) => recorder.cold({ ...event, seq: ++seq, t: now } as LabEvent);
  cold({ type: 'lab.started', hostPid: process.pid, hostPpid: process.ppid, platform: 'linux', cores: 2, config: undefined as never, signalNumbers: {} } as never);
  for (let w = 1; w <= WORKERS; w++) {
    cold({ type: 'worker.starting', worker: { id: `w${w}`, name: `worker-${w}`, groupId: 'g1', kind: 'process', method: 'fork', command: null, task: null, daemon: false, detached: false, ipc: true } } as never);
    cold({ type: 'worker.ready', workerId: `w${w}`, pid: 100_000 + w, ppid: process.pid, tid: null, latencyMs: 50 } as never);
  }
  const fact = (body: SyncFactBody) => {
    now += 0.01;
    recorder.sync({ ...body, t: now } as never);
  };
  let depth = 0;
  for (let round = 0; round * 10 < facts; round++) {
    const a = `w${1 + (round % WORKERS)}`;
    const b = `w${1 + ((round + 1) % WORKERS)}`;
    const lock = `lock${round % LOCKS}`;
    fact({ op: 'lock.requested', actor: a, primitive: lock });
    fact({ op: 'lock.acquired', actor: a, primitive: lock, count: 1 });
    fact({ op: 'lock.requested', actor: b, primitive: lock });
    fact({ op: 'lock.waiting', actor: b, primitive: lock, timeoutMs: -1 });
    fact({ op: 'lock.released', actor: a, primitive: lock, count: 0 });
    fact({ op: 'lock.acquired', actor: b, primitive: lock, count: 1 });
    fact({ op: 'lock.released', actor: b, primitive: lock, count: 0 });
    fact({ op: 'queue.put', actor: a, primitive: 'jobs', depth: ++depth });
    fact({ op: 'queue.put', actor: b, primitive: 'jobs', depth: ++depth });
    depth = 0;
    fact({ op: 'queue.get', actor: a, primitive: 'jobs', depth });
  }
  return recorder;
}

/** One export to /dev/null: its time (ms), the peak heap growth (MiB), the bytes written. */
async function exportOnce(recorder: Recorder): Promise<{ ms: number; growthMiB: number; bytes: number }> {
  gc();
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  let bytes = 0;
  const sink = openSync('/dev/null', 'w');
  const started = performance.now();
  try {
    for await (const chunk of EXPORT_FORMATS.trace.chunks(recorder.events())) {
      writeSync(sink, chunk);
      bytes += chunk.length;
      // Sampled every 16 chunks (~1 MiB): often enough to see a trace held whole, rarely enough to cost nothing.
      if ((bytes & 0xf_ffff) < chunk.length) peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
  } finally {
    closeSync(sink);
  }
  const ms = performance.now() - started;
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  return { ms, growthMiB: (peak - before) / 2 ** 20, bytes };
}

async function runExportBench(): Promise<Record<string, Figure>> {
  const quarter = recorded(FACTS / 4);
  const quarterGrowth: number[] = [];
  for (let i = 0; i < 2; i++) quarterGrowth.push((await exportOnce(quarter)).growthMiB);
  const whole = recorded(FACTS);
  const times: number[] = [];
  const growth: number[] = [];
  let bytes = 0;
  await exportOnce(whole); // warm-up: the JIT
  for (let i = 0; i < ROUNDS; i++) {
    const run = await exportOnce(whole);
    times.push(run.ms);
    growth.push(run.growthMiB);
    bytes = run.bytes;
  }
  const how = `${FACTS.toLocaleString('en')} facts (${WORKERS} workers, ${LOCKS} locks handed over, a queue) from a Recorder to /dev/null, ${(bytes / 2 ** 20).toFixed(0)} MiB of JSON; ${ROUNDS} rounds after a warm-up`;
  const figures: Record<string, Figure> = {
    'export.perfetto_ms': { what: 'export of 1,000,000 facts to Perfetto JSON (ms)', unit: 'ms', value: summarize(times), pairs: ROUNDS, seconds: times.reduce((a, b) => a + b, 0) / 1000, stoppedBy: 'counted', how },
    'export.heap_growth_mib': { what: 'heap growth at the peak of an export of 1,000,000 facts (MiB)', unit: 'MiB', value: summarize(growth), pairs: ROUNDS, seconds: 0, stoppedBy: 'counted', how },
    'export.heap_growth_quarter_mib': { what: 'heap growth at the peak of an export of 250,000 facts (MiB)', unit: 'MiB', value: summarize(quarterGrowth), pairs: quarterGrowth.length, seconds: 0, stoppedBy: 'counted', how: 'the same mix, a quarter of it: a streamed export grows as much as for all of it' },
  };
  for (const [key, figure] of Object.entries(figures)) console.log(`  ${key}: ${figure.value.value.toFixed(1)} ${figure.unit} (min ${figure.value.min.toFixed(1)}, max ${figure.value.max.toFixed(1)})`);
  return figures;
}

runSection(runExportBench);
