import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseBootTime } from './cpu-times';

/** Constants of this Linux machine, read once: clock ticks per second, page size, boot time. */
export interface LinuxHost {
  readonly clockTicks: number;
  readonly pageSize: number;
  readonly bootTimeMs: number;
}

/**
 * Node exposes neither sysconf(_SC_CLK_TCK) nor the page size, so `getconf` runs once per sampler, at
 * construction (never per sample). 100 and 4096 are what nearly every Linux build uses.
 */
export function readLinuxHost(): LinuxHost {
  // Constants of the machine, so every sampler of this process shares one reading.
  cached ??= {
    clockTicks: getconf('CLK_TCK') ?? 100,
    pageSize: getconf('PAGESIZE') ?? 4096,
    bootTimeMs: (parseBootTime(readFileSync('/proc/stat', 'latin1')) ?? 0) * 1000,
  };
  return cached;
}

let cached: LinuxHost | null = null;

function getconf(name: string): number | null {
  try {
    const value = Number(execFileSync('getconf', [name], { encoding: 'utf8', timeout: 2000, stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    return Number.isFinite(value) && value > 0 ? value : null;
  } catch {
    return null;
  }
}
