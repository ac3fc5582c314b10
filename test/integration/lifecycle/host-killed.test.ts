import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findSetpriv } from '../../../src/core/supervisor/setpriv';
import { withCheckedParentDeathSignal } from '../../../src/shared/parent-death';
import { Census, killIfSame, processTable, readProc, type ProcRow } from '../../support/census';
import { isRunning } from '../../support/procfs';
import { ServerProcess } from '../../support/server-process';
import { waitFor } from '../../support/wait';

const hang = { name: 'hang' };
const SPAWNS_SLEEP = join(__dirname, '..', '..', 'fixtures', 'spawns-sleep.mjs');
const linux = process.platform === 'linux';
const leftovers: ProcRow[] = [];
const servers: ServerProcess[] = [];
const track = (server: ServerProcess) => (servers.push(server), server);
afterEach(async () => {
  // A test that failed half-way still stops its lab (which ends what it started), then kills what is left.
  for (const server of servers.splice(0)) await server.stop('SIGTERM');
  for (const row of leftovers.splice(0)) killIfSame(row);
});

describe.runIf(linux)('when the host is killed outright (SIGKILL), nothing it started lives on', () => {
  it('ends command lines, stopped workers, shells and their nodes, a thread\'s children and orphaned grandchildren; not a detached worker', async () => {
    const server = track(await ServerProcess.start(['--sample-period', '100', '--grace', '300']));
    const host = server.child.pid!;
    const started = [
      ...(await server.start({ kind: 'command', command: 'sleep 600' })),
      ...(await server.start({ kind: 'command', command: 'sleep 601', daemon: true })),
      ...(await server.start({ kind: 'process', method: 'spawn', task: hang })),
      ...(await server.start({ kind: 'process', method: 'exec', task: hang })),
      // Non-daemon: a daemonic process may not have children (Python's AssertionError); its child is a daemon.
      ...(await server.start({ kind: 'process', method: 'fork', task: { name: 'spawn-children', n: 1, kind: 'process', method: 'exec', task: hang, daemon: true } })),
      ...(await server.start({ kind: 'thread', task: { name: 'spawn-children', n: 2, kind: 'process', method: 'spawn', task: hang } })),
    ];
    const [stopped] = await server.start({ kind: 'process', method: 'fork', task: hang });
    const [parent] = await server.start({ kind: 'process', method: 'fork', task: { name: 'spawn-children', n: 2, kind: 'process', method: 'fork', task: hang } });
    const [detached] = await server.start({ kind: 'process', method: 'fork', detached: true, task: hang });
    for (const id of [...started, stopped!, parent!, detached!]) await server.ready(id);
    const free = (await server.ready(detached!)).pid;

    // A stopped process cannot run any handler of its own; a parent killed leaves its children orphaned.
    await server.execute({ type: 'signal', workerIds: [stopped], signal: 'SIGSTOP' });
    const parentPid = (await server.ready(parent!)).pid;
    const census = new Census(host);
    const orphansToBe = await waitFor('the grandchildren', () => {
      const kids = census.look().filter((row) => row.ppid === parentPid);
      return kids.length === 2 ? kids : undefined;
    });
    await waitFor('the lab to have sampled them', () => orphansToBe.every((row) => server.sampledPids().includes(row.pid)));
    await server.execute({ type: 'kill', workerIds: [parent] });
    await waitFor('the grandchildren to be orphans', () => orphansToBe.every((row) => processTable().get(row.pid)?.ppid !== parentPid));
    // 2 commands, spawn, exec's shell and node, the parent with its daemon child's shell and node, 2 of the thread's,
    // the stopped one and the detached one; the 2 orphans are no longer below the host.
    const below = await waitFor('every process below the lab', () => {
      const found = census.look();
      return found.length >= 12 ? found : undefined;
    });
    const everything = [...below, ...orphansToBe];
    leftovers.push(...everything);
    expect(everything.find((row) => row.state === 'T')).toBeDefined();

    await server.stop('SIGKILL');
    const outside = (row: ProcRow) => row.session !== free;
    const left = await waitFor('nothing but the detached worker left', () => {
      const { survivors, zombies } = census.remaining();
      return survivors.filter(outside).length === 0 && zombies.length === 0 ? survivors : undefined;
    });
    expect(left.map((row) => row.pid)).toEqual([free]);
    for (const row of orphansToBe) expect(census.remaining().survivors.some((each) => each.pid === row.pid)).toBe(false);
  });
});

