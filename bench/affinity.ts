import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * Runs `work` with this process (every thread of it, and so every child it forks meanwhile) pinned to one
 * CPU, with util-linux's `taskset`. Why: on a VM a message between two processes on two CPUs costs a
 * cross-CPU wake-up (about 55 µs here) where on one CPU it costs a context switch (about 20 µs), and the
 * scheduler picks one or the other from round to round, so an unpinned IPC figure is a coin toss. Pinned,
 * raw and lab run the same way and the figure is stable. Elsewhere (no taskset) it runs unpinned and says so.
 */
export async function onOneCpu<T>(work: () => Promise<T>): Promise<{ value: T; pinned: string }> {
  const allowed = allowedCpus();
  const cpu = allowed?.split(/[,-]/).at(-1);
  if (allowed === null || cpu === undefined || !taskset(cpu)) return { value: await work(), pinned: 'not pinned (no taskset)' };
  try {
    return { value: await work(), pinned: `host and workers pinned to CPU ${cpu}` };
  } finally {
    taskset(allowed);
  }
}

function allowedCpus(): string | null {
  if (process.platform !== 'linux') return null;
  return /^Cpus_allowed_list:\s*(\S+)/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? null;
}

/** Sets the CPU list of every thread of this process; false when taskset is missing or refuses. */
function taskset(cpus: string): boolean {
  try {
    execFileSync('taskset', ['--all-tasks', '--cpu-list', '--pid', cpus, String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
