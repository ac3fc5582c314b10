import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { PythonInterpreter } from '../../shared/protocol';

/** How long one interpreter may take to say its version (a pyenv shim starts a shell first). */
export const PROBE_TIMEOUT_MS = 5_000;
/** Interpreters probed at once: each is a process start, on a machine the lab shares with its workers. */
const PROBES_AT_ONCE = 4;
/** python3, python3.12, python3.13t (free-threaded): the names the Start dialog offers. */
const PYTHON_NAME = /^python3(\.\d{1,2}t?)?$/;

/** What a candidate prints: its version, whether the GIL is off in its build, and the executable it really is. */
const PROBE = "import sys,sysconfig;print(sys.version.split()[0]);print(1 if sysconfig.get_config_var('Py_GIL_DISABLED') else 0);print(sys.executable)";

/** The names to try: every python3.X on PATH, and each pyenv version's python3 (and python3.Xt). */
export function candidates(path = process.env.PATH ?? '', pyenvRoot = process.env.PYENV_ROOT ?? join(homedir(), '.pyenv')): string[] {
  const found = new Set<string>(['python3']);
  for (const directory of path.split(delimiter)) {
    for (const name of namesIn(directory)) if (PYTHON_NAME.test(name)) found.add(name);
  }
  const versions = join(pyenvRoot, 'versions');
  for (const version of namesIn(versions)) {
    const bin = join(versions, version, 'bin');
    for (const name of namesIn(bin)) if (PYTHON_NAME.test(name) && (name === 'python3' || name.endsWith('t'))) found.add(join(bin, name));
  }
  return [...found];
}

function namesIn(directory: string): string[] {
  try {
    return readdirSync(directory);
  } catch {
    return [];
  }
}

/** One candidate's version, or null when it does not run, is not Python 3, or takes too long. */
export function probe(interpreter: string, timeoutMs = PROBE_TIMEOUT_MS, labEnvironment: Readonly<Record<string, string>> = {}): Promise<(PythonInterpreter & { executable: string }) | null> {
  // The lab's mark (the watchdog's LAB_MARK) goes in the probe's environment: a pyenv shim is a shell that
  // starts more shells, and if the lab is killed mid-probe the watchdog must find and end them too.
  const env = { ...process.env, ...labEnvironment };
  return new Promise((resolve) => {
    execFile(interpreter, ['-I', '-c', PROBE], { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 * 1024, env }, (error, stdout) => {
      const [version, noGil, executable] = String(stdout).trim().split('\n');
      if (error !== null || version === undefined || !/^3\.\d+\.\d+/.test(version) || executable === undefined) return resolve(null);
      const freeThreaded = noGil === '1';
      const name = interpreter.includes('/') ? `python${version.split('.').slice(0, 2).join('.')}${freeThreaded ? 't' : ''}` : interpreter;
      resolve({ interpreter, label: `${name} (${version}${freeThreaded ? ', free-threaded' : ''})`, version, freeThreaded, executable });
    });
  });
}

/**
 * Every Python 3 interpreter found, once per executable (a pyenv shim and the version it runs are one),
 * `python3` first, then by version. Probed a few at a time, each bounded by its timeout.
 */
export async function discoverInterpreters(names: readonly string[] = candidates(), labEnvironment: Readonly<Record<string, string>> = {}): Promise<PythonInterpreter[]> {
  const found: Array<PythonInterpreter & { executable: string }> = [];
  const queue = [...names];
  const work = async () => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      const probed = await probe(next, PROBE_TIMEOUT_MS, labEnvironment);
      if (probed !== null) found.push(probed);
    }
  };
  await Promise.all(Array.from({ length: PROBES_AT_ONCE }, work));
  const order = (name: string) => names.indexOf(name);
  found.sort((a, b) => Number(b.interpreter === 'python3') - Number(a.interpreter === 'python3') || compareVersions(a.version, b.version) || order(a.interpreter) - order(b.interpreter));
  const seen = new Set<string>();
  const unique: PythonInterpreter[] = [];
  for (const { executable, ...interpreter } of found) {
    // python3 stays even when it is also python3.11: it is the default a person expects to see.
    if (interpreter.interpreter !== 'python3' && seen.has(executable)) continue;
    seen.add(executable);
    unique.push(interpreter);
  }
  return unique;
}

function compareVersions(a: string, b: string): number {
  const [x, y] = [a, b].map((version) => version.split('.').map(Number));
  for (let index = 0; index < 3; index++) {
    const difference = (x![index] ?? 0) - (y![index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

let cached: Promise<PythonInterpreter[]> | null = null;

/**
 * Discovered once per host process (a new interpreter installed while the lab runs shows after a restart),
 * its probes marked with the lab's environment (see probe).
 */
export function interpreters(labEnvironment: Readonly<Record<string, string>> = {}): Promise<PythonInterpreter[]> {
  cached ??= discoverInterpreters(candidates(), labEnvironment).catch(() => []);
  return cached;
}