/** dash (Debian's /bin/sh) and bash (Fedora's), which runs a lone `-c` command in its own place. */
const SHELLS = ['/bin/sh', '/bin/bash', '/bin/dash'].filter((path, index, all) => existsSync(path) && all.findIndex((other) => existsSync(other) && realpathSync(other) === realpathSync(path)) === index);

describe.runIf(linux).each(SHELLS)('when the host is killed outright, stopped grandchildren end too (the watchdog, through %s)', (shell) => {
  it("a stopped non-daemon grandchild, orphaned or still below its parent, ends; what lies below a detached worker does not, nor the host's own child", async () => {
    const server = track(await ServerProcess.fixture({ shell, strangers: 1 }));
    const [stranger] = server.strangers();
    const host = server.child.pid!;
    const census = new Census(host);
    const children = { name: 'spawn-children', n: 2, kind: 'process', method: 'fork', task: hang };
    const [orphaned, parent, detached] = [
      ...(await server.start({ kind: 'process', method: 'fork', task: children })),
      ...(await server.start({ kind: 'process', method: 'spawn', task: { ...children, method: 'spawn' } })),
      ...(await server.start({ kind: 'process', method: 'fork', detached: true, task: children })),
    ];
    const pids = await Promise.all([orphaned!, parent!, detached!].map(async (id) => (await server.ready(id)).pid));
    const kids = await waitFor('every grandchild sampled', () => {
      const found = census.look();
      const below = pids.map((pid) => found.filter((row) => row.ppid === pid));
      return below.every((rows) => rows.length === 2) && below.flat().every((row) => server.sampledPids().includes(row.pid)) ? below : undefined;
    });
    const [orphans, grandchildren, free] = kids as [ProcRow[], ProcRow[], ProcRow[]];
    leftovers.push(...census.look(), ...orphans);
    await server.execute({ type: 'kill', workerIds: [orphaned] });
    await waitFor('the orphans reparented', () => orphans.every((row) => processTable().get(row.pid)?.ppid !== pids[0]));
    // Stopped, a process runs no handler of its own: it cannot notice that the lab is gone.
    for (const row of [orphans[0]!, grandchildren[0]!, free[0]!]) killIfSame(row, 'SIGSTOP');
    await waitFor('them stopped', () => [orphans[0]!, grandchildren[0]!, free[0]!].every((row) => processTable().get(row.pid)?.state === 'T'));

    await server.stop('SIGKILL');
    const bound = [...orphans, ...grandchildren];
    await waitFor('the lab\'s grandchildren to end', () => bound.every((row) => processTable().get(row.pid)?.start !== row.start), 10_000).catch(() => undefined);
    const table = processTable();
    expect(bound.filter((row) => table.get(row.pid)?.start === row.start).map((row) => `${row.pid} (${table.get(row.pid)?.state})`)).toEqual([]);
    expect([pids[2]!, ...free.map((row) => row.pid)].every((pid) => table.has(pid))).toBe(true);
    // The host's own children (Electron's helpers, a browser it opened) are not the lab's to end.
    expect(isRunning(stranger!)).toBe(true);
    process.kill(stranger!, 'SIGKILL');
  });
});

