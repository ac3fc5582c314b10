import { readFileSync } from 'node:fs';
import type { ProcessOwner } from './types';

/**
 * The host's threads that belong to workers (thread workers), and the children each has started itself. Linux
 * keeps a process's children per thread (/proc/PID/task/TID/children), so a child that a user's script
 * started from a thread worker is told from one that Electron, say, started from another thread of the host.
 */
export class ThreadOwners {
  private readonly threads = new Map<number, ProcessOwner>();

  constructor(private readonly rootPid: number) {}

  set(tid: number, owner: ProcessOwner | null): void {
    if (owner === null) this.threads.delete(tid);
    else this.threads.set(tid, owner);
  }

  /**
   * Who started each of the root's children, for the threads that belong to workers; read once per call, only
   * when the root has new children to place.
   */
  childrenNow(): Map<number, ProcessOwner> {
    const found = new Map<number, ProcessOwner>();
    for (const [tid, owner] of this.threads) {
      let text: string;
      try {
        text = readFileSync(`/proc/${this.rootPid}/task/${tid}/children`, 'utf8');
      } catch {
        continue; // the thread has ended
      }
      for (const word of text.split(' ')) if (word !== '') found.set(Number(word), owner);
    }
    return found;
  }
}
