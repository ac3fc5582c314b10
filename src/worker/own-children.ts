import { readFileSync } from 'node:fs';
import { nativeThreadId } from './native-thread-id';

/** How often a thread that is done looks again whether the processes it started are gone. */
const LOOK_EVERY_MS = 50;

/**
 * Resolves once the calling thread has no child process left: each exited and reaped. Node reaps a child
 * only from the event loop of the thread that started it, so a thread worker whose user's script started
 * processes and returned must live until they have exited, or each would stay a zombie of the host for the
 * host's lifetime. Linux keeps the children per thread (/proc/PID/task/TID/children, zombies included until
 * reaped); elsewhere the thread's own handles on them are what is left to go by (an unref'd child is not
 * among them).
 */
export async function ownChildrenGone(): Promise<void> {
  const tid = nativeThreadId();
  const left = tid === null ? handlesLeft : () => childrenLeft(tid);
  // A timer keeps the loop turning: reaping happens in it, when SIGCHLD comes.
  while (left()) await new Promise((resolve) => setTimeout(resolve, LOOK_EVERY_MS));
}

function childrenLeft(tid: number): boolean {
  try {
    return readFileSync(`/proc/${process.pid}/task/${tid}/children`, 'utf8').trim() !== '';
  } catch {
    return false; // no per-thread list here (a kernel without it): nothing more to go by
  }
}

function handlesLeft(): boolean {
  return process.getActiveResourcesInfo().includes('ProcessWrap');
}
