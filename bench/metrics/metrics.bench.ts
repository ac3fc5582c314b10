import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import { cpus } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createLinuxCoreSampler } from '../../src/core/metrics/linux-cores';
import { createLinuxProcessSampler } from '../../src/core/metrics/linux-processes';
import { countFigure, labFigure, type Figure } from '../figure';
import { alternate, describe, type Plan } from '../paired';
import { runSection } from '../section';

/**
 * The metrics samplers against their raw floors, alternated round by round (BASELINES.md, "Observing"):
 * 300 `sleep 600` children of this process, sampled through the lab's sampler and read bare through
 * cached descriptors; per-core load against os.cpus(); the event loop's delay while sampling at 10 Hz
 * against the same loop idle. CPU figures are CPU time of this process, not wall time.
 */
const PROCESS_COUNT = 300;
/** Samples per round: each round is about 0.1 s of CPU. */
const SAMPLES_PER_ROUND = 100;
const CORE_SAMPLES_PER_ROUND = 1000;
const LOOP_PERIOD_MS = 100;
/** One round of the loop-delay figure: a window of this long, idle or sampling at 10 Hz. */
const LOOP_WINDOW_MS = 1000;

const CPU_PLAN: Plan = { minPairs: 10, maxPairs: 40, maxSeconds: 20, tolerance: 0.03, judge: 'lab' };
const LOOP_PLAN: Plan = { minPairs: 8, maxPairs: 20, maxSeconds: 40, tolerance: 0.1, judge: 'lab' };

export async function runMetricsBench(): Promise<Record<string, Figure>> {
  if (process.platform !== 'linux') return {};
  const sleepers = await startSleepers(PROCESS_COUNT);
  const onInterrupt = () => {
    killAll(sleepers);
    process.exit(130);
  };
  process.once('SIGINT', onInterrupt);
  try {
    const figures = { ...(await measureProcesses(sleepers)), ...(await measureCores()), ...(await measureLoopDelay()) };
    for (const [key, figure] of Object.entries(figures)) {
      console.log(`  ${describe(key, figure.value, ` ${figure.unit}`)}`);
      if (figure.raw !== undefined) console.log(`    ${describe('raw', figure.raw, ` ${figure.unit}`)}`);
    }
    return figures;
  } finally {
    process.off('SIGINT', onInterrupt);
    await reapAll(sleepers);
  }
}

/** CPU per process of a bare cached-fd pread against the sampler's whole `sample()`. */
async function measureProcesses(sleepers: readonly ChildProcess[]): Promise<Record<string, Figure>> {
  const fds = sleepers.map((child) => openSync(`/proc/${child.pid}/stat`, 'r'));
  const buffer = Buffer.alloc(4096);
  const sampler = createLinuxProcessSampler(process.pid);
  let sampled = 0;
  // Warm up: discovery of the 300, the second sighting's command lines, the JIT.
  for (let i = 0; i < 20; i++) sampled = sampler.sample().processes.length;
  try {
    const paired = await alternate(
      CPU_PLAN,
      () => cpuMicros(SAMPLES_PER_ROUND, () => fds.forEach((fd) => readSync(fd, buffer, 0, buffer.length, 0))) / fds.length,
      () => cpuMicros(SAMPLES_PER_ROUND, () => (sampled = sampler.sample().processes.length)) / sampled,
    );
    return {
      'sampler.us_per_process': labFigure(paired, 'µs', {
        what: `sampler CPU per process per sample, ${PROCESS_COUNT} processes (µs)`,
        baseline: 'bare pread of /proc/PID/stat through cached fds',
        how: `${sampled} processes sampled, ${SAMPLES_PER_ROUND} samples per round`,
      }),
    };
  } finally {
    sampler.close();
    for (const fd of fds) closeSync(fd);
  }
}

