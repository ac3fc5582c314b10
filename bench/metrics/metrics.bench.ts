import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import { cpus } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createLinuxCoreSampler } from '../../src/core/metrics/linux-cores';
import { createLinuxProcessSampler } from '../../src/core/metrics/linux-processes';
import { median, round } from '../stats';

/**
 * The metrics samplers against their raw floors, measured in the same run (BASELINES.md, "Observing"):
 * 300 `sleep 600` children of this process, sampled through the lab's sampler and read bare through
 * cached descriptors; per-core load against os.cpus(); the event loop's delay while sampling at 10 Hz.
 */
const PROCESS_COUNT = 300;
const TRIALS = 5;
const ROUNDS_PER_TRIAL = 100;
const CORE_SAMPLES = 2000;
const LOOP_PERIOD_MS = 100;
const LOOP_DURATION_MS = 5000;

export async function runMetricsBench(): Promise<Record<string, number>> {
  if (process.platform !== 'linux') return {};
  const sleepers = await startSleepers(PROCESS_COUNT);
  const onInterrupt = () => {
    killAll(sleepers);
    process.exit(130);
  };
  process.once('SIGINT', onInterrupt);
  try {
    return { ...measureProcesses(sleepers), ...measureCores(), ...(await measureLoopDelay()) };
  } finally {
    process.off('SIGINT', onInterrupt);
    await reapAll(sleepers);
  }
}

/** (a) and (b): CPU per process of a bare cached-fd pread against the sampler's whole `sample()`. */
function measureProcesses(sleepers: readonly ChildProcess[]): Record<string, number> {
  const fds = sleepers.map((child) => openSync(`/proc/${child.pid}/stat`, 'r'));
  const buffer = Buffer.alloc(4096);
  const sampler = createLinuxProcessSampler(process.pid);
  let sampled = 0;
  // Warm up: discovery of the 300, the second sighting's command lines, the JIT.
  for (let i = 0; i < 20; i++) sampled = sampler.sample().processes.length;
  const raw: number[] = [];
  const lab: number[] = [];
  const listing: number[] = [];
  // Interleaved trials, so that a busy neighbour on the machine weighs on both sides alike.
  for (let trial = 0; trial < TRIALS; trial++) {
    raw.push(cpuMicros(ROUNDS_PER_TRIAL, () => {
      for (const fd of fds) readSync(fd, buffer, 0, buffer.length, 0);
    }) / fds.length);
    lab.push(cpuMicros(ROUNDS_PER_TRIAL, () => {
      sampled = sampler.sample().processes.length;
    }) / sampled);
    // The sampler lists /proc only when something forked since its last listing: what that costs.
    listing.push(cpuMicros(ROUNDS_PER_TRIAL, () => readdirSync('/proc')) / sampled);
  }
  sampler.close();
  for (const fd of fds) closeSync(fd);
  return {
    'sampler.processes': sampled,
    'raw.us_per_process': round(median(raw)),
    'sampler.us_per_process': round(median(lab)),
    'sampler.ratio': round(median(lab) / median(raw)),
    'listing.us_per_process': round(median(listing)),
  };
}

/** (c): one per-core sample from /proc/stat against one os.cpus() call, and no child spawned for it. */
function measureCores(): Record<string, number> {
  const childrenBefore = countChildren();
  const sampler = createLinuxCoreSampler();
  sampler.sample();
  const linuxMs = cpuMicros(CORE_SAMPLES, () => sampler.sample()) / 1000;
  sampler.close();
  const osMs = cpuMicros(CORE_SAMPLES, () => cpus()) / 1000;
  return {
    'cores.ms_per_sample': round(linuxMs, 4),
    'cores.os_cpus_ms': round(osMs, 4),
    'cores.ratio': round(linuxMs / osMs),
    'cores.children_spawned': countChildren() - childrenBefore,
  };
}

/** (d): event-loop delay p99 with the 300 sampled at 10 Hz, against the same loop without sampling. */
async function measureLoopDelay(): Promise<Record<string, number>> {
  const idle = await loopDelayWhile(() => undefined);
  const sampler = createLinuxProcessSampler(process.pid);
  const cores = createLinuxCoreSampler();
  const sampling = await loopDelayWhile(() => {
    cores.sample();
    sampler.sample();
  });
  sampler.close();
  cores.close();
  return { 'loop.idle_p99_ms': round(idle), 'loop.p99_ms': round(sampling), 'loop.p99_ratio': round(sampling / idle) };
}

async function loopDelayWhile(tick: () => void): Promise<number> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  const timer = setInterval(tick, LOOP_PERIOD_MS);
  await new Promise((resolve) => setTimeout(resolve, LOOP_DURATION_MS));
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

if (require.main === module) {
  void runMetricsBench().then(
    (figures) => {
      console.table(figures);
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
