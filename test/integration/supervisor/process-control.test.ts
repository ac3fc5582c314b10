import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProcessSample } from '../../../src/shared/samples';
import { killIfSame, readProc, type ProcRow } from '../../support/census';
import { isRunning, procStat } from '../../support/procfs';
import { LabHarness } from '../../support/lab-harness';
import { waitFor } from '../../support/wait';

let harness: LabHarness;
const leftovers: ProcRow[] = [];
afterEach(async () => {
  await harness?.stop();
  for (const row of leftovers.splice(0)) killIfSame(row);
});

/** Starts a parent with two children, waits until the lab has sampled them, and returns the children's samples. */
async function family(leaf: Record<string, unknown>): Promise<{ parent: string; children: ProcessSample[] }> {
  const [parent] = await harness.start({ kind: 'process', method: 'fork', task: { name: 'spawn-children', n: 2, kind: 'process', method: 'fork', task: leaf } });
  const { pid } = await harness.ready(parent!);
  const children = await waitFor('two children sampled', () => {
    const kids = harness.all('metrics.processes').at(-1)?.processes.filter((p) => p.ppid === pid) ?? [];
    return kids.length === 2 ? kids : undefined;
  });
  return { parent: parent!, children };
}

describe.runIf(process.platform === 'linux')('processes the lab sees but did not start as workers', () => {
  it('an orphaned grandchild can be signalled, and terminated with escalation to SIGKILL', async () => {
    harness = new LabHarness({ samplePeriodMs: 100, gracePeriodMs: 400 });
    const { parent, children } = await family({ name: 'hang' });
    await harness.ok({ type: 'kill', workerIds: [parent] });
    const [orphan, stopped] = children as [ProcessSample, ProcessSample];
    await waitFor('the orphans reparented', () => harness.all('process.reparented').length >= 2);

    await harness.ok({ type: 'process.signal', pid: orphan.pid, start: orphan.start, signal: 'SIGTERM' });
    await waitFor('the orphan to end', () => !isRunning(orphan.pid));
    expect(await harness.waitFor('process.signalled')).toMatchObject({ pid: orphan.pid, signal: 'SIGTERM', escalated: false });

    // A stopped process keeps a SIGTERM pending: it is still there when the grace period runs out.
    await harness.ok({ type: 'process.signal', pid: stopped.pid, start: stopped.start, signal: 'SIGSTOP' });
    await waitFor('the other orphan stopped', () => procStat(stopped.pid)?.state === 'T');
    await harness.ok({ type: 'process.terminate', pid: stopped.pid, start: stopped.start });
    const escalated = await waitFor('the escalation', () => harness.all('process.signalled').find((e) => e.escalated));
    expect(escalated).toMatchObject({ pid: stopped.pid, signal: 'SIGKILL' });
    await waitFor('the stopped orphan to end', () => !isRunning(stopped.pid));
  });

  it('refuses anything outside the tree, the lab itself, a worker, and a pid that names another process now', async () => {
    harness = new LabHarness({ samplePeriodMs: 100 });
    const { parent, children } = await family({ name: 'hang' });
    const child = children[0]!;
    const parentPid = harness.find('worker.ready', parent)!.pid;
    const refused = (pid: number, start: number) => harness.refused({ type: 'process.signal', pid, start, signal: 'SIGKILL' });

    expect(await refused(1, 0)).toBe("pid 1 is not a live process of the lab's tree; the lab signals only processes it has seen below it");
    expect(await refused(process.pid, 0)).toBe(`pid ${process.pid} is the lab itself: quit the lab to stop it`);
    expect(await refused(parentPid, 0)).toBe(`pid ${parentPid} is the worker worker-1: use the worker's own actions`);
    expect(await refused(child.pid, child.start + 1)).toBe(`the process you saw as pid ${child.pid} has exited; the pid now names another process`);
    expect(await harness.refused({ type: 'process.signal', pid: -1, start: 0, signal: 'SIGKILL' })).toContain('pid must be at least 1');
    expect(isRunning(child.pid)).toBe(true);
  });
});

describe.runIf(process.platform === 'linux')("the host's own children that are not the lab's", () => {
  it('are refused, and left alone when the lab stops (in Electron: Chromium\'s helpers; a browser the lab opened)', async () => {
    // The lab runs in this test process: a child this test starts is the host's child, not a worker's.
    harness = new LabHarness({ samplePeriodMs: 100 });
    const stranger = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      const seen = await waitFor('the stranger sampled', () => harness.all('metrics.processes').at(-1)?.processes.find((p) => p.pid === stranger.pid));
      expect(await harness.refused({ type: 'process.signal', pid: seen.pid, start: seen.start, signal: 'SIGTERM' })).toBe(
        `pid ${seen.pid} is not the lab's: no worker started it (the lab's host has processes of its own), so the lab leaves it alone`,
      );
      expect(await harness.refused({ type: 'process.terminate', pid: seen.pid, start: seen.start })).toContain('is not the lab\'s');
      await harness.stop();
      expect(isRunning(stranger.pid!)).toBe(true);
      expect(harness.all('process.signalled')).toEqual([]);
    } finally {
      stranger.kill('SIGKILL');
    }
  });

  it('refuses a worker\'s process that left the lab\'s session by itself, and leaves it running at stop; a detached worker\'s child may be signalled', async () => {
    harness = new LabHarness({ samplePeriodMs: 100 });
    const [loner] = await harness.start({ kind: 'command', command: 'sh -c "setsid sleep 30 & wait"' });
    const [free] = await harness.start({ kind: 'process', method: 'fork', detached: true, task: { name: 'spawn-children', n: 1, kind: 'process', method: 'fork', task: { name: 'hang' } } });
    const shell = (await harness.ready(loner!)).pid;
    const freePid = (await harness.ready(free!)).pid;
    const below = (pid: number) => harness.all('metrics.processes').at(-1)?.processes.find((p) => p.ppid === pid);
    const [away, freeChild] = await waitFor('both children sampled', () => {
      const found = [below(shell), below(freePid)];
      return found.every((sample) => sample !== undefined && sample.name !== 'setsid') ? (found as ProcessSample[]) : undefined;
    });
    leftovers.push(readProc(away!.pid)!, readProc(freeChild!.pid)!, readProc(freePid)!);
    expect(readProc(away!.pid)?.session).toBe(away!.pid);

    expect(await harness.refused({ type: 'process.signal', pid: away!.pid, start: away!.start, signal: 'SIGTERM' })).toBe(
      `pid ${away!.pid} has left the lab's session (it, or a process above it, called setsid to be on its own): the lab leaves it alone`,
    );
    await harness.ok({ type: 'process.signal', pid: freeChild!.pid, start: freeChild!.start, signal: 'SIGSTOP' });
    await waitFor('the detached worker\'s child stopped', () => procStat(freeChild!.pid)?.state === 'T');
    await harness.stop();
    expect(isRunning(away!.pid)).toBe(true);
    expect(isRunning(freeChild!.pid)).toBe(true);
  });
});
