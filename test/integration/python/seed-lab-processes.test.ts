import { describe, expect, it } from 'vitest';
import { checksExactly } from './seed-lab-coverage';
import { exitedAt, exitsByName, printedAt, processRows, runToEnd, toEnd } from './seed-lab-read';
import { PYTHON_313, SeedLab, withRetries } from './seed-lab-run';

/**
 * The seeds' multiprocessing Process programs under the lab (seed-fact-checks.ts): the child processes' rows
 * (name, pid, ppid, start method, exit code and signal), the tree, and the order the lab learnt of their
 * ends against the main process's output. One program at a time (seed-lab.test.ts says why).
 *
 * A line printed a second or more before a child ends is surely logged before the child's end; a line
 * printed just after a join() returned comes on another stream (stdout) than the child's end (its shim's
 * socket, or its parent's report of what it reaped), so such a check retries.
 */

const names = (prefix: string, count: number) => Array.from({ length: count }, (_, n) => `${prefix}${n + 1}`);
const allZero = (rowNames: readonly string[]) => Object.fromEntries(rowNames.map((name) => [name, 0]));

/** Every child row's ppid is the main process's pid, and its start method is fork (Linux's default before 3.14). */
function childrenOfMain(run: SeedLab): void {
  const rows = processRows(run);
  expect(rows.length).toBeGreaterThan(0);
  // Under the main process's row too, a child whose hello came after the main process's last report included.
  for (const row of rows) expect({ name: row.name, ppid: row.ppid, startMethod: row.observed?.startMethod, under: row.observed?.process }).toEqual({ name: row.name, ppid: run.pid(), startMethod: 'fork', under: run.root });
}

const CHECKS: Record<string, (run: SeedLab) => void> = {
  'multiprocess-tour/02_process_info.py': (run) => {
    expect(exitsByName(processRows(run))).toEqual({ 'Process-1': 0 });
    childrenOfMain(run);
    // Forked: a copy of the parent, __main__ not run again (spawn would print __mp_main__; seed-programs.test.ts).
    expect(run.stdout().match(/module name: (\S+)/g)).toEqual(['module name: __main__', 'module name: __main__']);
    const child = processRows(run)[0]!;
    expect(run.stdout()).toContain(`process id: ${child.pid}\n`);
  },
  'multiprocess-tour/04_processes_do_not_share.py': (run) => {
    const rows = processRows(run);
    expect(exitsByName(rows)).toEqual(allZero(names('Process-', 10)));
    childrenOfMain(run);
    // Ten processes, ten pids: each appended to its own copy of the list.
    expect(new Set(rows.map((row) => row.pid)).size).toBe(10);
    expect(run.stdout().split('\n').filter(Boolean).every((line) => /^\[\d\]$/.test(line))).toBe(true);
  },
  'multiprocessing-basics/02_target_from_module.py': (run) => {
    expect(exitsByName(processRows(run))).toEqual(allZero(names('Process-', 5)));
    childrenOfMain(run);
  },
  'multiprocessing-basics/03_process_args.py': (run) => {
    expect(exitsByName(processRows(run))).toEqual(allZero(names('Process-', 5)));
    childrenOfMain(run);
  },
  'multiprocessing-basics/05_daemon_process.py': (run) => {
    // The daemon is terminated when the main process ends (multiprocessing's exit handler): SIGTERM, -15,
    // before its "Exiting" line; the non-daemon ran to its end.
    const rows = Object.fromEntries(processRows(run).map((row) => [row.name, row.exit && { daemon: row.daemon, exitCode: row.exit.exitCode, signal: row.exit.signal }]));
    expect(rows).toEqual({ daemon: { daemon: true, exitCode: -15, signal: 'SIGTERM' }, 'non-daemon': { daemon: false, exitCode: 0, signal: null } });
    expect(run.stdout()).not.toContain('Exiting : daemon');
  },
  'multiprocessing-basics/08_log_to_stderr.py': (run) => {
    expect(exitsByName(processRows(run))).toEqual({ 'Process-1': 0 });
    // The child's log lines on stderr (a forked child writes to its parent's stderr pipe: the main's Output).
    const stderr = (run.harness.lab.state().output.byWorker[run.root]?.pieces ?? []).filter((piece) => piece.stream === 'stderr').map((piece) => piece.text).join('');
    expect(stderr).toContain('[INFO/Process-1] child process calling self.run()');
    expect(stderr).toContain('[INFO/Process-1] process exiting with exitcode 0');
  },
  'threading-and-multiprocessing/18_process_pid_ppid.py': (run) => {
    const rows = processRows(run);
    expect(exitsByName(rows)).toEqual({ 'Process-1': 0, 'Process-2': 0 });
    childrenOfMain(run);
    for (const row of rows) expect(run.stdout()).toContain(`parent process: ${run.pid()}\nprocess id: ${row.pid}\n`);
  },
  'threads-processes-join/02_process_random_sleep.py': (run) => {
    const rows = processRows(run);
    expect(exitsByName(rows)).toEqual({ 'Process-1': 0, 'Process-2': 0 });
    // No join: the main process's last line while both children still sleep (1 to 4 s).
    const printed = printedAt(run, '這里是主進程,已結束!');
    expect(printed).toBeGreaterThanOrEqual(0);
    for (const row of rows) expect(printed, `printed before ${row.name} ended`).toBeLessThan(exitedAt(run, row.id));
    // The main process still waits for them at exit (multiprocessing joins its non-daemon children).
    for (const row of rows) expect(exitedAt(run, row.id)).toBeLessThan(exitedAt(run, run.root));
  },
  'threads-processes-join/15_process_without_main_guard.py': (run) => {
    // Under fork (the half checked here) a program without the main guard works: one child, exit 0.
    expect(exitsByName(processRows(run))).toEqual({ 'Process-1': 0 });
    childrenOfMain(run);
  },
};

