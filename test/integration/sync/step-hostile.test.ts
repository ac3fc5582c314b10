import { afterEach, describe, expect, it } from 'vitest';
import type { CommandOutcome } from '../../../src/shared/protocol';
import { LabHarness } from '../../support/lab-harness';
import { waitFor } from '../../support/wait';

/**
 * Step mode as an attacker drives it, with real threads and forked processes: releases of workers that are
 * unknown, ended or not held, a release flood, step mode turned on under 100 running workers and off again
 * with all of them held, a held worker killed, its primitive deleted under it, "again" fired together, and
 * the lab stopped with workers held. Each command is answered in words, every worker goes on when it should,
 * and no process outlives the lab.
 */
let harness: LabHarness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

const held = (h: LabHarness) => h.lab.state().step.held;
const heldAt = (h: LabHarness, workerId: string, at: string) =>
  waitFor(`${workerId} held at ${at}`, () => {
    const where = held(h)[workerId];
    return where !== undefined && `${where.primitive}.${where.op}` === at;
  });
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('step mode under attack', () => {
  it('releases of unknown, ended and not-held workers are refused in words; in a flood of releases each accepted one lets exactly one operation through', async () => {
    const h = (harness = new LabHarness());
    await h.ok({ type: 'sync.create', primitive: { kind: 'Lock', name: 'lockA' } });
    await h.ok({ type: 'sync.create', primitive: { kind: 'Lock', name: 'lockB' } });
    const [done] = await h.start({ kind: 'thread', task: { name: 'exit', code: 0 } });
    await h.exited(done!);
    expect(await h.refused({ type: 'sync.release', workerId: 'w1' })).toBe('step mode is off: every worker runs freely');
    await h.ok({ type: 'sync.stepMode', on: true });
    expect(await h.refused({ type: 'sync.release', workerId: 'w999' })).toMatch(/^[^\n]* is not held: it is running, waiting in the broker, or has ended$/);
    expect(await h.refused({ type: 'sync.release', workerId: done! })).toMatch(/is not held/);
    for (const workerId of ['', 'x'.repeat(10_000), '__proto__', 42, null]) expect((await h.lab.execute({ type: 'sync.release', workerId })).ok).toBe(false);

    const [w1] = await h.start({ kind: 'thread', task: { name: 'acquire-in-order', first: 'lockA', second: 'lockB', holdMs: 0 } });
    await heldAt(h, w1!, 'lockA.acquire');
    // A thousand clicks at once: the first lets lockA.acquire through, the rest find it running or held anew.
    const outcomes = await Promise.all(Array.from({ length: 1000 }, () => h.lab.execute({ type: 'sync.release', workerId: w1! })));
    const accepted = outcomes.filter((outcome) => outcome.ok).length;
    expect(accepted).toBeGreaterThanOrEqual(1);
    for (const outcome of outcomes) if (!outcome.ok) expect(outcome.error).toMatch(/is not held/);
    // Each accepted release was one operation, in the program's order, and the schedule says so.
    const order = ['lockA.acquire', 'lockB.acquire', 'lockB.release', 'lockA.release'];
    expect(h.lab.state().step.schedule.map((choice) => `${choice.primitive}.${choice.op}`)).toEqual(order.slice(0, accepted));
    for (const at of order.slice(accepted)) {
      await heldAt(h, w1!, at);
      await h.ok({ type: 'sync.release', workerId: w1! });
    }
    expect((await h.exited(w1!)).exitCode).toBe(0);
    expect(h.primitive('lockA')?.holders).toEqual([]);
  });

  it('on under 100 running threads: every one is held at its next operation; off: all of them go on and finish', async () => {
    const h = (harness = new LabHarness());
    await h.ok({ type: 'sync.create', primitive: { kind: 'Queue', name: 'q' } });
    const producers = await h.start({ kind: 'thread', count: 50, namePrefix: 'producer', task: { name: 'produce', queue: 'q', n: 30, delayMs: 40 } });
    const consumers = await h.start({ kind: 'thread', count: 50, namePrefix: 'consumer', task: { name: 'consume', queue: 'q', n: 30, delayMs: 40 } });
    const all = [...producers, ...consumers];
    await waitFor('all 100 ready', () => all.every((id) => h.find('worker.ready', id) !== undefined), 120_000);
    // Toggled in a burst first: each on starts a session, each off lets all go; the lab answers every one.
    const toggles = await Promise.all(Array.from({ length: 200 }, (_, at) => h.lab.execute({ type: 'sync.stepMode', on: at % 2 === 0 })));
    expect(toggles.every((outcome) => outcome.ok)).toBe(true);
    await h.ok({ type: 'sync.stepMode', on: true });
    await waitFor('all 100 held', () => all.every((id) => held(h)[id] !== undefined || h.lab.state().workers[id]?.exit !== null), 60_000);
    expect(all.filter((id) => h.lab.state().workers[id]?.exit === null).length).toBeGreaterThan(0);
    await h.ok({ type: 'sync.stepMode', on: false });
    for (const id of all) expect((await h.exited(id, 120_000)).exitCode).toBe(0);
    expect(held(h)).toEqual({});
    expect(h.primitive('q')?.depth).toBe(0);
  });

  it('a held forked process killed is held no more, its release is refused, and the others still go; its lock is freed', async () => {
    const h = (harness = new LabHarness());
    await h.ok({ type: 'sync.create', primitive: { kind: 'Lock', name: 'lockA' } });
    await h.ok({ type: 'sync.create', primitive: { kind: 'Lock', name: 'lockB' } });
    await h.ok({ type: 'sync.stepMode', on: true });
    const [p1, p2] = await h.start({ kind: 'process', method: 'fork', count: 2, task: { name: 'acquire-in-order', first: 'lockA', second: 'lockB', holdMs: 0 } });
    await heldAt(h, p1!, 'lockA.acquire');
    await h.ok({ type: 'sync.release', workerId: p1! });
    // p1 holds lockA now and is held at lockB.acquire: killed there.
    await heldAt(h, p1!, 'lockB.acquire');
    await h.ok({ type: 'kill', workerIds: [p1!] });
    expect((await h.exited(p1!)).exitCode).toBe(-9);
    await waitFor('p1 held no more', () => held(h)[p1!] === undefined);
    expect(await h.refused({ type: 'sync.release', workerId: p1! })).toMatch(/is not held/);
    await waitFor('lockA freed (owner died)', () => h.primitive('lockA')?.holders.length === 0);
    for (const at of ['lockA.acquire', 'lockB.acquire', 'lockB.release', 'lockA.release']) {
      await heldAt(h, p2!, at);
      await h.ok({ type: 'sync.release', workerId: p2! });
    }
    expect((await h.exited(p2!)).exitCode).toBe(0);
  });

  it("a held worker's primitive deleted under it: its release is answered in words to the worker, and the lab goes on", async () => {
    const h = (harness = new LabHarness());
    await h.ok({ type: 'sync.create', primitive: { kind: 'Lock', name: 'lockA' } });
    await h.ok({ type: 'sync.create', primitive: { kind: 'Lock', name: 'lockB' } });
    await h.ok({ type: 'sync.stepMode', on: true });
    const [w1] = await h.start({ kind: 'thread', task: { name: 'acquire-in-order', first: 'lockA', second: 'lockB', holdMs: 0 } });
    await heldAt(h, w1!, 'lockA.acquire');
    // Held means not yet seen by the broker: the lock is free, so it can be deleted.
    await h.ok({ type: 'sync.delete', name: 'lockA' });
    await h.ok({ type: 'sync.release', workerId: w1! });
    const exited = await h.exited(w1!);
    // The task's own acquire of a lock that no longer exists fails in the worker, in its words; not the lab.
    expect(exited.exitCode).not.toBe(0);
    expect(exited.exitCode).toBeGreaterThan(0);
    await h.ok({ type: 'sync.create', primitive: { kind: 'Lock', name: 'lockA' } });
    const [w2] = await h.start({ kind: 'thread', task: { name: 'acquire-in-order', first: 'lockA', second: 'lockB', holdMs: 0 } });
    await heldAt(h, w2!, 'lockA.acquire');
  });

  it('"again" fired five times together replays once: one set of workers, the others refused in words', async () => {
    const h = (harness = new LabHarness());
    expect(await h.refused({ type: 'sync.stepAgain' })).toBe('no schedule to replay yet: turn step mode on, start workers, and release them one by one');
    await h.ok({ type: 'sync.create', primitive: { kind: 'Lock', name: 'lockA' } });
    await h.ok({ type: 'sync.create', primitive: { kind: 'Lock', name: 'lockB' } });
    await h.ok({ type: 'sync.stepMode', on: true });
    const [w1] = await h.start({ kind: 'thread', namePrefix: 'again', task: { name: 'acquire-in-order', first: 'lockA', second: 'lockB', holdMs: 0 } });
    await heldAt(h, w1!, 'lockA.acquire');
    await h.ok({ type: 'sync.release', workerId: w1! });
    await heldAt(h, w1!, 'lockB.acquire');
    const outcomes: CommandOutcome[] = await Promise.all(Array.from({ length: 5 }, () => h.lab.execute({ type: 'sync.stepAgain' })));
    const replayed = outcomes.filter((outcome) => outcome.ok);
    expect(replayed).toHaveLength(1);
    for (const outcome of outcomes) if (!outcome.ok) expect(outcome.error).toMatch(/^[^\n]+$/);
    const live = Object.values(h.lab.state().workers).filter((worker) => worker.name.startsWith('again') && worker.exit === null);
    expect(live.map((worker) => worker.id)).toEqual(replayed[0]!.ok ? replayed[0]!.result.workerIds : []);
    await heldAt(h, live[0]!.id, 'lockB.acquire');
    await h.ok({ type: 'sync.stepMode', on: false });
    expect((await h.exited(live[0]!.id)).exitCode).toBe(0);
  });

  it('the lab stopped with threads and forked processes held: stop ends, and no process of theirs outlives it', async () => {
    const h = new LabHarness();
    await h.ok({ type: 'sync.create', primitive: { kind: 'Lock', name: 'lockA' } });
    await h.ok({ type: 'sync.create', primitive: { kind: 'Lock', name: 'lockB' } });
    await h.ok({ type: 'sync.stepMode', on: true });
    const task = { name: 'acquire-in-order', first: 'lockA', second: 'lockB', holdMs: 0 };
    const processes = await h.start({ kind: 'process', method: 'fork', count: 3, task });
    const threads = await h.start({ kind: 'thread', count: 2, task });
    for (const id of [...processes, ...threads]) await heldAt(h, id, 'lockA.acquire');
    // One of them holds lockA and is held again: a lock held by a held worker, at the stop.
    await h.ok({ type: 'sync.release', workerId: processes[0]! });
    await heldAt(h, processes[0]!, 'lockB.acquire');
    const pids = processes.map((id) => h.lab.state().workers[id]?.pid).filter((pid): pid is number => typeof pid === 'number');
    expect(pids).toHaveLength(3);
    expect(pids.every(alive)).toBe(true);
    const summary = await h.stop();
    expect(summary).toBeDefined();
    await waitFor('every held process gone', () => pids.every((pid) => !alive(pid)), 10_000);
  });
});
