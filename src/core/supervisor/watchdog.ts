import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../clock';
import type { ProcessIdentity } from '../metrics/types';
import { parseStat } from '../metrics/proc-stat';
import { WATCHDOG_SCRIPT } from './watchdog-script';

/** How long the stop waits for the watchdog's last sweep (a look at /proc in a shell: tens of ms). */
const RELEASE_WAIT_MS = 1000;
/** A watchdog that keeps dying is not started again past this many times: something is wrong with the shell. */
const MAX_RESTARTS = 5;
/** The name of the lab's mark in the environment of its processes. */
export const LAB_MARK = 'CONCURRENCY_LAB_HOST';
/** What its command line says it is, in the tree and in `ps`. */
export const WATCHDOG_NAME = 'concurrency-lab-watchdog';

/**
 * Ends what must end with the lab when the lab's host is killed outright (SIGKILL, a crash, the OOM killer),
 * where nothing below it can be counted on to notice: a stopped process runs no handler and reads no
 * lifeline, a non-daemon grandchild has no parent-death signal (it must outlive its parent), and a Python
 * program's children will watch nothing at all and lose any parent-death signal when they fork.
 *
 * A small child of the host (a POSIX shell running watchdog-script.ts; 1 MB, no CPU while it waits) holds the
 * other end of a socket that only the host holds: when the host is gone it reads end-of-file, and kills,
 * with SIGKILL, the processes the host last published to it (the sampler's `boundProcesses`: a worker's, not
 * detached, in the lab's session, each by pid and start) and what they started since. The host publishes
 * after each sample, and only when the set changed: a write and a rename of a file in a private directory.
 * Published, not discovered at the end, because at the end the tree is gone: an orphan's parent is init.
 * What was born since the last sample is found by a mark instead: every process of the lab that is not
 * detached gets `CONCURRENCY_LAB_HOST=<host pid>.<host start>` in its environment (`mark`, put there by the
 * supervisor; a thread worker's own copy of the environment has it too), and whatever it starts inherits it,
 * unless a program clears its children's environment; the host's own children, detached workers and the
 * watchdog never have it. The kernel keeps each process's environment as it was at exec, which the watchdog
 * reads at the end (/proc/PID/environ).
 *
 * Linux only (it reads /proc). When the lab stops in good order it publishes what is left and lets the
 * watchdog go: it sweeps that and exits.
 */
export class Watchdog {
  private child: ChildProcess | null = null;
  private published = '';
  private restarts = 0;
  private released = false;

  /** The lab's mark, for the environment of every process of the lab's that is not detached. */
  readonly mark: Readonly<Record<string, string>>;

  private constructor(
    private readonly shell: string,
    private readonly session: number,
    hostStart: number,
    private readonly dir: string,
  ) {
    this.mark = { [LAB_MARK]: `${process.pid}.${hostStart}` };
  }

  /** Null where there is no /proc to read, or the watchdog cannot be started. */
  static start(shell: string): Watchdog | null {
    if (process.platform !== 'linux') return null;
    let stat: ReturnType<typeof parseStat>;
    try {
      stat = parseStat(readFileSync('/proc/self/stat', 'utf8'));
    } catch {
      return null;
    }
    if (stat === null) return null;
    const watchdog = new Watchdog(shell, stat.session, stat.start, mkdtempSync(join(tmpdir(), 'concurrency-lab-')));
    watchdog.launch();
    return watchdog;
  }

  private get list(): string {
    return join(this.dir, 'bound');
  }

  /** What must end with the lab, now. Written only when it changed since the last time. */
  publish(bound: readonly ProcessIdentity[]): void {
    if (this.released) return;
    const text = bound.map(({ pid, start }) => `${pid} ${start}\n`).join('');
    if (text === this.published) return;
    try {
      // Whole or not at all: the watchdog may read it at any moment.
      writeFileSync(`${this.list}.next`, text);
      renameSync(`${this.list}.next`, this.list);
      this.published = text;
    } catch {
      // Disk full, say: the last list stands, and the next sample tries again.
    }
  }

  /**
   * The lab has stopped: the watchdog ends what is left of the last list, removes it, and exits. Resolves when
   * it has, so that nothing of the lab's is left once the lab says it has stopped (or after a while, whatever).
   */
  release(clock: Clock): Promise<void> {
    if (this.released) return Promise.resolve();
    this.released = true;
    const child = this.child;
    if (child === null || child.exitCode !== null || child.signalCode !== null) {
      rmSync(this.dir, { recursive: true, force: true });
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const cancel = clock.setTimeout(resolve, RELEASE_WAIT_MS);
      child.once('exit', () => {
        cancel();
        resolve();
      });
      child.stdin?.end();
    });
  }

  private launch(): void {
    const mark = Object.entries(this.mark).map(([name, value]) => `${name}=${value}`)[0]!;
    const child = spawn(this.shell, ['-c', 'eval "$LAB_WATCHDOG"', WATCHDOG_NAME, this.list, String(this.session), mark], {
      // Only builtins and rm, from the system's own directories (never a relative PATH entry).
      env: { LAB_WATCHDOG: WATCHDOG_SCRIPT, PATH: '/usr/bin:/bin' },
      // Its command line, in the tree and in ps, starts with what it is rather than with "/bin/sh -c eval".
      argv0: WATCHDOG_NAME,
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    this.child = child;
    child.on('error', () => undefined);
    child.stdin?.on('error', () => undefined);
    // The host's lifetime is the lab's business, not its watchdog's.
    (child.stdin as Socket | null)?.unref();
    child.unref();
    child.once('exit', () => {
      if (this.released || ++this.restarts > MAX_RESTARTS) return;
      this.launch();
    });
  }
}
