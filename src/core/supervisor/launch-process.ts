import type { ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import { signalFromShellStatus } from '../../shared/parent-death';
import { splitCommandLine } from '../../shared/shell';
import type { Cancel, Clock } from '../clock';
import { StderrTail, type LaunchCallbacks, type Launched, type StdioCounts, type WorkerExitFacts } from './launched';
import { childrenOf, sendSignal } from './signals';
import { holdLifeline, lifelineOf, startChild, type ChildLaunch } from './start-child';
import { WorkerMessageReader } from './worker-message-reader';

export interface ProcessLaunch extends ChildLaunch {
  readonly signalNumbers: Readonly<Record<string, number>>;
}

/** After a worker exits, how long its last words on stdout and stderr may take to arrive. */
const LAST_WORDS_MS = 100;

/** Starts a process worker with fork, spawn, exec or a plain command line. */
export function launchProcess(launch: ProcessLaunch, clock: Clock, callbacks: LaunchCallbacks): Launched {
  const requested = clock.monotonic();
  const stdio: StdioCounts = { stdoutBytes: 0, stderrBytes: 0 };
  const stderr = new StderrTail();
  let announcedCode: number | null = null;
  const reader = new WorkerMessageReader(
    {
      ready: callbacks.ready,
      rejected: callbacks.rejected,
      ...(callbacks.output === undefined ? {} : { output: callbacks.output }),
      message: (message) => {
        if (message.type === 'exiting') announcedCode = message.code;
        else callbacks.message(message);
      },
    },
    () => clock.monotonic() - requested,
  );
  let child: ChildProcess;
  try {
    child = startChild(launch);
  } catch (error) {
    callbacks.failed(errorText(error, launch));
    return gone(stdio);
  }
  let ended = false;
  // A command line cannot say "ready", and neither can a detached spawn or exec worker (no pipe to say it
  // on): for them, being spawned is all the readiness there is.
  const mute = launch.method === 'command' || (launch.detached && launch.method !== 'fork');

  child.once('spawn', () => {
    callbacks.spawned(child.pid ?? 0, process.pid);
    if (mute) reader.ready({ type: 'ready', pid: child.pid ?? 0, tid: null });
  });
  child.once('error', (error) => {
    if (ended) return;
    ended = true;
    callbacks.failed(errorText(error, launch));
  });
  child.on('message', (raw: unknown) => reader.accept(raw));
  child.stdout?.on('data', (chunk: Buffer) => {
    stdio.stdoutBytes += chunk.length;
    // spawn and exec workers talk to the host in lines on stdout: the reader passes the rest on as output.
    if (launch.method === 'spawn' || launch.method === 'exec') reader.acceptLines(chunk);
    else callbacks.output?.('stdout', chunk);
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stdio.stderrBytes += chunk.length;
    stderr.push(chunk);
    callbacks.output?.('stderr', chunk);
  });
  holdLifeline(lifelineOf(child));
  child.once('exit', (code, signal) => {
    if (ended) return;
    ended = true;
    // The exit may be noticed before what the worker said just before it has been read: its "ready" (on
    // the IPC channel or stdout: a worker that ends at once would read as a failed start), stderr's last
    // words (an uncaught error), stdout's "exiting". Wait for every channel to close, but not for ever:
    // grandchildren that inherited stdout or stderr may live on.
    let reported = false;
    let cancel: Cancel = () => undefined;
    const finish = () => {
      if (reported) return;
      reported = true;
      cancel();
      callbacks.exited(exitFacts(launch, code, signal, announcedCode, stderr));
    };
    cancel = afterLastWords(clock, finish);
    whenClosed([child.stdout, child.stderr], () => whenDisconnected(child, finish));
  });
  if (launch.detached) child.unref();

  /**
   * Who gets a signal: the worker's process; for `exec`, the node below the shell (the worker's body, found
   * through the kernel, never from what it said), so that a task's own handlers see the signal, as with
   * fork and spawn. The shell then reports 128 + N, which reads back as signal N.
   */
  const targets = (pid: number): number[] => {
    if (launch.method !== 'exec') return [pid];
    const body = childrenOf(pid);
    return body.length > 0 ? body : [pid];
  };
  const send = (signal: NodeJS.Signals): number[] => {
    const pid = child.pid;
    if (child.exitCode !== null || child.signalCode !== null || pid === undefined) return [];
    return targets(pid).filter((target) => sendSignal(target, signal));
  };
  return {
    get pid() {
      return child.pid ?? null;
    },
    stdio,
    terminate: () => void send('SIGTERM'),
    kill: () => void send('SIGKILL'),
    signal: send,
    requestStop: () => void send('SIGTERM'),
    post: (message) => {
      // A worker that died between the check and the send: the error goes to the callback, not 'error'.
      if (child.connected) child.send(message, undefined, undefined, () => undefined);
    },
  };
}

/**
 * Calls `then` LAST_WORDS_MS after the exit, and one turn of the loop later: a host whose loop was busy past
 * the deadline (launching other workers) runs its timers before it reads its pipes, so what was already in
 * them is read first.
 */
function afterLastWords(clock: Clock, then: () => void): Cancel {
  let cancelTurn: Cancel = () => undefined;
  const cancelDeadline = clock.setTimeout(() => (cancelTurn = clock.setTimeout(then, 0)), LAST_WORDS_MS);
  return () => {
    cancelDeadline();
    cancelTurn();
  };
}

/** The IPC channel is read to its end (no grandchild holds it): every message it carried has been handled. */
function whenDisconnected(child: ChildProcess, then: () => void): void {
  if (child.connected) child.once('disconnect', then);
  else then();
}

function whenClosed(streams: ReadonlyArray<Readable | null>, then: () => void): void {
  const open = streams.filter((stream): stream is Readable => stream !== null && !stream.closed);
  let left = open.length;
  if (left === 0) return then();
  for (const stream of open) stream.once('close', () => --left === 0 && then());
}

function exitFacts(
  launch: ProcessLaunch,
  code: number | null,
  signal: NodeJS.Signals | null,
  announcedCode: number | null,
  stderr: StderrTail,
): WorkerExitFacts {
  const shellSignal = launch.method === 'exec' && signal === null ? signalFromShellStatus(code, announcedCode, launch.signalNumbers) : null;
  if (shellSignal !== null) return { code, signal: shellSignal as NodeJS.Signals, detail: `killed by ${shellSignal} (its shell reported exit status ${code})` };
  return { code, signal, detail: exitDetail(code, signal, stderr) };
}

function noop(): void {}

function errorText(error: unknown, launch: ChildLaunch): string {
  const code = (error as NodeJS.ErrnoException).code;
  const program = launch.program?.argv[0] ?? splitFirst(launch.command);
  if (code === 'ENOENT' && launch.method === 'command') return `${launch.program === undefined ? 'command' : 'interpreter'} not found: ${program}`;
  if (code === 'EACCES' && launch.method === 'command') return `permission denied: ${program}`;
  return error instanceof Error ? error.message : String(error);
}

function splitFirst(command: string | null): string {
  const argv = splitCommandLine(command ?? '');
  return argv.ok ? argv.argv[0]! : (command ?? '');
}

function exitDetail(code: number | null, signal: NodeJS.Signals | null, stderr: StderrTail): string | null {
  if (signal !== null) return `killed by ${signal}`;
  if (code === 0) return null;
  return stderr.summary();
}

function gone(stdio: StdioCounts): Launched {
  return {
    pid: null,
    stdio,
    terminate: noop,
    kill: noop,
    signal: () => [],
    requestStop: noop,
    post: noop,
  };
}
