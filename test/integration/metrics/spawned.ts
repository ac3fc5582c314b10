import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { ProcessHarvest, ProcessSampler } from '../../../src/core/metrics/types';
import { psParents } from '../../support/procfs';
import { waitFor } from '../../support/wait';

/** Samples until `check` holds for a harvest; between samples the event loop runs (children get reaped). */
export function sampleUntil<T>(sampler: ProcessSampler, what: string, check: (harvest: ProcessHarvest) => T | undefined | false | null, timeoutMs = 15_000): Promise<T> {
  return waitFor(what, () => check(sampler.sample()), timeoutMs, 50);
}

export const find = (harvest: ProcessHarvest, pid: number | undefined) => harvest.processes.find((sample) => sample.pid === pid);
export const childrenOf = (harvest: ProcessHarvest, ppid: number | undefined) => harvest.processes.filter((sample) => sample.ppid === ppid);

/**
 * Real processes started by a test, and every pid it learned of below them, so that afterEach can kill all
 * of them, orphans included (they are no longer our children, so killing the child we spawned is not enough).
 */
export class Spawned {
  private readonly children: ChildProcess[] = [];
  /** pid -> start (field 22 of its stat) when it was remembered. */
  private readonly pids = new Map<number, number | null>();

  /** `sh` that starts two `sleep 30`: one in the background, one in the foreground. */
  shellTree(): ChildProcess {
    return this.start('sh', ['-c', 'sleep 30 & sleep 30; wait']);
  }

  /** A node child that keeps one core busy. */
  burner(): ChildProcess {
    return this.start(process.execPath, ['-e', 'for (;;) {}']);
  }

  sleeper(seconds = 30): ChildProcess {
    return this.start('sleep', [String(seconds)]);
  }

  start(command: string, args: string[]): ChildProcess {
    const child = spawn(command, args, { stdio: 'ignore' });
    this.children.push(child);
    return child;
  }

  /** A pid found below a spawned process: killed at the end too, if it is still that process. */
  remember(pid: number): void {
    if (!this.pids.has(pid)) this.pids.set(pid, startOf(pid));
  }

  private running(): ChildProcess[] {
    return this.children.filter((child) => child.exitCode === null && child.signalCode === null);
  }

  /** Kills what is still ours and waits until each is gone (reaped, or at least a zombie of init's). */
  async killAll(): Promise<void> {
    // Whatever our processes started and the test did not get to see is killed too.
    const parents = psParents();
    const ours = new Set([...this.running().map((child) => child.pid), ...this.pids.keys()]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const [pid, ppid] of parents) {
        if (ours.has(ppid) && !ours.has(pid)) {
          ours.add(pid);
          this.remember(pid);
          grew = true;
        }
      }
    }
    for (const [pid, start] of this.pids) {
      try {
        // Only if it is still the process we started: a pid of ours may have been reused since.
        if (start !== null && startOf(pid) === start) process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    const running = this.running();
    // Node signals a child only while it has not reaped it, so this never hits a reused pid.
    for (const child of running) child.kill('SIGKILL');
    await Promise.all(running.map((child) => new Promise((resolve) => child.once('exit', resolve))));
    this.children.length = 0;
    this.pids.clear();
  }
}

/** Field 22 of /proc/PID/stat, straight from the kernel (not through the code under test). */
export function startOf(pid: number): number | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(text.slice(text.lastIndexOf(')') + 2).split(' ')[19]);
  } catch {
    return null;
  }
}
