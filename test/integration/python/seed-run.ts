import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/** Runs the seeds' example programs with a plain interpreter (no lab, no shim) and watches them from /proc. */

export const EXAMPLES = join(__dirname, '..', '..', '..', 'resources', 'python', 'examples');

export interface Interpreter {
  /** "3.11.7": what the interpreter says it is. */
  version: string;
  path: string;
}

/** python3 from PATH, and the newest pyenv 3.12 and 3.13 where they exist. */
export function interpreters(): Interpreter[] {
  const paths = ['python3'];
  const pyenv = join(homedir(), '.pyenv', 'versions');
  for (const minor of ['3.12', '3.13']) {
    const newest = existsSync(pyenv)
      ? readdirSync(pyenv)
          .filter((name) => new RegExp(`^${minor.replace('.', '\\.')}\\.\\d+$`).test(name))
          .sort((a, b) => Number(a.split('.')[2]) - Number(b.split('.')[2]))
          .at(-1)
      : undefined;
    if (newest !== undefined) paths.push(join(pyenv, newest, 'bin', 'python3'));
  }
  return paths.map((path) => ({ path, version: execFileSync(path, ['-c', 'import platform; print(platform.python_version())'], { encoding: 'utf8' }).trim() }));
}

/** Every program under EXAMPLES, as "<seed-topic>/<nn>_<name>.py" (worker.py is a module, not a program). */
export function seedPrograms(): string[] {
  return readdirSync(EXAMPLES, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((topic) =>
      readdirSync(join(EXAMPLES, topic.name))
        .filter((name) => /^\d\d_.*\.py$/.test(name))
        .map((name) => `${topic.name}/${name}`),
    )
    .sort();
}

export interface SeedRun {
  stdout: string;
  stderr: string;
  /** null while it runs (a program that blocks by design is killed by the test once seen blocked). */
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The main process's pid, which its children report as their parent. */
  pid: number;
}

export interface RunOptions {
  /**
   * Each process's stdout is block-buffered, as Python makes it on a pipe: it arrives in one piece when the
   * process exits, so lines stay whole but their order across processes is lost (and a process killed by
   * a signal loses what it had not flushed). The default is unbuffered (PYTHONUNBUFFERED=1), so output
   * arrives as it is printed, as on a terminal, with prints of concurrent processes interleaved.
   */
  buffered?: boolean;
  /**
   * 'spawn': multiprocessing's start method is made spawn (as on macOS and Windows) by a sitecustomize on
   * PYTHONPATH, the program unchanged. By default Python picks: fork on Linux up to 3.13.
   */
  startMethod?: 'spawn';
  /** The environment to start from instead of this process's: the lab's shim variables, say. */
  env?: NodeJS.ProcessEnv;
}

const SPAWN_SITE = join(__dirname, '..', '..', 'fixtures', 'python-spawn');

interface Started {
  run: SeedRun;
  ended: Promise<void>;
}

function start(python: string, program: string, options: RunOptions): Started {
  const env: NodeJS.ProcessEnv = { ...(options.env ?? process.env), PYTHONDONTWRITEBYTECODE: '1', PYTHONIOENCODING: 'utf-8' };
  if (options.buffered === true) delete env['PYTHONUNBUFFERED'];
  else env['PYTHONUNBUFFERED'] = '1';
  if (options.startMethod === 'spawn') env['PYTHONPATH'] = [SPAWN_SITE, env['PYTHONPATH']].filter(Boolean).join(':');
  const path = join(EXAMPLES, program);
  // Its own process group, so that the whole tree (pool workers, a manager, an orphan) is killed at the end.
  const child = spawn(python, [path], { cwd: dirname(path), env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const run: SeedRun = { stdout: '', stderr: '', code: null, signal: null, pid: child.pid ?? -1 };
  child.stdout.setEncoding('utf8').on('data', (text: string) => (run.stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (run.stderr += text));
  const ended = new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    // 'close': exited and every stdio pipe closed, so output of children that outlive it is in too.
    child.once('close', (code, signal) => {
      run.code = code;
      run.signal = signal;
      resolve();
    });
  });
  return { run, ended };
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // The group is empty already.
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs a program that should end by itself; fails if it has not within timeoutMs. */
export async function runToExit(python: string, program: string, timeoutMs: number, options: RunOptions = {}): Promise<SeedRun> {
  const { run, ended } = start(python, program, options);
  try {
    const finished = await Promise.race([ended.then(() => true), sleep(timeoutMs).then(() => false)]);
    if (!finished) throw new Error(`${program} did not end within ${timeoutMs} ms; stdout so far:\n${run.stdout}\nstderr:\n${run.stderr}`);
    return run;
  } finally {
    killGroup(run.pid);
  }
}

interface GroupState {
  pids: string;
  /** utime + stime of every thread of every process in the group, in clock ticks. */
  ticks: number;
  output: number;
}

function groupState(pgid: number, run: SeedRun): GroupState {
  const pids: number[] = [];
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(`/proc/${entry}/stat`);
    // fields[0] is field 3 of proc(5), state; pgrp is field 5, utime and stime 14 and 15.
    if (fields === null || Number(fields[2]) !== pgid || fields[0] === 'Z') continue;
    pids.push(Number(entry));
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return { pids: pids.sort().join(','), ticks, output: run.stdout.length + run.stderr.length };
}

function statFields(path: string): string[] | null {
  try {
    const text = readFileSync(path, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** How long a program must stay still (no CPU, no output, the same processes) to count as blocked. */
const STILL_MS = 1500;

/**
 * Runs a program that blocks forever by design: waits until `reached(run)` holds (it printed what comes
 * before the block), then until the whole process group stays still for STILL_MS: no process uses any CPU
 * time, none starts or ends, nothing is printed. The program is then killed; the run says what it printed.
 * Fails if the program ends instead, or never goes still.
 */
export async function runUntilBlocked(python: string, program: string, reached: (run: SeedRun) => boolean, timeoutMs: number, options: RunOptions = {}): Promise<SeedRun> {
  const { run, ended } = start(python, program, options);
  let exited = false;
  ended.then(
    () => (exited = true),
    () => (exited = true),
  );
  const deadline = Date.now() + timeoutMs;
  try {
    while (!reached(run)) {
      if (exited) throw new Error(`${program} ended (code ${run.code}) before reaching its block; stdout:\n${run.stdout}\nstderr:\n${run.stderr}`);
      if (Date.now() > deadline) throw new Error(`${program} did not reach its block within ${timeoutMs} ms; stdout:\n${run.stdout}`);
      await sleep(50);
    }
    for (let before = groupState(run.pid, run); ; ) {
      await sleep(STILL_MS);
      const after = groupState(run.pid, run);
      if (exited) throw new Error(`${program} ended (code ${run.code}) instead of blocking; stdout:\n${run.stdout}\nstderr:\n${run.stderr}`);
      if (after.pids === before.pids && after.ticks === before.ticks && after.output === before.output) return { ...run };
      if (Date.now() > deadline) throw new Error(`${program} never stayed still for ${STILL_MS} ms within ${timeoutMs} ms; stdout:\n${run.stdout}`);
      before = after;
    }
  } finally {
    killGroup(run.pid);
  }
}