describe('the seeds’ Process programs under the lab', () => {
  for (const [program, check] of Object.entries(CHECKS)) it(program, () => runToEnd(program, check));

  it('multiprocessing-basics/06_join_timeout.py: join(1) times out while the daemon runs; join() waits for it to end at 0', () =>
    // Retried: "after join()" is printed just after the child ended (see above).
    withRetries('multiprocessing-basics/06_join_timeout.py', 3, async (run) => {
      await toEnd(run);
      const [daemon] = processRows(run);
      expect({ name: daemon?.name, exitCode: daemon?.exit?.exitCode }).toEqual({ name: 'daemon', exitCode: 0 });
      expect(printedAt(run, 'after join(1): t.is_alive() = True')).toBeLessThan(exitedAt(run, daemon!.id));
      expect(exitedAt(run, daemon!.id)).toBeLessThan(printedAt(run, 'after join(): t.is_alive() = False'));
      // join(1) gave up with the daemon still running (join.returned timedOut: join() returns None either way), then join() waited it out.
      expect(run.joins()).toEqual(['MainThread waits for daemon 1000 ms', 'MainThread timedOut daemon', 'MainThread waits for daemon', 'MainThread joined daemon']);
    }));

  it('multiprocessing-basics/06_join_timeout.py on python3.13: the same joins', () =>
    withRetries('multiprocessing-basics/06_join_timeout.py', 3, async (run) => {
      await toEnd(run);
      expect(run.joins()).toEqual(['MainThread waits for daemon 1000 ms', 'MainThread timedOut daemon', 'MainThread waits for daemon', 'MainThread joined daemon']);
    }, PYTHON_313));

  it('threads-processes-join/06_getppid_reparented.py: the parent exits without join(); its child is shown reparented', async () => {
    const run = await SeedLab.start('threads-processes-join/06_getppid_reparented.py');
    try {
      await toEnd(run);
      const parentPid = run.pid();
      const [child] = processRows(run);
      expect(child?.name).toBe('Process-1');
      expect(run.harness.find('worker.ready', child!.id)?.ppid).toBe(parentPid);
      // os._exit(0) in the parent while the child sleeps: the parent's row ends first, the child's later.
      expect(exitedAt(run, run.root)).toBeLessThan(exitedAt(run, child!.id));
      const moved = run.harness.all('process.reparented').find((event) => event.pid === child!.pid);
      expect(moved?.fromPpid).toBe(parentPid);
      expect(child!.ppid).toBe(moved!.toPpid);
      expect(child!.ppid).not.toBe(parentPid);
      expect(child!.exit?.exitCode).toBe(0);
    } finally {
      await run.stop();
    }
  });

  it('multiprocess-tour/02_process_info.py under spawn: a fresh interpreter, __main__ imported again as __mp_main__', async () => {
    const run = await SeedLab.startUnderSpawn('multiprocess-tour/02_process_info.py');
    try {
      await toEnd(run);
      const [child, ...others] = processRows(run);
      expect(others).toEqual([]);
      expect({ name: child?.name, ppid: child?.ppid, startMethod: child?.observed?.startMethod, exitCode: child?.exit?.exitCode }).toEqual({ name: 'Process-1', ppid: run.pid(), startMethod: 'spawn', exitCode: 0 });
      // spawn starts multiprocessing's resource tracker too: its own row.
      expect(processRows(run, 'resource-tracker')).toHaveLength(1);
      expect(run.stdout().match(/module name: (\S+)/g)).toEqual(['module name: __main__', 'module name: __mp_main__']);
    } finally {
      await run.stop();
    }
  });

  it('threads-processes-join/15_process_without_main_guard.py under spawn: the child fails while bootstrapping, exit code 1', async () => {
    const run = await SeedLab.startUnderSpawn('threads-processes-join/15_process_without_main_guard.py');
    try {
      await toEnd(run);
      // Its import of the program starts a Process again, before its own bootstrap is done: RuntimeError.
      // It never reached Process._bootstrap, so its row has no Process name, only its pid.
      const [child, ...others] = processRows(run);
      expect(others).toEqual([]);
      expect({ name: child?.name, startMethod: child?.observed?.startMethod, exitCode: child?.exit?.exitCode }).toEqual({ name: `pid ${child?.pid}`, startMethod: 'spawn', exitCode: 1 });
      const stderr = (run.harness.lab.state().output.byWorker[run.root]?.pieces ?? []).filter((piece) => piece.stream === 'stderr').map((piece) => piece.text).join('');
      expect(stderr).toContain('RuntimeError');
      expect(run.stdout()).not.toContain('開始運行');
    } finally {
      await run.stop();
    }
  });

  it('checks here exactly the programs listed for this file', () => {
    checksExactly('seed-lab-processes.test.ts', [...Object.keys(CHECKS), 'multiprocessing-basics/06_join_timeout.py', 'threads-processes-join/06_getppid_reparented.py']);
  });
});
