import { closeSync, openSync, readSync } from 'node:fs';
import { emptyStatFields, parseStatInto, type StatFields } from './proc-stat';

/** A stat line is a few hundred bytes; comm is at most 64 bytes of it. */
const STAT_BYTES = 4096;

/**
 * Reads /proc stat files (a process's or a thread's) through descriptors kept open, with a pread at
 * offset 0 into one reused buffer, parsed into one reused record: the cheapest way Node has to look at a
 * process again and again (about the cost of the read syscall itself).
 *
 * A descriptor opened on /proc/PID/stat stays bound to that process: once it has exited and been reaped,
 * reads fail with ESRCH even if the PID now belongs to someone else. So a cached descriptor names one
 * (pid, start), and a failed read means "gone".
 */
export class StatFileReader {
  private readonly buffer = Buffer.alloc(STAT_BYTES);
  /** The last successful read. Overwritten by the next one: copy what must outlive it. */
  readonly fields: StatFields = emptyStatFields();

  /** The descriptor, or null when the file cannot be opened (gone, or out of descriptors: try later). */
  open(path: string): number | null {
    try {
      return openSync(path, 'r');
    } catch {
      return null;
    }
  }

  /**
   * True and `fields` filled, or false when the process or thread is gone (ESRCH, empty read).
   * `knownComm`, the name it had last time, spares decoding the name again when it has not changed.
   */
  read(fd: number, knownComm = ''): boolean {
    let length: number;
    try {
      length = readSync(fd, this.buffer, 0, STAT_BYTES, 0);
    } catch {
      return false;
    }
    return length > 0 && parseStatInto(this.buffer, length, this.fields, knownComm);
  }

  close(fd: number): void {
    try {
      closeSync(fd);
    } catch {
      // Already closed: nothing to release.
    }
  }
}
