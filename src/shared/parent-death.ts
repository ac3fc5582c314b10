import { shellQuote } from './shell';

/**
 * How a process the lab starts is made to die with the process that started it, on Linux: a parent-death
 * signal (prctl PR_SET_PDEATHSIG), armed by util-linux's `setpriv --pdeathsig`, which then execs the
 * program, so the pid stays the program's and the tree shows the program. The kernel sends SIGKILL when the
 * *thread* that started the process exits, whatever ended it (a crash, SIGKILL, the OOM killer): so every
 * child the host starts is started from the host's main thread. A stopped or busy process dies too, which
 * is what no pipe or channel watched by the child itself can promise.
 *
 * `setpriv` is the path of the program, or null where there is none (macOS, Windows, a Linux without
 * util-linux): then the argv is left as it is.
 */
export function withParentDeathSignal(setpriv: string | null, argv: readonly string[]): string[] {
  return setpriv === null ? [...argv] : [setpriv, '--pdeathsig', 'KILL', '--', ...argv];
}

/**
 * Run by the shell between setpriv and a program that cannot check its parent itself (a command line): the
 * parent may have died before the signal was armed, and then no signal will ever come. So, once armed, the
 * shell checks that its parent is still the one that started it, and only then execs the program (same pid).
 */
const RUN_IF_PARENT_IS = '[ "$PPID" = "$1" ] || exit 125; shift; exec "$@"';

export function withCheckedParentDeathSignal(setpriv: string | null, parentPid: number, argv: readonly string[], shell = '/bin/sh'): string[] {
  if (setpriv === null) return [...argv];
  return withParentDeathSignal(setpriv, [shell, '-c', RUN_IF_PARENT_IS, 'lab-guard', String(parentPid), ...argv]);
}

/**
 * The command line an `exec` worker's shell runs: the node below the shell gets its own parent-death signal,
 * so it ends with its shell (the shell is the worker's pid; the node is the worker's body).
 */
export function execCommandLine(setpriv: string | null, nodeArgv: readonly string[]): string {
  return withParentDeathSignal(setpriv, nodeArgv).map(shellQuote).join(' ');
}

/**
 * An `exec` worker's shell reports a child killed by signal N as exit status 128 + N. Read back, that is
 * signal N, unless the worker said it exited with that very code (process.exit(134) and SIGABRT look the
 * same to the shell). Null when the status is not a signal's.
 */
export function signalFromShellStatus(
  code: number | null,
  announcedCode: number | null,
  signalNumbers: Readonly<Record<string, number>>,
): string | null {
  if (code === null || code <= 128 || code === announcedCode) return null;
  const number = code - 128;
  return Object.keys(signalNumbers).find((name) => signalNumbers[name] === number && name.startsWith('SIG')) ?? null;
}
