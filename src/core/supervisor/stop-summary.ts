/** What stopping the lab did, for the shell to say when it exits. */
export interface StopSummary {
  /** Non-daemon workers that ended within the grace period once asked (SIGTERM, or a thread's stop). */
  readonly endedWhenAsked: number;
  /** Non-daemon workers still running when the grace period ran out: ended with SIGKILL. */
  readonly escalated: number;
  /** Daemon workers, ended at once (SIGKILL, or terminate() for a thread), as Python ends them. */
  readonly daemonsKilled: number;
  /** Other processes below the lab (orphaned grandchildren, a thread's children) that it ended. */
  readonly otherProcesses: number;
  /** Workers whose end had not been reported when the lab gave up waiting (a process stuck in the kernel). */
  readonly unconfirmed: readonly string[];
  /** Detached workers, left running on purpose. */
  readonly leftRunning: ReadonlyArray<{ readonly name: string; readonly pid: number }>;
  readonly graceMs: number;
  readonly tookMs: number;
}

/** A few plain lines: what the lab ended, how, and what it left running (how long it took is the shell's to say). */
export function describeStop(summary: StopSummary): string[] {
  const { endedWhenAsked, escalated, daemonsKilled, otherProcesses, unconfirmed, leftRunning } = summary;
  const workers = endedWhenAsked + escalated + daemonsKilled;
  const lines: string[] = [];
  if (workers === 0 && otherProcesses === 0) {
    lines.push('No workers were running.');
  } else {
    const how = [
      endedWhenAsked > 0 && `${endedWhenAsked} ended when asked`,
      escalated > 0 && `${escalated} escalated to SIGKILL after the ${summary.graceMs} ms grace period`,
      daemonsKilled > 0 && `${daemonsKilled} ${daemonsKilled === 1 ? 'daemon' : 'daemons'} killed at once`,
    ].filter((part): part is string => part !== false);
    const others = otherProcesses > 0 ? `; ${count(otherProcesses, 'other process', 'other processes')} below the lab ended too` : '';
    lines.push(`Ended ${count(workers, 'worker', 'workers')}${how.length > 0 ? `: ${how.join(', ')}` : ''}${others}.`);
  }
  if (unconfirmed.length > 0) lines.push(`Not seen to exit (still in the kernel's hands): ${unconfirmed.join(', ')}.`);
  if (leftRunning.length > 0) {
    lines.push(`Left running (detached): ${leftRunning.map((worker) => `${worker.name} (pid ${worker.pid})`).join(', ')}.`);
  }
  return lines;
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
