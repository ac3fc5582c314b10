import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * CPU placement for the IPC figures, with util-linux's `taskset`. On a VM a message between processes on
 * two CPUs costs a cross-CPU wake-up (about 55 µs here) and on one CPU a context switch (about 16 µs), and
 * unpinned the scheduler picks one or the other from round to round: an unpinned IPC figure is a coin toss.
 * Pinned, raw and lab run the same way and the figure is stable. Without taskset (not Linux) it runs
 * unpinned and says so.
 */
export interface Placement {
  /** Puts a child process (all its threads) where this placement wants workers. */
  readonly placeChild: (pid: number) => void;
  /** In words, for the figure's description. */
  readonly described: string;
}

/** Runs `work` with this process (every thread, and so every child forked meanwhile) on one CPU. */
export function onOneCpu<T>(work: (placement: Placement) => Promise<T>): Promise<T> {
  const cpus = allowedCpus();
  const cpu = cpus?.at(-1);
  if (cpus === null || cpu === undefined) return work({ placeChild: () => undefined, described: 'not pinned (no taskset)' });
  return pinned(String(cpu), { placeChild: () => undefined, described: `host and workers pinned to CPU ${cpu}` }, work);
}

/** Runs `work` with this process on one CPU and each child placed (by `placeChild`) on another. */
export function onTwoCpus<T>(work: (placement: Placement) => Promise<T>): Promise<T> {
  const cpus = allowedCpus();
  if (cpus === null || cpus.length < 2) return work({ placeChild: () => undefined, described: 'not pinned (no taskset, or one CPU)' });
  const [workers, host] = [String(cpus.at(-2)), String(cpus.at(-1))];
  const placeChild = (pid: number) => void taskset(workers, pid);
  return pinned(host, { placeChild, described: `host pinned to CPU ${host}, each worker to CPU ${workers}` }, work);
}

async function pinned<T>(cpu: string, placement: Placement, work: (placement: Placement) => Promise<T>): Promise<T> {
  const before = /^Cpus_allowed_list:\s*(\S+)/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  if (before === undefined || !taskset(cpu, process.pid)) return work({ placeChild: () => undefined, described: 'not pinned (taskset refused)' });
  try {
    return await work(placement);
  } finally {
    taskset(before, process.pid);
  }
}

/** The CPUs this process may run on, or null where taskset cannot be used. */
function allowedCpus(): number[] | null {
  if (process.platform !== 'linux') return null;
  const list = /^Cpus_allowed_list:\s*(\S+)/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  if (list === undefined || !taskset(list, process.pid)) return null;
  return list.split(',').flatMap((range) => {
    const [from, to = from] = range.split('-').map(Number);
    return Array.from({ length: to! - from! + 1 }, (_, index) => from! + index);
  });
}

/** Sets the CPU list of every thread of process `pid`; false when taskset is missing or refuses. */
function taskset(cpus: string, pid: number): boolean {
  try {
    execFileSync('taskset', ['--all-tasks', '--cpu-list', '--pid', cpus, String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