describe.runIf(linux)('when the host is killed outright before it has sampled anything', () => {
  it("what its workers started still ends (the lab's mark in their environment): stopped orphans, a thread script's and a command's children; not the host's own", async () => {
    // A sample period longer than the test: the lab never publishes, so only the mark can name these.
    const server = track(await ServerProcess.fixture({ strangers: 1, samplePeriodMs: 600_000 }));
    const [stranger] = server.strangers();
    const pidFile = join(mkdtempSync(join(tmpdir(), 'lab-mark-')), 'pids');
    const [parent, command, thread] = [
      ...(await server.start({ kind: 'process', method: 'fork', task: { name: 'spawn-children', n: 2, kind: 'process', method: 'spawn', task: hang } })),
      ...(await server.start({ kind: 'command', command: 'sh -c "sleep 600 & wait"' })),
      ...(await server.start({ kind: 'thread', task: { name: 'script', path: SPAWNS_SLEEP, args: ['600', pidFile] } })),
    ];
    const [parentPid, commandPid] = await Promise.all([parent!, command!].map(async (id) => (await server.ready(id)).pid));
    await server.ready(thread!);
    const census = new Census(server.child.pid!);
    const [grandchildren, sleeps] = await waitFor('the grandchildren, the command\'s sleep and the script\'s', () => {
      const found = census.look();
      const below = [found.filter((row) => row.ppid === parentPid), found.filter((row) => row.ppid === commandPid)];
      return below[0]!.length === 2 && below[1]!.length === 1 && existsSync(pidFile) ? below : undefined;
    });
    const scriptSleeps = readFileSync(pidFile, 'utf8').split(' ').map((pid) => readProc(Number(pid))!);
    const theirs = [...grandchildren!, ...sleeps!, ...scriptSleeps];
    leftovers.push(...census.look(), ...theirs);
    for (const row of grandchildren!) killIfSame(row, 'SIGSTOP');
    await server.execute({ type: 'kill', workerIds: [parent] });
    await waitFor('stopped orphans', () => grandchildren!.every((row) => processTable().get(row.pid)?.ppid !== parentPid));

    await server.stop('SIGKILL');
    await waitFor('every one of them to end', () => theirs.every((row) => processTable().get(row.pid)?.start !== row.start), 10_000).catch(() => undefined);
    const table = processTable();
    expect(theirs.filter((row) => table.get(row.pid)?.start === row.start).map((row) => `${row.pid} (${table.get(row.pid)?.state})`)).toEqual([]);
    expect(isRunning(stranger!)).toBe(true);
    process.kill(stranger!, 'SIGKILL');
  });
});

describe.runIf(linux).each(SHELLS)('when the host is killed outright, with %s as the lab\'s shell', (shell) => {
  it('a detached exec worker lives on, its shell still above its node; an attached one ends', async () => {
    const server = track(await ServerProcess.fixture({ shell }));
    const [free, bound] = [
      ...(await server.start({ kind: 'process', method: 'exec', detached: true, task: hang })),
      ...(await server.start({ kind: 'process', method: 'exec', task: hang })),
    ];
    const shells = await Promise.all([free!, bound!].map(async (id) => (await server.ready(id)).pid));
    const census = new Census(server.child.pid!);
    const [freeNode, boundNode] = await waitFor('the node below each shell', () => {
      const found = census.look();
      const nodes = shells.map((pid) => found.find((row) => row.ppid === pid));
      return nodes.every((row) => row !== undefined) ? (nodes as ProcRow[]) : undefined;
    });
    leftovers.push(...census.look());

    await server.stop('SIGKILL');
    await waitFor('the attached worker to end', () => !isRunning(shells[1]!) && processTable().get(boundNode!.pid)?.start !== boundNode!.start);
    const table = processTable();
    expect(table.get(shells[0]!)).toMatchObject({ session: shells[0] });
    expect(table.get(freeNode!.pid)).toMatchObject({ start: freeNode!.start, ppid: shells[0], session: shells[0] });
  });
});

describe.runIf(linux && findSetpriv() !== null)('the parent-death signal of a command line', () => {
  const setpriv = findSetpriv()!;

  it('runs the command only while its parent is the one that started it (the race after arming)', () => {
    const run = (parentPid: number) => {
      const [file, ...args] = withCheckedParentDeathSignal(setpriv, parentPid, ['echo', 'ran']);
      return spawnSync(file!, args, { encoding: 'utf8' });
    };
    expect(run(process.pid).stdout).toBe('ran\n');
    // A parent that is not the expected one is what a child sees when the host died before it was armed.
    const refused = run(1);
    expect(refused.stdout).toBe('');
    expect(refused.status).toBe(125);
  });
});
