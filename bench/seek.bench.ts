import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Clock } from '../src/core/clock';
import { recordedStore } from '../src/core/recorder/recorded-store';
import { readRecordingFile } from '../src/core/recorder/recording-file';
import { recordingStream } from '../src/core/recorder/recording-writer';
import { LabStore } from '../src/renderer/store/lab-store';
import { DEFAULT_CONFIG } from '../src/shared/config';
import type { SyncFactBody } from '../src/shared/facts';
import type { LabEventBody } from '../src/shared/protocol';
import type { ProcessSample } from '../src/shared/samples';
import type { Figure } from './figure';
import { runSection } from './section';
import { summarize } from './stats';

/**
 * Issue 8's seek row: "seek to any moment of a 10-minute recording with 50 workers: <= 100 ms". The run is
 * generated (as export.bench.ts does; no machine here runs 50 workers for 10 minutes per bench run) with the
 * lab's real shapes and rates, through the lab's own EventStore and recorder (recorded-store.ts, default
 * keyframes and retention): 50 workers (25 threads, 25 forked processes) started, a process sample of every
 * one and a CPU sample every 500 ms (the default period), lock hand-offs between them, a queue filled and
 * drained, output now and then; about 300 sync facts a second. Saved through the real writer to a .clrec
 * file, read back with the host's reader (the page's reader is the same code), and opened as the page opens
 * a recording (LabStore.openRecording: history and lanes). Then a seek to each of SEEKS random moments
 * (LabStore.viewAt: the nearest page keyframe and the fold to the moment, what every view then draws):
 * its p95. Drawing the views (React, canvas) is not in it: page.bench.ts measures frames.
 */
const MINUTES = 10;
const WORKERS = 50;
const LOCKS = 4;
/** Ticks of 100 ms; each makes 3 hand-off rounds of 10 facts: ~300 facts/s. */
const TICK_MS = 100;
const ROUNDS_PER_TICK = 3;
const SAMPLE_MS = DEFAULT_CONFIG.samplePeriodMs;
const SEEKS = 400;
const HOST_PID = 4242;

