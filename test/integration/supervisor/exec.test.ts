import { existsSync, realpathSync } from 'node:fs';
import { basename } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { descriptors, killIfSame, processTable, readProc, type ProcRow } from '../../support/census';
import { LabHarness } from '../../support/lab-harness';
import { waitFor } from '../../support/wait';

let harness: LabHarness;
const leftovers: ProcRow[] = [];
afterEach(async () => {
  await harness?.stop();
  for (const row of leftovers.splice(0)) killIfSame(row);
});

const linux = process.platform === 'linux';

/**
 * Every shell the lab may meet as /bin/sh: dash (Debian, Ubuntu) and bash (Fedora, RHEL, Arch), which behave
 * differently with `-c` (bash execs a lone simple command in its own place). /bin/sh, and each other one here.
 */
const SHELLS = ['/bin/sh', '/bin/bash', '/bin/dash']
  .filter((path) => existsSync(path))
  .filter((path, index, all) => all.findIndex((other) => realpathSync(other) === realpathSync(path)) === index)
  .map((shell) => ({ shell, name: basename(realpathSync(shell)), comm: basename(shell) }));

/** The node an exec worker's shell runs: the worker's body. */
async function nodeBelow(shell: number): Promise<ProcRow> {
  return waitFor('the node below the shell', () => [...processTable().values()].find((row) => row.ppid === shell));
}

describe.each(SHELLS)('exec through $shell ($name): the signal that ended the worker comes through the shell as -N', ({ shell }) => {
  it('crash(SIGABRT) reads -6, and exit(134) still reads 134', async () => {
    harness = new LabHarness({}, { shell });
    const [crash] = await harness.start({ kind: 'process', method: 'exec', task: { name: 'crash', signal: 'SIGABRT' } });
    const [exit] = await harness.start({ kind: 'process', method: 'exec', task: { name: 'exit', code: 134 } });
    expect(await harness.exited(crash!)).toMatchObject({ exitCode: -6, signal: 'SIGABRT', code: 134 });
    expect((await harness.exited(crash!)).detail).toContain('exit status 134');
    expect(await harness.exited(exit!)).toMatchObject({ exitCode: 134, signal: null });
  });

  it.runIf(linux)("the user's SIGTERM and SIGKILL reach the node below the shell and read -15 and -9", async () => {
    harness = new LabHarness({ gracePeriodMs: 400 }, { shell });
    const [termed, killed, stubborn] = await harness.start({ kind: 'process', method: 'exec', count: 2, task: { name: 'hang' } }).then(async (ids) => [
      ...ids,
      ...(await harness.start({ kind: 'process', method: 'exec', task: { name: 'ignore-sigterm' } })),
    ]);
    const shells = await Promise.all([termed!, killed!, stubborn!].map(async (id) => (await harness.ready(id)).pid));
    const nodes = await Promise.all(shells.map(nodeBelow));
    leftovers.push(...nodes);

    await harness.ok({ type: 'signal', workerIds: [termed], signal: 'SIGTERM' });
    const sent = await harness.waitFor('signal.sent', termed);
    expect(sent.pids).toEqual([nodes[0]!.pid]);
    await harness.ok({ type: 'kill', workerIds: [killed] });
    await harness.ok({ type: 'terminate', workerIds: [stubborn] });
    expect(await harness.exited(termed!)).toMatchObject({ exitCode: -15, signal: 'SIGTERM' });
    expect(await harness.exited(killed!)).toMatchObject({ exitCode: -9, signal: 'SIGKILL' });
    // A task that ignores SIGTERM does so in an exec worker too: the lab escalates, as for fork and spawn.
    await harness.waitFor('terminate.escalated', stubborn);
    expect(await harness.exited(stubborn!)).toMatchObject({ exitCode: -9 });
  });

  it.runIf(linux)('SIGSTOP stops the node itself, not only its shell', async () => {
    harness = new LabHarness({ samplePeriodMs: 100 }, { shell });
    const [id] = await harness.start({ kind: 'process', method: 'exec', task: { name: 'burn', ms: 20_000 } });
    const node = await nodeBelow((await harness.ready(id!)).pid);
    leftovers.push(node);
    await harness.ok({ type: 'signal', workerIds: [id], signal: 'SIGSTOP' });
    await waitFor('the node stopped', () => readProc(node.pid)?.state === 'T');
    await harness.ok({ type: 'signal', workerIds: [id], signal: 'SIGCONT' });
    await waitFor('the node running again', () => readProc(node.pid)?.state !== 'T');
  });
});

describe.runIf(linux).each(SHELLS)('exec through $shell ($name) with detached: true is detached for real', ({ shell: shellPath, comm }) => {
  it('own session and process group, no pipe or socket to the host, the shell still in the tree, left running at stop', async () => {
    harness = new LabHarness({ samplePeriodMs: 100 }, { shell: shellPath });
    const [id] = await harness.start({ kind: 'process', method: 'exec', detached: true, task: { name: 'hang' } });
    const shell = (await harness.ready(id!)).pid;
    const node = await nodeBelow(shell);
    leftovers.push(readProc(shell)!, node);
    for (const pid of [shell, node.pid]) {
      expect(readProc(pid)).toMatchObject({ session: shell, pgrp: shell });
      const fds = descriptors(pid);
      for (const fd of [0, 1, 2]) expect(fds.get(fd)).toBe('/dev/null');
      expect([...fds.values()].filter((target) => target.startsWith('socket:'))).toEqual([]);
    }
    const sample = await waitFor('the shell and its node sampled', () => {
      const processes = harness.all('metrics.processes').at(-1)?.processes ?? [];
      return processes.some((p) => p.pid === node.pid) ? processes.find((p) => p.pid === shell) : undefined;
    });
    expect(sample.name).toBe(comm);
    expect(sample.command.startsWith(`${shellPath} -c `)).toBe(true);

    const summary = await harness.stop();
    expect(summary.leftRunning).toEqual([{ name: 'worker-1', pid: shell }]);
    expect(readProc(shell)?.state).not.toBe('Z');
    expect(readProc(node.pid)).not.toBeNull();
  });

  it('a non-detached exec worker keeps its shell between the host and the node too', async () => {
    harness = new LabHarness({ samplePeriodMs: 100 }, { shell: shellPath });
    const [id] = await harness.start({ kind: 'process', method: 'exec', task: { name: 'hang' } });
    const shell = (await harness.ready(id!)).pid;
    const node = await nodeBelow(shell);
    leftovers.push(node);
    expect(readProc(shell)).toMatchObject({ ppid: process.pid });
    expect(node.ppid).toBe(shell);
  });
});

describe.runIf(linux)('a detached spawn worker', () => {
  it('has no pipe to say "ready" on, so it is ready once spawned', async () => {
    harness = new LabHarness();
    const [id] = await harness.start({ kind: 'process', method: 'spawn', detached: true, task: { name: 'hang' } });
    const { pid } = await harness.ready(id!);
    leftovers.push(readProc(pid)!);
    expect(readProc(pid)).toMatchObject({ session: pid, pgrp: pid });
    await harness.ok({ type: 'kill', workerIds: [id] });
    expect(await harness.exited(id!)).toMatchObject({ exitCode: -9 });
  });
});
