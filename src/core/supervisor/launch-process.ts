import { fork, spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { asNodeEnvironment, shellQuote, splitCommandLine } from '../../shared/shell';
import type { ProcessMethod } from '../../shared/worker';
import { WORKER_SPEC_ENV, type WorkerSpec } from '../../shared/worker-wire';
import type { Clock } from '../clock';
import { StderrTail, type LaunchCallbacks, type Launched, type StdioCounts } from './launched';
import { WorkerMessageReader } from './worker-message-reader';

export interface ProcessLaunch {
  readonly method: ProcessMethod;
  /** For `command`: the command line. For the others, the worker entry runs `spec.task`. */
  readonly command: string | null;
  readonly spec: WorkerSpec;
  /** Its own session and process group, no pipes to the host: it may outlive the lab. */
  readonly detached: boolean;
}

/** Starts a process worker with fork, spawn, exec or a plain command line. */
export function launchProcess(launch: ProcessLaunch, clock: Clock, callbacks: LaunchCallbacks): Launched {
  const requested = clock.monotonic();
  const stdio: StdioCounts = { stdoutBytes: 0, stderrBytes: 0 };
  const stderr = new StderrTail();
  const reader = new WorkerMessageReader(callbacks, () => clock.monotonic() - requested);
  let child: ChildProcess;
  try {
    child = start(launch);
  } catch (error) {
    callbacks.failed(errorText(error, launch));
    return gone(stdio);
  }
  let ended = false;

  child.once('spawn', () => {
    callbacks.spawned(child.pid ?? 0, process.pid);
    // A command line cannot say "ready"; for it, being spawned is all the readiness there is.
    if (launch.method === 'command') reader.ready({ type: 'ready', pid: child.pid ?? 0, tid: null });
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
  child.once('exit', (code, signal) => {
    if (ended) return;
    ended = true;
    // stderr may still hold the last words (an uncaught error): wait briefly for the pipes to close,
    // but not for grandchildren that inherited them and live on.
    let reported = false;
    const finish = () => {
      if (reported) return;
      reported = true;
      cancel();
      callbacks.exited({ code, signal, detail: exitDetail(code, signal, stderr) });
    };
    const cancel = clock.setTimeout(finish, 100);
    child.once('close', finish);
  });
  if (launch.detached) child.unref();

  const send = (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return false;
    try {
      return process.kill(child.pid, signal);
    } catch {
      return false;
    }
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

function noop(): void {}

function start(launch: ProcessLaunch): ChildProcess {
  const { spec, detached } = launch;
  const env = asNodeEnvironment({ ...process.env, [WORKER_SPEC_ENV]: JSON.stringify(spec) }, process.versions.electron !== undefined);
  const marker = `--lab-worker=${spec.workerId}`;
  // A detached worker must not hold pipes to the host: it would be killed by SIGPIPE once the lab is gone.
  const pipes: StdioOptions = detached ? 'ignore' : 'pipe';
  switch (launch.method) {
    case 'fork':
      return fork(spec.entries.process, [marker], {
        env,
        detached,
        stdio: detached ? ['ignore', 'ignore', 'ignore', 'ipc'] : ['pipe', 'pipe', 'pipe', 'ipc'],
        serialization: 'json',
        // The worker entry is built JavaScript: the host's own flags (--inspect, a TypeScript loader) would
        // only slow it down or, for --inspect, make it fail on a port already taken.
        execArgv: [],
      });
    case 'spawn':
      return spawn(process.execPath, [spec.entries.process, marker], { env, detached, stdio: pipes });
    case 'exec':
      // What child_process.exec does (a shell runs the line), without its buffering: exec keeps every byte
      // a child prints until it exits, which a worker printing in a loop would grow without bound.
      return spawn(`${shellQuote(process.execPath)} ${shellQuote(spec.entries.process)} ${marker}`, { env, shell: true, stdio: 'pipe' });
    case 'command': {
      const argv = splitCommandLine(launch.command ?? '');
      if (!argv.ok) throw new Error(argv.error);
      const [file, ...args] = argv.argv;
      return spawn(file!, args, { env: process.env, detached, stdio: pipes });
    }
  }
}

function errorText(error: unknown, launch: ProcessLaunch): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' && launch.method === 'command') return `command not found: ${splitFirst(launch.command)}`;
  if (code === 'EACCES' && launch.method === 'command') return `permission denied: ${splitFirst(launch.command)}`;
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
    signal: () => false,
    requestStop: noop,
    post: noop,
  };
}
