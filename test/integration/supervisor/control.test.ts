import { afterEach, describe, expect, it } from 'vitest';
import { LabHarness } from '../../support/lab-harness';
import { isRunning, procStat, psParents } from '../../support/procfs';
import { waitFor } from '../../support/wait';

let harness: LabHarness;
afterEach(async () => harness?.stop());

const hang = { name: 'hang' };

describe('join', () => {
  it('waits for the worker to end, without ending it', async () => {
    harness = new LabHarness();
    const [id] = await harness.start({ kind: 'process', method: 'fork', task: { name: 'sleep', ms: 400 } });
    await harness.ready(id!);
    await harness.ok({ type: 'join', workerIds: [id] });
    const joined = await harness.waitFor('join.finished', id);
    const exited = harness.find('worker.exited', id)!;
    expect(exited.exitCode).toBe(0);
    expect(joined.seq).toBeGreaterThan(exited.seq);
  });

  it('with a timeout that runs out, says so and leaves the worker running', async () => {
    harness = new LabHarness();
    const [id] = await harness.start({ kind: 'process', method: 'fork', task: hang });
    const ready = await harness.ready(id!);
    await harness.ok({ type: 'join', workerIds: [id], timeoutMs: 300 });
    const timedOut = await harness.waitFor('join.timedOut', id);
    expect(timedOut.timeoutMs).toBe(300);
    expect(harness.find('worker.exited', id)).toBeUndefined();
    expect(isRunning(ready.pid)).toBe(true);
  });

  // CPython: Thread.join(-1) and Process.join(-1) return at once (None), the worker still alive
  // (threading.Thread.join waits max(timeout, 0); popen_fork.Popen.wait polls the sentinel).
  it.each([
    ['thread', {}],
    ['process', { method: 'fork' }],
  ] as const)('join(-1) of a live %s returns at once: timed out with 0 ms, the worker still running', async (kind, method) => {
    harness = new LabHarness();
    const [id] = await harness.start({ kind, ...method, task: hang });
    await harness.ready(id!);
    await harness.ok({ type: 'join', workerIds: [id], timeoutMs: -1 });
    const timedOut = await harness.waitFor('join.timedOut', id);
    expect(harness.find('join.started', id)?.timeoutMs).toBe(0);
    expect(timedOut.timeoutMs).toBe(0);
    expect(harness.find('worker.exited', id)).toBeUndefined();
    expect(harness.lab.state().workers[id!]?.join).toBeNull();
  });

  it('join(-1) of an ended worker finishes, as join() does', async () => {
    harness = new LabHarness();
    const [id] = await harness.start({ kind: 'thread', task: { name: 'sleep', ms: 0 } });
    await harness.exited(id!);
    await harness.ok({ type: 'join', workerIds: [id], timeoutMs: -5 });
    await harness.waitFor('join.finished', id);
    expect(harness.find('join.timedOut', id)).toBeUndefined();
  });

  it('of a thread works the same way', async () => {
    harness = new LabHarness();
    const [id] = await harness.start({ kind: 'thread', task: { name: 'count', n: 1000 } });
    await harness.ok({ type: 'join', workerIds: [id] });
    await harness.waitFor('join.finished', id);
    expect(harness.find('worker.exited', id)?.code).toBe(0);
  });
});