/** One per-core sample from /proc/stat against one os.cpus() call, and no child spawned for it. */
async function measureCores(): Promise<Record<string, Figure>> {
  const childrenBefore = countChildren();
  const sampler = createLinuxCoreSampler();
  sampler.sample();
  const paired = await alternate(
    CPU_PLAN,
    () => cpuMicros(CORE_SAMPLES_PER_ROUND, () => cpus()) / 1000,
    () => cpuMicros(CORE_SAMPLES_PER_ROUND, () => sampler.sample()) / 1000,
  );
  sampler.close();
  return {
    'cores.ms_per_sample': labFigure(paired, 'ms', {
      what: 'per-core sample (ms)',
      baseline: 'os.cpus()',
      how: `${CORE_SAMPLES_PER_ROUND} samples per round`,
    }),
    'cores.children_spawned': countFigure(countChildren() - childrenBefore, {
      what: 'child processes spawned by per-core sampling',
      how: 'children of this process before and after all the per-core samples',
    }),
  };
}

/** Event-loop delay p99 of 1 s windows: sampling the 300 at 10 Hz vs the same loop idle, alternated. */
async function measureLoopDelay(): Promise<Record<string, Figure>> {
  const sampler = createLinuxProcessSampler(process.pid);
  const cores = createLinuxCoreSampler();
  try {
    const paired = await alternate(
      LOOP_PLAN,
      () => loopDelayWhile(() => undefined),
      () =>
        loopDelayWhile(() => {
          cores.sample();
          sampler.sample();
        }),
    );
    return {
      'loop.p99_ms': labFigure(paired, 'ms', {
        what: `host event-loop delay p99, ${PROCESS_COUNT} processes at 10 Hz (ms)`,
        baseline: 'the same loop, idle',
        how: `p99 of each ${LOOP_WINDOW_MS / 1000} s window, the median over windows`,
      }),
    };
  } finally {
    sampler.close();
    cores.close();
  }
}

async function loopDelayWhile(tick: () => void): Promise<number> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  const timer = setInterval(tick, LOOP_PERIOD_MS);
  await new Promise((resolve) => setTimeout(resolve, LOOP_WINDOW_MS));
  clearInterval(timer);
  histogram.disable();
  return histogram.percentile(99) / 1e6;
}

/** CPU time (user + system, all threads of this process) of one run of `work`, in µs, over `runs` runs. */
function cpuMicros(runs: number, work: () => void): number {
  const before = process.cpuUsage();
  for (let run = 0; run < runs; run++) work();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / runs;
}

/** Children of this process, from the kernel. */
function countChildren(): number {
  return readdirSync('/proc/self/task').reduce((count, tid) => {
    const children = readFileSync(`/proc/self/task/${tid}/children`, 'utf8').trim();
    return count + (children === '' ? 0 : children.split(' ').length);
  }, 0);
}

async function startSleepers(count: number): Promise<ChildProcess[]> {
  const sleepers: ChildProcess[] = [];
  try {
    for (let i = 0; i < count; i++) sleepers.push(spawn('sleep', ['600'], { stdio: 'ignore' }));
    // Wait until every one has run exec, so the sampler sees 300 sleeps, not shells half-way there.
    const deadline = Date.now() + 30_000;
    while (!sleepers.every((child) => isSleeping(child.pid))) {
      if (Date.now() > deadline) throw new Error('bench: the sleep processes did not all start');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return sleepers;
  } catch (error) {
    await reapAll(sleepers);
    throw error;
  }
}

function isSleeping(pid: number | undefined): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'latin1').includes('(sleep)');
  } catch {
    return false;
  }
}

/** ChildProcess.kill signals only a child not yet reaped, so a reused pid is never hit. */
function killAll(children: readonly ChildProcess[]): ChildProcess[] {
  const running = children.filter((child) => child.exitCode === null && child.signalCode === null);
  for (const child of running) child.kill('SIGKILL');
  return running;
}

/** Kills and waits for each exit, so that no zombie is left for init to collect. */
async function reapAll(children: readonly ChildProcess[]): Promise<void> {
  await Promise.all(killAll(children).map((child) => new Promise((resolve) => child.once('exit', resolve))));
}

if (require.main === module) runSection(runMetricsBench);
