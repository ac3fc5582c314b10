import { closeSync, openSync, readSync } from 'node:fs';

const MARK = '\nprocesses ';

/**
 * The kernel's count of forks since boot (the `processes` line of /proc/stat), read through one cached
 * descriptor. A new pid can only appear through a fork (threads included), so while the count stands
 * still, listing /proc again can find nothing new and no pid can have been reused: the process sampler
 * skips its listing, the largest cost it has besides the reads themselves.
 */
export class ForkCounter {
  private fd: number | null = openOrNull('/proc/stat');
  // The line comes after one `intr` line with a counter per interrupt: a few KB, more on big machines.
  private buffer = Buffer.alloc(16 * 1024);

  /** Forks since boot, or null when it cannot be read (then the caller lists every time). */
  read(): number | null {
    if (this.fd === null) return null;
    try {
      for (;;) {
        const length = readSync(this.fd, this.buffer, 0, this.buffer.length, 0);
        const count = parseForkCount(this.buffer, length);
        if (count !== null || length < this.buffer.length) return count;
        this.buffer = Buffer.alloc(this.buffer.length * 2);
      }
    } catch {
      return null;
    }
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

/** The number on the `processes` line within the first `length` bytes of /proc/stat text, or null. */
export function parseForkCount(bytes: Buffer, length: number): number | null {
  const at = bytes.indexOf(MARK, 0, 'latin1');
  if (at < 0 || at + MARK.length >= length) return null;
  let count = 0;
  let i = at + MARK.length;
  for (; i < length; i++) {
    const byte = bytes[i]!;
    if (byte < 0x30 || byte > 0x39) break;
    count = count * 10 + (byte - 0x30);
  }
  // A number cut off by the end of the read is not the count.
  return i < length ? count : null;
}

function openOrNull(path: string): number | null {
  try {
    return openSync(path, 'r');
  } catch {
    return null;
  }
}