describe('terminate, kill and signals', () => {
  it('terminate gives -15 and kill gives -9', async () => {
    harness = new LabHarness();
    const [a, b] = await harness.start({ kind: 'process', method: 'fork', count: 2, task: hang });
    await Promise.all([harness.ready(a!), harness.ready(b!)]);
    await harness.ok({ type: 'terminate', workerIds: [a] });
    await harness.ok({ type: 'kill', workerIds: [b] });
    expect((await harness.exited(a!)).exitCode).toBe(-15);
    expect((await harness.exited(b!)).exitCode).toBe(-9);
    expect(harness.find('worker.exited', a)).toMatchObject({ code: null, signal: 'SIGTERM' });
  });

  it('a worker that ignores SIGTERM is escalated to SIGKILL after the grace period', async () => {
    harness = new LabHarness({ gracePeriodMs: 600 });
    const [id] = await harness.start({ kind: 'process', method: 'fork', task: { name: 'ignore-sigterm' } });
    await harness.ready(id!);
    await harness.ok({ type: 'terminate', workerIds: [id] });
    const escalated = await harness.waitFor('terminate.escalated', id);
    const exited = await harness.exited(id!);
    expect(escalated.afterMs).toBe(600);
    expect(exited.exitCode).toBe(-9);
    const sent = harness.find('terminate.sent', id)!;
    expect(escalated.t - sent.t).toBeGreaterThanOrEqual(550);
  });

  it('SIGSTOP suspends and SIGCONT resumes a process', async () => {
    harness = new LabHarness();
    const [id] = await harness.start({ kind: 'process', method: 'fork', task: { name: 'burn', ms: 20_000 } });
    const { pid } = await harness.ready(id!);
    await harness.ok({ type: 'signal', workerIds: [id], signal: 'SIGSTOP' });
    await waitFor('stopped', () => procStat(pid)?.state === 'T');
    await waitFor('the lab to see it stopped', () => harness.lab.state().workers[id!]?.state === 'stopped');
    await harness.ok({ type: 'signal', workerIds: [id], signal: 'SIGCONT' });
    await waitFor('running again', () => procStat(pid)?.state === 'R');
  });

  it('a thread is terminated with worker.terminate(), and refuses signals with a reason', async () => {
    harness = new LabHarness();
    const [id] = await harness.start({ kind: 'thread', task: hang });
    await harness.ready(id!);
    expect(await harness.refused({ type: 'signal', workerIds: [id], signal: 'SIGTERM' })).toContain('is a thread');
    await harness.ok({ type: 'terminate', workerIds: [id] });
    const exited = await harness.exited(id!);
    expect(exited).toMatchObject({ code: 1, detail: 'terminated' });
  });

  it('crash(signal) and exit(code) and throw follow the seeds convention', async () => {
    harness = new LabHarness();
    const [crash] = await harness.start({ kind: 'process', method: 'fork', task: { name: 'crash', signal: 'SIGSEGV' } });
    const [exit] = await harness.start({ kind: 'process', method: 'spawn', task: { name: 'exit', code: 3 } });
    const [thrown] = await harness.start({ kind: 'process', method: 'fork', task: { name: 'throw', message: 'boom' } });
    const [threadThrow] = await harness.start({ kind: 'thread', task: { name: 'throw', message: 'bang' } });
    expect((await harness.exited(crash!)).exitCode).toBe(-11);
    expect((await harness.exited(exit!)).exitCode).toBe(3);
    expect(await harness.exited(thrown!)).toMatchObject({ exitCode: 1, detail: 'Error: boom' });
    expect(await harness.exited(threadThrow!)).toMatchObject({ exitCode: 1, detail: 'Error: bang' });
  });

  it('refuses unknown workers and workers that have exited, and changes nothing', async () => {
    harness = new LabHarness();
    const [id] = await harness.start({ kind: 'process', method: 'fork', task: { name: 'exit', code: 0 } });
    await harness.exited(id!);
    const before = harness.events.length;
    expect(await harness.refused({ type: 'terminate', workerIds: ['w999'] })).toBe('no worker with id "w999"');
    expect(await harness.refused({ type: 'kill', workerIds: [id] })).toContain('has already exited');
    expect(await harness.refused({ type: 'signal', workerIds: [id, 'nope'], signal: 'SIGINT' })).toContain('"nope"');
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Samples and the lab's own look at the machine (lab.system, which may land late on a busy host) go on.
    expect(harness.events.slice(before).filter((e) => !e.type.startsWith('metrics.') && e.type !== 'lab.system')).toEqual([]);
  });
});

describe('terminate tree', () => {
  it('reaches grandchildren, which a plain terminate leaves behind as orphans', async () => {
    harness = new LabHarness({ gracePeriodMs: 500 });
    const task = { name: 'spawn-children', n: 2, kind: 'process', method: 'fork', task: hang };
    const [tree, plain] = await harness.start({ kind: 'process', method: 'fork', count: 2, task });
    const treeParent = (await harness.ready(tree!)).pid;
    const plainParent = (await harness.ready(plain!)).pid;
    const childrenOf = (pid: number) => [...psParents()].filter(([, ppid]) => ppid === pid).map(([child]) => child);
    const treeKids = await waitFor('two grandchildren', () => (childrenOf(treeParent).length === 2 ? childrenOf(treeParent) : undefined));
    const plainKids = await waitFor('two more', () => (childrenOf(plainParent).length === 2 ? childrenOf(plainParent) : undefined));
    // Let the sampler see them, so it knows their ancestry when they are orphaned.
    await waitFor('the sampler to know them', () => harness.all('metrics.processes').at(-1)?.processes.some((p) => p.pid === plainKids[1]));

    await harness.ok({ type: 'terminateTree', workerIds: [tree] });
    await harness.ok({ type: 'terminate', workerIds: [plain] });
    await harness.exited(tree!);
    await harness.exited(plain!);
    await waitFor('the tree to be gone', () => treeKids.every((pid) => !isRunning(pid)));
    expect(plainKids.every((pid) => isRunning(pid))).toBe(true);
    const reparented = await harness.waitFor('process.reparented');
    expect(plainKids).toContain(reparented.pid);

    // The orphans still belong to the exited worker's tree.
    await harness.ok({ type: 'terminateTree', workerIds: [plain] });
    await waitFor('the orphans to be gone', () => plainKids.every((pid) => !isRunning(pid)));
  });
});
