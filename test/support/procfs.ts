import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Facts about a process straight from /proc (the kernel's word, not the lab's). */
export function procStat(pid: number): { ppid: number; pgrp: number; session: number; state: string } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0]!, ppid: Number(fields[1]), pgrp: Number(fields[2]), session: Number(fields[3]) };
  } catch {
    return null;
  }
}

export function isRunning(pid: number): boolean {
  const stat = procStat(pid);
  return stat !== null && stat.state !== 'Z' && stat.state !== 'X';
}

export function threadIds(pid: number): number[] {
  return execFileSync('ls', [`/proc/${pid}/task`], { encoding: 'utf8' }).trim().split('\n').map(Number);
}

/** `ps` as a second opinion: pid -> ppid for every process on the machine. */
export function psParents(): Map<number, number> {
  const out = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' });
  return new Map(
    out
      .trim()
      .split('\n')
      .map((line) => line.trim().split(/\s+/).map(Number) as [number, number]),
  );
}

export function psCommands(): Map<number, string> {
  const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return new Map(
    out
      .trim()
      .split('\n')
      .map((line) => {
        const trimmed = line.trim();
        const space = trimmed.indexOf(' ');
        return [Number(trimmed.slice(0, space)), trimmed.slice(space + 1)] as [number, string];
      }),
  );
}