async function recordRun(file: string): Promise<{ facts: number }> {
  let now = 1_700_000_000_000;
  const clock: Clock = { now: () => now, monotonic: () => now, setTimeout: () => () => undefined };
  const recorded = recordedStore(clock);
  const { store } = recorded;
  const emit = (body: LabEventBody) => store.emit(body);
  emit({ type: 'lab.started', hostPid: HOST_PID, hostPpid: 1, platform: 'linux', cores: 2, config: DEFAULT_CONFIG, signalNumbers: { SIGTERM: 15, SIGKILL: 9 } });
  const ids = Array.from({ length: WORKERS }, (_, index) => `w${index + 1}`);
  const isThread = (index: number) => index % 2 === 0;
  ids.forEach((id, index) => {
    const kind = isThread(index) ? 'thread' : 'process';
    emit({ type: 'worker.starting', worker: { id, name: `worker-${index + 1}`, groupId: 'g1', kind, method: kind === 'thread' ? 'thread' : 'fork', command: null, task: { name: 'sleep', ms: 600_000 }, daemon: false, detached: false, ipc: true } });
    emit({ type: 'worker.ready', workerId: id, pid: isThread(index) ? HOST_PID : 10_000 + index, ppid: HOST_PID, tid: isThread(index) ? 20_000 + index : null, latencyMs: 40 });
  });
  for (let lock = 0; lock < LOCKS; lock++) emit({ type: 'sync.created', primitive: { kind: 'Lock', name: `lock${lock}` } });
  emit({ type: 'sync.created', primitive: { kind: 'Queue', name: 'jobs', maxsize: 0 } });
  const fact = (body: SyncFactBody) => recorded.fact({ ...body, t: now } as never);
  const printed = new Map<string, number>();
  const sample = (tick: number): ProcessSample[] => {
    const threads = ids.filter((_, index) => isThread(index)).map((_, index) => ({ tid: 20_000 + index * 2, name: 'worker', state: (tick + index) % 3 === 0 ? 'R' : 'S', cpu: (tick * 7 + index) % 100, cpuTimeMs: tick * 10 }));
    const host: ProcessSample = { pid: HOST_PID, ppid: 1, start: 100, startedAt: 1_700_000_000_000, name: 'node', command: 'node lab', state: 'S', cpu: 30, cpuTimeMs: tick * 30, rss: 200e6, threads, orphan: false };
    const children = ids.flatMap((_, index): ProcessSample[] =>
      isThread(index) ? [] : [{ pid: 10_000 + index, ppid: HOST_PID, start: 200 + index, startedAt: 1_700_000_000_100, name: 'node', command: `node worker-process.js ${index}`, state: (tick + index) % 4 === 0 ? 'R' : 'S', cpu: (tick * 3 + index) % 100, cpuTimeMs: tick * 5, rss: 40e6, threads: null, orphan: false }],
    );
    return [host, ...children];
  };
  const ticks = (MINUTES * 60_000) / TICK_MS;
  let round = 0;
  for (let tick = 0; tick < ticks; tick++) {
    for (let r = 0; r < ROUNDS_PER_TICK; r++, round++) {
      const a = ids[round % WORKERS]!;
      const b = ids[(round * 7 + 1) % WORKERS]!;
      const lock = `lock${round % LOCKS}`;
      now += 3;
      fact({ op: 'lock.requested', actor: a, primitive: lock });
      fact({ op: 'lock.acquired', actor: a, primitive: lock, count: 1 });
      fact({ op: 'lock.requested', actor: b, primitive: lock });
      fact({ op: 'lock.waiting', actor: b, primitive: lock, timeoutMs: -1 });
      now += 5;
      fact({ op: 'lock.released', actor: a, primitive: lock, count: 0 });
      fact({ op: 'lock.acquired', actor: b, primitive: lock, count: 1 });
      fact({ op: 'queue.put', actor: b, primitive: 'jobs', depth: 1 });
      fact({ op: 'queue.put', actor: a, primitive: 'jobs', depth: 2 });
      now += 5;
      fact({ op: 'lock.released', actor: b, primitive: lock, count: 0 });
      fact({ op: 'queue.get', actor: a, primitive: 'jobs', depth: 1 });
      fact({ op: 'queue.get', actor: b, primitive: 'jobs', depth: 0 });
    }
    now += TICK_MS - ROUNDS_PER_TICK * 13;
    if ((tick * TICK_MS) % SAMPLE_MS === 0) {
      emit({ type: 'metrics.cpu', cores: [(tick * 13) % 100, (tick * 29) % 100], total: (tick * 21) % 100 });
      emit({ type: 'metrics.processes', processes: sample(tick) });
    }
    if (tick % 5 === 0) {
      const id = ids[tick % WORKERS]!;
      const from = printed.get(id) ?? 0;
      printed.set(id, from + 20);
      emit({ type: 'worker.output', workerId: id, stream: 'stdout', from, to: from + 20, text: `tick ${String(tick).padStart(13)}\n` });
    }
    // The store hands its batch to listeners at the end of a turn: let it, as the lab's loop does.
    if (tick % 10 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  store.flush();
  const stats = recorded.recording.recorder.stats();
  await pipeline(recordingStream(recorded.recording.recorder, store.state(), Date.now()), createWriteStream(file));
  return { facts: stats.recorded.hot + stats.recorded.cold };
}

async function runSeekBench(): Promise<Record<string, Figure>> {
  const dir = mkdtempSync(join(tmpdir(), 'lab-seek-'));
  try {
    const file = join(dir, 'ten-minutes.clrec');
    const made = await recordRun(file);
    const bytes = statSync(file).size;
    const openStarted = performance.now();
    const read = await readRecordingFile(file);
    if (!read.ok) throw new Error(`bench: the recording does not read back: ${read.error}`);
    const readMs = performance.now() - openStarted;
    const { events, keyframes } = read.recording;
    const page = new LabStore();
    page.openRecording('ten-minutes.clrec', events, keyframes[0]?.state);
    const openMs = performance.now() - openStarted;
    const span = page.getSnapshot().span;
    if (span === null || span.end - span.start < MINUTES * 60_000 * 0.99) throw new Error(`bench: the recording opened spans ${span === null ? 'nothing' : `${((span.end - span.start) / 1000).toFixed(0)} s`}, not ${MINUTES} min`);
    if (page.getSnapshot().state.workerOrder.length !== WORKERS) throw new Error('bench: the recording opened without its workers');
    // A fixed sequence of moments (a linear congruential generator), so runs seek to the same ones.
    let seed = 12_345;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 20; i++) page.viewAt(span.start + random() * (span.end - span.start)); // warm-up: the JIT
    const times: number[] = [];
    for (let i = 0; i < SEEKS; i++) {
      const at = span.start + random() * (span.end - span.start);
      const started = performance.now();
      page.viewAt(at);
      const state = page.getSnapshot().state;
      times.push(performance.now() - started);
      if (state.workerOrder.length !== WORKERS) throw new Error(`bench: the state at ${at} has ${state.workerOrder.length} workers`);
    }
    const how = `${MINUTES} min, ${WORKERS} workers, ${made.facts.toLocaleString('en')} facts recorded (${events.length.toLocaleString('en')} events, ${keyframes.length} keyframes, ${(bytes / 2 ** 20).toFixed(1)} MiB gzip), written by the real writer, read by the host's reader, opened as the page opens a recording; ${SEEKS} seeks to random moments (LabStore.viewAt), views not drawn`;
    const p95 = summarize(times, 0.95);
    const figures: Record<string, Figure> = {
      'seek.p95_ms': { what: 'seek to a moment of a 10-minute, 50-worker recording, p95 (ms)', unit: 'ms', value: p95, pairs: SEEKS, seconds: times.reduce((a, b) => a + b, 0) / 1000, stoppedBy: 'counted', how },
      'seek.open_ms': { what: 'open that recording: read, validate, build the page history and lanes (ms)', unit: 'ms', value: summarize([openMs]), pairs: 1, seconds: openMs / 1000, stoppedBy: 'counted', how: `of which reading and validating the file ${readMs.toFixed(0)} ms` },
    };
    for (const [key, figure] of Object.entries(figures)) console.log(`  ${key}: ${figure.value.value.toFixed(1)} ${figure.unit} (min ${figure.value.min.toFixed(1)}, max ${figure.value.max.toFixed(1)})`);
    console.log(`  ${how}`);
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

runSection(runSeekBench);
