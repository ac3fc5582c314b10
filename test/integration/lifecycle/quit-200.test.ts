import { afterEach, describe, expect, it } from 'vitest';
import { Census, killIfSame, type ProcRow } from '../../support/census';
import { ServerProcess } from '../../support/server-process';
import { waitFor } from '../../support/wait';

const hang = { name: 'hang' };
const leftovers: ProcRow[] = [];
const servers: ServerProcess[] = [];
const track = (server: ServerProcess) => (servers.push(server), server);
afterEach(async () => {
  // A test that failed half-way still stops its lab (which ends what it started), then kills what is left.
  for (const server of servers.splice(0)) await server.stop('SIGTERM');
  for (const row of leftovers.splice(0)) killIfSame(row);
});

/** 200 workers of every kind the lab has: threads, processes of each method, daemons, SIGTERM-ignorers, children. */
const MIX: ReadonlyArray<[number, Record<string, unknown>]> = [
  [40, { kind: 'thread', task: hang }],
  [10, { kind: 'thread', task: { name: 'spawn-children', n: 2, kind: 'process', method: 'spawn', task: hang } }],
  [30, { kind: 'process', method: 'fork', task: hang }],
  [25, { kind: 'process', method: 'spawn', task: hang }],
  [20, { kind: 'process', method: 'exec', task: hang }],
  [10, { kind: 'command', command: 'sleep 600' }],
  [10, { kind: 'command', command: 'sleep 601', daemon: true }],
  [20, { kind: 'process', method: 'fork', daemon: true, task: { name: 'ignore-sigterm' } }],
  [20, { kind: 'process', method: 'fork', task: { name: 'ignore-sigterm' } }],
  [10, { kind: 'process', method: 'fork', task: { name: 'spawn-children', n: 2, kind: 'process', method: 'fork', task: hang } }],
  [5, { kind: 'process', method: 'spawn', task: { name: 'spawn-children', n: 2, kind: 'process', method: 'exec', daemon: true, task: hang } }],
];
/** Processes below the host once all have started: 150 process workers, 20 exec nodes, 60 children. */
const PROCESSES = 150 + 20 + 10 * 2 + 10 * 2 + 5 * 2 * 2;

describe.runIf(process.platform === 'linux')('quitting with 200 workers', () => {
  it('ends every one of them and everything below them; nothing remains', { timeout: 180_000 }, async () => {
    const server = track(await ServerProcess.start(['--sample-period', '500']));
    const census = new Census(server.child.pid!);
    const ids: string[] = [];
    for (const [count, spec] of MIX) ids.push(...(await server.start({ ...spec, count })));
    expect(ids).toHaveLength(200);
    const began = Date.now();
    for (const id of ids) await server.ready(id);
    const readyMs = Date.now() - began;
    await waitFor('every process below the lab', () => census.look().length >= PROCESSES, 60_000);
    // The lab's own view must include them too, or it could not end the orphans among them.
    await waitFor('the lab to have sampled them', () => server.sampledPids().length >= PROCESSES, 30_000);
    leftovers.push(...census.look());

    const { code, ms } = await server.stop('SIGTERM');
    expect(code).toBe(0);
    const ended = new Set(server.events.flatMap((e) => (e.type === 'worker.exited' || e.type === 'worker.startFailed' ? [e.workerId] : [])));
    expect(ids.filter((id) => !ended.has(id))).toEqual([]);
    const { survivors, zombies } = await waitFor('nothing left', () => {
      const left = census.remaining();
      return left.survivors.length === 0 && left.zombies.length === 0 ? left : undefined;
    });
    expect(survivors).toEqual([]);
    expect(zombies).toEqual([]);
    const said = await waitFor('the stop message', () => /Ended 200 workers.*\n/.exec(server.stdout)?.[0]);
    console.log(`quit with 200 workers (${census.size} processes, all ready after ${readyMs} ms): the server exited ${ms} ms after SIGTERM. ${said.trim()}`);
  });
});
