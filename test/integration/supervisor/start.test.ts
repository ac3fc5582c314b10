import { afterEach, describe, expect, it } from 'vitest';
import { LabHarness } from '../../support/lab-harness';
import { procStat, psParents, threadIds } from '../../support/procfs';
import { waitFor } from '../../support/wait';

let harness: LabHarness;
afterEach(async () => harness?.stop());

const hang = { name: 'hang' };

describe('every kind and method starts a real worker with the right PID and PPID', () => {
  it.each(['fork', 'spawn'] as const)('%s: a Node child of the host', async (method) => {
    harness = new LabHarness();
    const [id] = await harness.start({ kind: 'process', method, task: hang });
    const ready = await harness.ready(id!);
    expect(ready.pid).not.toBe(process.pid);
    expect(ready.ppid).toBe(process.pid);
    expect(procStat(ready.pid)?.ppid).toBe(process.pid);
    expect(psParents().get(ready.pid)).toBe(process.pid);
    expect(ready.latencyMs).toBeGreaterThan(0);
    expect(harness.find('worker.starting', undefined)?.worker.ipc).toBe(method === 'fork');
  });

  it('exec: a shell child of the host, with node below it (a process no API call started)', async () => {
    harness = new LabHarness();
    const [id] = await harness.start({ kind: 'process', method: 'exec', task: hang });
    const ready = await harness.ready(id!);
    expect(procStat(ready.pid)?.ppid).toBe(process.pid);
    const node = await waitFor('the node below the shell', () =>
      [...psParents()].find(([, ppid]) => ppid === ready.pid)?.[0],
    );
    const sample = await waitFor('a process sample with the shell and its child', () => {
      const last = harness.all('metrics.processes').at(-1);
      return last?.processes.some((p) => p.pid === node) ? last : undefined;
    });
    expect(sample.processes.find((p) => p.pid === node)?.ppid).toBe(ready.pid);
  });

  it('command: any program, seen as a child of the host', async () => {
    harness = new LabHarness();
    const [id] = await harness.start({ kind: 'command', command: 'sleep 30' });
    const ready = await harness.ready(id!);
    expect(procStat(ready.pid)?.ppid).toBe(process.pid);
    const sample = await waitFor('sleep in a sample', () =>
      harness.all('metrics.processes').at(-1)?.processes.find((p) => p.pid === ready.pid),
    );
    expect(sample.name).toBe('sleep');
    expect(sample.command).toBe('sleep 30');
  });

  it('thread: a thread of the host, with its native TID', async () => {
    harness = new LabHarness();
    const [id] = await harness.start({ kind: 'thread', task: { name: 'burn', ms: 3000 } });
    const ready = await harness.ready(id!);
    expect(ready.pid).toBe(process.pid);
    expect(ready.tid).not.toBeNull();
    expect(threadIds(process.pid)).toContain(ready.tid);
    const busy = await waitFor('the thread busy in a sample', () => {
      const host = harness.all('metrics.processes').at(-1)?.processes.find((p) => p.pid === process.pid);
      const thread = host?.threads?.find((t) => t.tid === ready.tid);
      return thread && (thread.cpu ?? 0) > 50 ? thread : undefined;
    });
    expect(busy.cpu).toBeGreaterThan(50);
  });

  it('starts a group of N at once, with names from the prefix', async () => {
    harness = new LabHarness();
    const ids = await harness.start({ kind: 'process', method: 'fork', count: 3, namePrefix: 'demo', task: hang });
    expect(ids).toHaveLength(3);
    await Promise.all(ids.map((id) => harness.ready(id)));
    const started = harness.all('worker.starting').map((e) => e.worker);
    expect(new Set(started.map((w) => w.groupId)).size).toBe(1);
    expect(started.map((w) => w.name)).toEqual(['demo-1', 'demo-2', 'demo-3']);
  });

  it('a worker that starts its own children gives the tree grandchildren', async () => {
    harness = new LabHarness();
    const [id] = await harness.start({
      kind: 'process',
      method: 'fork',
      task: { name: 'spawn-children', n: 2, kind: 'process', method: 'spawn', task: hang },
    });
    const ready = await harness.ready(id!);
    const grandchildren = await waitFor('two grandchildren in a sample', () => {
      const kids = harness.all('metrics.processes').at(-1)?.processes.filter((p) => p.ppid === ready.pid) ?? [];
      return kids.length === 2 ? kids : undefined;
    });
    for (const child of grandchildren) expect(procStat(child.pid)?.ppid).toBe(ready.pid);
  });
});

describe('a start that cannot work is a failed start, never a hang', () => {
  it('reports a command that does not exist', async () => {
    harness = new LabHarness();
    const [id] = await harness.start({ kind: 'command', command: 'no-such-program-here --x' });
    const failed = await harness.waitFor('worker.startFailed', id);
    expect(failed.reason).toBe('command not found: no-such-program-here');
  });

  it('reports a missing worker script', async () => {
    const { createLab } = await import('../../../src/core/lab');
    const lab = createLab({ entries: { thread: '/nonexistent/thread.js', process: '/nonexistent/process.js' } });
    const events: string[] = [];
    lab.subscribe((batch) => batch.forEach((e) => e.type === 'worker.startFailed' && events.push(e.reason)));
    await lab.execute({ type: 'start', spec: { kind: 'process', method: 'fork', count: 1, task: hang } });
    await lab.execute({ type: 'start', spec: { kind: 'thread', count: 1, task: hang } });
    await waitFor('two failed starts', () => events.length === 2);
    expect(events.join('\n')).toMatch(/Cannot find module/);
    await lab.stop('test');
  });

  it('refuses more live workers than the limit, and changes nothing', async () => {
    harness = new LabHarness({ maxLiveWorkers: 2 });
    await harness.start({ kind: 'thread', count: 2, task: hang });
    const error = await harness.refused({ type: 'start', spec: { kind: 'thread', count: 1, task: hang } });
    expect(error).toContain('at most 2 live workers');
    expect(harness.lab.state().workerOrder).toHaveLength(2);
  });
});
