/**
 * The seeds' convention for a worker's exit: 0 ok, > 0 an error, -N killed by signal N
 * (Python's `Process.exitcode`). Node reports the same fact as a `code`/`signal` pair.
 */
export function exitCodeOf(
  code: number | null,
  signal: string | null,
  signalNumbers: Readonly<Record<string, number>>,
): number {
  if (signal !== null) {
    const number = signalNumbers[signal];
    // An unknown signal still means "killed", which must never read as success.
    return number === undefined ? -1 : -number;
  }
  return code ?? 0;
}

export type ExitMeaning = 'ok' | 'error' | 'signal';

export function exitMeaning(exitCode: number): ExitMeaning {
  if (exitCode === 0) return 'ok';
  return exitCode > 0 ? 'error' : 'signal';
}

/** "-15 (SIGTERM)", "1 (error)", "0 (ok)". */
export function describeExitCode(exitCode: number, signal: string | null): string {
  switch (exitMeaning(exitCode)) {
    case 'ok':
      return '0 (ok)';
    case 'error':
      return `${exitCode} (error)`;
    case 'signal':
      return `${exitCode} (${signal ?? 'signal'})`;
  }
}
