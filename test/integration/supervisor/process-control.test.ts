import { afterEach, describe, expect, it } from 'vitest';
import type { ProcessSample } from '../../../src/shared/samples';
import { isRunning, procStat } from '../../support/procfs';
import { LabHarness } from '../../support/lab-harness';
import { waitFor } from '../../support/wait';

let harness: LabHarness;
afterEach(async () => harness?.stop());

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
