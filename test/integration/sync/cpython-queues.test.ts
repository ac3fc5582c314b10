import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LabHarness } from '../../support/lab-harness';
import { waitFor } from '../../support/wait';

/**
 * The Manager dict and list and queues' close and shutdown, checked from inside real workers (threads, forked
 * processes, and both at once) against CPython's expectations; the fixture throws on the first difference.
 */
const SCRIPT = join(__dirname, '..', '..', 'fixtures', 'cpython-queues.mjs');
let harness: LabHarness;
afterEach(async () => harness?.stop());

const script = (...args: Array<string | number>) => ({ name: 'script', path: SCRIPT, args });

async function exitedCleanly(h: LabHarness, ids: readonly string[]): Promise<void> {
  for (const id of ids) {
    const exited = await h.exited(id, 30_000);
    expect(exited.detail).toBeNull();
    expect(exited.exitCode).toBe(0);
  }
}

const printed = (h: LabHarness, workerId: string) =>
  h
    .all('worker.output', workerId)
    .filter((event) => event.stream === 'stdout')
    .map((event) => event.text)
    .join('');

describe.each([
  { label: 'threads', specs: [{ kind: 'thread' }] },
  { label: 'forked processes', specs: [{ kind: 'process', method: 'fork' }] },
  { label: 'threads and processes together', specs: [{ kind: 'thread' }, { kind: 'process', method: 'fork' }] },
])('the seeds\' Manager example, in $label', ({ specs }) => {
  it('d[n] = n; d["name"] = "alvin"; l.append(n) from 10 workers; print(d) and print(l) show every one', async () => {
    harness = new LabHarness();
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Dict', name: 'md' } });
    // manager.list(range(5))
    await harness.ok({ type: 'sync.create', primitive: { kind: 'List', name: 'ml', items: [0, 1, 2, 3, 4] } });
    const ids: string[] = [];
    for (let n = 0; n < 10; n += 1) ids.push(...(await harness.start({ ...specs[n % specs.length], task: script('m', 'manager-child', n) })));
    await exitedCleanly(harness, ids);
    const [main] = await harness.start({ ...specs[0], task: script('m', 'manager-main') });
    await exitedCleanly(harness, [main!]);
    const [dictLine, listLine] = printed(harness, main!).trim().split('\n');
    // Python prints {0: 0, 1: 1, ..., 'name': 'alvin'}; the lab's keys are text (docs/sync.md), in arrival order.
    const dict = JSON.parse(dictLine!.replace(/'/g, '"')) as Record<string, unknown>;
    expect(dict).toEqual({ ...Object.fromEntries(Array.from({ length: 10 }, (_, n) => [String(n), n])), name: 'alvin' });
    const list = JSON.parse(listLine!) as number[];
    expect(list.slice(0, 5)).toEqual([0, 1, 2, 3, 4]);
    expect([...list.slice(5)].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});

describe.each([
  { label: 'a thread', spec: { kind: 'thread' } },
  { label: 'a forked process', spec: { kind: 'process', method: 'fork' } },
])('inside $label', ({ spec }) => {
  it('a script creates the Manager\'s dict and list itself (manager.dict(), manager.list(range(5))), and others use them', async () => {
    harness = new LabHarness();
    const [creator] = await harness.start({ ...spec, task: script('w', 'manager-create') });
    await exitedCleanly(harness, [creator!]);
    // A List's first items are counted in the record, not kept there.
    expect(harness.all('sync.created').map(({ primitive, firstItems }) => ({ primitive, firstItems }))).toEqual([
      { primitive: { kind: 'Dict', name: 'wd' }, firstItems: undefined },
      { primitive: { kind: 'List', name: 'wl', items: [] }, firstItems: 5 },
    ]);
    const children = (await harness.ok({ type: 'start', spec: { ...spec, count: 3, task: script('w', 'manager-child', 7) } })).workerIds;
    await exitedCleanly(harness, children);
    const [main] = await harness.start({ ...spec, task: script('w', 'manager-main') });
    await exitedCleanly(harness, [main!]);
    expect(printed(harness, main!)).toBe("{'7': 7, 'name': 'alvin'}\n[0, 1, 2, 3, 4, 7, 7, 7]\n");
  });

  it('a DictProxy\'s and a ListProxy\'s methods answer as CPython\'s, errors in its words', async () => {
    harness = new LabHarness();
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Dict', name: 'xd' } });
    await harness.ok({ type: 'sync.create', primitive: { kind: 'List', name: 'xl' } });
    const [id] = await harness.start({ ...spec, task: script('x', 'manager-methods') });
    await exitedCleanly(harness, [id!]);
  });
});

describe.each([
  { label: 'threads', getter: { kind: 'thread' }, putter: { kind: 'thread' } },
  { label: 'forked processes', getter: { kind: 'process', method: 'fork' }, putter: { kind: 'process', method: 'fork' } },
  { label: 'a thread and a process', getter: { kind: 'thread' }, putter: { kind: 'process', method: 'fork' } },
])('shutdown() (Python 3.13) with $label blocked', ({ getter, putter }) => {
  it('wakes a blocked getter and a blocked putter to raise ShutDown, and later puts and gets raise it too', async () => {
    harness = new LabHarness();
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Queue', name: 'sempty' } });
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Queue', name: 'sfull', maxsize: 1 } });
    await harness.ok({ type: 'sync.operate', request: { op: 'put', name: 'sfull', item: 'Y' } });
    const [g] = await harness.start({ ...getter, task: script('s', 'shutdown-getter') });
    const [p] = await harness.start({ ...putter, task: script('s', 'shutdown-putter') });
    await waitFor('both blocked', () => {
      const last = harness.primitives();
      return last.filter((primitive) => primitive.name.startsWith('s') && primitive.waiters.length === 1).length === 2 || undefined;
    });
    await harness.ok({ type: 'sync.operate', request: { op: 'shutdown', name: 'sempty' } });
    await harness.ok({ type: 'sync.operate', request: { op: 'shutdown', name: 'sfull' } });
    await exitedCleanly(harness, [g!, p!]);
  });
});

describe.each([
  { label: 'a thread', spec: { kind: 'thread' } },
  { label: 'a forked process', spec: { kind: 'process', method: 'fork' } },
])('close() inside $label', ({ spec }) => {
  it('makes that worker\'s put and get raise ValueError "Queue ... is closed"; the lab\'s own get still works', async () => {
    harness = new LabHarness();
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Queue', name: 'cclosing' } });
    const [id] = await harness.start({ ...spec, task: script('c', 'close') });
    await exitedCleanly(harness, [id!]);
    expect((await harness.ok({ type: 'sync.operate', request: { op: 'get', name: 'cclosing' } })).value).toBe(1);
  });
});

describe.each([
  { label: 'a thread', spec: { kind: 'thread' } },
  { label: 'a forked process', spec: { kind: 'process', method: 'fork' } },
])('the memory budget, filled by $label', ({ spec }) => {
  it('refuses the put that would pass 64 MiB with MemoryError, logs which worker hit it, and the lab stays up', async () => {
    harness = new LabHarness();
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Queue', name: 'fbig' } });
    const [id] = await harness.start({ ...spec, task: script('f', 'fill') });
    await exitedCleanly(harness, [id!]);
    // 64 MiB is 67 items of 999,002 bytes of JSON and 48 B each (memory-budget.ts); the 68th is refused.
    expect(printed(harness, id!)).toContain('puts before MemoryError: 67');
    expect(harness.find('sync.memoryRefused', id)).toMatchObject({ primitive: 'fbig', workerId: id, bytes: 999_002 + 48, limit: 64 * 1024 * 1024 });
    // The lab still answers, and the queue holds what was put.
    expect((await harness.ok({ type: 'sync.operate', request: { op: 'qsize', name: 'fbig' } })).value).toBe(67);
    expect(await harness.ok({ type: 'sync.delete', name: 'fbig' })).toBeDefined();
    await harness.ok({ type: 'sync.create', primitive: { kind: 'Queue', name: 'fbig' } });
    const [again] = await harness.start({ ...spec, task: script('f', 'fill') });
    await exitedCleanly(harness, [again!]);
    expect(printed(harness, again!)).toContain('puts before MemoryError: 67');
  });
});
