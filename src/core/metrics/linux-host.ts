import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseBootTime } from './proc-stat';

/** Constants of this Linux machine, read once: clock ticks per second, page size, boot time. */
export interface LinuxHost {
  readonly clockTicks: number;
  readonly pageSize: number;
  readonly bootTimeMs: number;
}

export function readLinuxHost(): LinuxHost {
  return {
    clockTicks: getconf('CLK_TCK') ?? 100,
    pageSize: getconf('PAGESIZE') ?? 4096,
    bootTimeMs: (parseBootTime(readFileSync('/proc/stat', 'latin1')) ?? 0) * 1000,
  };
}

/** Once per lab, at construction: never per sample. */
function getconf(name: string): number | null {
  try {
    const value = Number(execFileSync('getconf', [name], { encoding: 'utf8', timeout: 2000 }).trim());
    return Number.isFinite(value) && value > 0 ? value : null;
  } catch {
    return null;
  }
}
