import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Census, killIfSame, processTable, readProc, zombiesOf, type ProcRow } from '../../support/census';
import { LabHarness } from '../../support/lab-harness';
import { waitFor } from '../../support/wait';

/** A worker's process (or setpriv, or the shell, about to run one): its command line names the worker. */
function runsAWorker(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--lab-worker=w');
  } catch {
    return false;
  }
}

const SPAWNS_SLEEP = join(__dirname, '..', '..', 'fixtures', 'spawns-sleep.mjs');
let harness: LabHarness;
const leftovers: ProcRow[] = [];
afterEach(async () => {
  await harness?.stop();
  for (const row of leftovers.splice(0)) killIfSame(row);
});

describe.runIf(process.platform === 'linux')('no zombie stays', () => {
  it("reaps a thread worker's children after the thread has ended, and they outlive it unless daemon", async () => {
    // This test process is the host: every child a thread worker starts is a child of this very process.
    harness = new LabHarness({ samplePeriodMs: 100 });
    const census = new Census(process.pid);
    const before = new Set(processTable().keys());
    const childrenTask = (method: string, daemon: boolean, ms: number) => ({
      name: 'spawn-children',
      n: 2,
      kind: 'process',
      method,
      daemon,
      task: ms > 0 ? { name: 'sleep', ms } : { name: 'hang' },
    });
    const ids = [
      ...(await harness.start({ kind: 'thread', task: childrenTask('fork', false, 2500) })),
      ...(await harness.start({ kind: 'thread', task: childrenTask('spawn', false, 2500) })),
      ...(await harness.start({ kind: 'thread', task: childrenTask('exec', false, 2500) })),
    ];
    const [daemonParent] = await harness.start({ kind: 'thread', task: childrenTask('fork', true, 0) });
    for (const id of [...ids, daemonParent!]) await harness.ready(id);
    // 2 fork + 2 spawn + 2 exec shells (with their nodes below) + 2 daemons, all direct children of the host.
    const children = await waitFor('the threads\' children', () => {
      // By what they run: the host has short-lived children of its own (systeminformation's lscpu, say).
      const direct = census.look().filter((row) => row.ppid === process.pid && !before.has(row.pid) && runsAWorker(row.pid));
      return direct.length >= 8 ? direct : undefined;
    });
    leftovers.push(...census.look());

    await harness.ok({ type: 'terminate', workerIds: [...ids, daemonParent] });
    for (const id of [...ids, daemonParent!]) await harness.exited(id);
    // Ended with their thread: the daemon children. Still running after it: the others (the parent-death
    // signal was armed by the host's main thread, not by the thread that has just ended).
    const daemonPids = new Set(
      await waitFor('the daemon children to end', () => {
        const table = processTable();
        const gone = children.filter((row) => table.get(row.pid)?.start !== row.start || table.get(row.pid)?.state === 'Z');
        return gone.length >= 2 ? gone.map((row) => row.pid) : undefined;
      }),
    );
    const survivors = census.remaining().survivors.filter((row) => children.some((child) => child.pid === row.pid));
    expect(survivors.length).toBe(6);
    expect(survivors.some((row) => daemonPids.has(row.pid))).toBe(false);

    // Their sleep ends after the threads have gone: they must be reaped all the same. (What was there before
    // the workers, such as the lab's watchdog, lives on until the lab stops.)
    await waitFor('every child to exit and be reaped', () => {
      const { survivors: left, zombies } = census.remaining();
      return left.filter((row) => !before.has(row.pid)).length === 0 && zombies.length === 0;
    }, 20_000);
    expect(zombiesOf(process.pid).filter((row) => census.has(row))).toEqual([]);
  });
});

describe.runIf(process.platform === 'linux').each([
  { how: 'returned', args: [], exit: { exitCode: 0 } },
  { how: 'threw', args: ['throw'], exit: { exitCode: 1, detail: 'Error: the demo failed after starting its helpers' } },
])("no zombie stays from a user's script run in a thread", ({ how, args, exit }) => {
  it(`the thread outlives the processes its script started and ${how} without waiting for, and reaps them`, async () => {
    harness = new LabHarness({ samplePeriodMs: 100 });
    const pidFile = join(mkdtempSync(join(tmpdir(), 'lab-zombies-')), 'pids');
    const [id] = await harness.start({ kind: 'thread', task: { name: 'script', path: SPAWNS_SLEEP, args: ['1', pidFile, ...args] } });
    await harness.ready(id!);
    const sleeps = await waitFor('the script to say what it started', () => (existsSync(pidFile) ? readFileSync(pidFile, 'utf8').split(' ').map(Number) : undefined));
    const rows = sleeps.map((pid) => readProc(pid)).filter((row): row is ProcRow => row !== null);
    leftovers.push(...rows);
    expect(rows.map((row) => row.ppid)).toEqual([process.pid, process.pid]);

    // The worker is done only once its processes are: the thread's event loop is what reaps them.
    const exited = await harness.exited(id!, 20_000);
    expect(exited).toMatchObject(exit);
    const gone = (row: ProcRow) => readProc(row.pid)?.start !== row.start;
    expect(rows.filter((row) => !gone(row)).map((row) => readProc(row.pid))).toEqual([]);
    expect(zombiesOf(process.pid).filter((row) => rows.some((each) => each.pid === row.pid && each.start === row.start))).toEqual([]);
  });
});
