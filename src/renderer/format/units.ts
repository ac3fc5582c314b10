/** Numbers as a person reads them from the back of a room. Pure; candidates for src/shared. */

const DASH = '–';

export function formatPercent(value: number | null | undefined): string {
  if (value === null || value === undefined) return DASH;
  return value >= 99.5 || value === 0 ? `${Math.round(value)}%` : `${value.toFixed(1)}%`;
}

export function formatMiB(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return DASH;
  const mib = bytes / 1024 / 1024;
  return mib >= 100 ? `${Math.round(mib)} MiB` : `${mib.toFixed(1)} MiB`;
}

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return DASH;
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return DASH;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.floor((ms % 60_000) / 1000);
  return minutes < 60 ? `${minutes} min ${seconds} s` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** Milliseconds with at most one decimal, as latencies are measured: "78 ms", "4.2 ms". */
export function formatMs(ms: number): string {
  return `${ms >= 100 ? Math.round(ms) : Math.round(ms * 10) / 10} ms`;
}

/** Local clock time: "14:03:27", or "14:03:27.042" with milliseconds. */
export function formatClock(epochMs: number | null | undefined, withMillis = false): string {
  if (epochMs === null || epochMs === undefined) return DASH;
  const date = new Date(epochMs);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  return withMillis ? `${time}.${pad(date.getMilliseconds(), 3)}` : time;
}

/** The one-letter state of /proc in words. */
export function describeProcessState(letter: string): string {
  switch (letter) {
    case 'R':
      return 'running';
    case 'S':
      return 'sleeping';
    case 'I':
      return 'idle';
    case 'D':
      return 'blocked';
    case 'T':
      return 'stopped';
    case 't':
      return 'traced';
    case 'Z':
      return 'zombie';
    case 'X':
      return 'exited';
    default:
      return 'unknown';
  }
}
