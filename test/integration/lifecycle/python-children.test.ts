import { afterEach, describe, expect, it } from 'vitest';
import { Census, killIfSame, type ProcRow } from '../../support/census';
import { ServerProcess } from '../../support/server-process';
import { waitFor } from '../../support/wait';

/**
 * No Python process outlives the lab, however the lab ends (issue 10): a program that forks, starts
 * multiprocessing children by fork and by spawn (with spawn's resource tracker), runs a subprocess, and
 * leaves an orphaned grandchild (a forked child that exits before its own child). A Python program is
 * launched as a command line is, so it has the same guarantees: a parent-death signal, the watchdog's mark
 * inherited by everything below it, the stop's census of the lab's tree.
 */
const linux = process.platform === 'linux';

const FAMILY = `import os, subprocess, sys, time, multiprocessing as mp
def hang():
    time.sleep(600)
if __name__ == "__main__":
    subprocess.Popen(["sleep", "600"])
    if os.fork() == 0:
        if os.fork() == 0:
            time.sleep(600)
        # Long enough for the test to see its child below it; then that child is an orphan.
        time.sleep(3)
        os._exit(0)
    for method in ("fork", "spawn"):
        mp.get_context(method).Process(target=hang, daemon=method == "fork").start()
    print("family ready", flush=True)
    time.sleep(600)
`;

const leftovers: ProcRow[] = [];
const servers: ServerProcess[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop('SIGTERM');
  for (const row of leftovers.splice(0)) killIfSame(row);
});

/** Starts the program and waits until every one of its processes is there: python, sleep, the orphan, fork and spawn children, the resource tracker. */
async function family(server: ServerProcess): Promise<{ census: Census; rows: ProcRow[] }> {
  const [root] = await server.start({ kind: 'python', code: FAMILY });
  const pid = (await server.ready(root!)).pid;
  await waitFor('the family to be ready', () => server.events.some((event) => event.type === 'worker.output' && event.workerId === root && event.text.includes('family ready')), 20_000);
  const census = new Census(server.child.pid!);
  const rows = await waitFor('every process of the program', () => {
    const below = census.look().filter((row) => row.pid === pid || isBelow(row, pid, census));
    // python, sleep, the forked child and its child, the fork and spawn children, spawn's resource tracker.
    return below.length >= 7 ? below : undefined;
  });
  leftovers.push(...rows);
  await waitFor('the grandchild to be orphaned', () => census.remaining().orphans.length > 0, 20_000);
  return { census, rows };
}

function isBelow(row: ProcRow, pid: number, census: Census): boolean {
  const table = new Map(census.look().map((each) => [each.pid, each]));
  for (let at: ProcRow | undefined = row; at !== undefined; at = table.get(at.ppid)) if (at.ppid === pid) return true;
  return false;
}

describe.runIf(linux)('a Python program that starts processes of its own', () => {
  it.each(['SIGKILL', 'SIGTERM'] as const)('leaves none of them running when the lab is ended with %s', async (signal) => {
    const server = await ServerProcess.start(['--sample-period', '100', '--grace', '500']);
    servers.push(server);
    const { census } = await family(server);
    await server.stop(signal);
    servers.splice(servers.indexOf(server), 1);
    await waitFor('nothing of the program left', () => {
      const { survivors, zombies } = census.remaining();
      return survivors.length === 0 && zombies.length === 0;
    }, 20_000);
    expect(census.size).toBeGreaterThanOrEqual(7);
  });
});
