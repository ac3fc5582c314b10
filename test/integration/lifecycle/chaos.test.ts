import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { WATCHDOG_NAME } from '../../../src/core/supervisor/watchdog';
import type { LabEvent } from '../../../src/shared/protocol';
import { Census, killIfSame, readProc, zombiesOf, type ProcRow } from '../../support/census';
import { ServerProcess } from '../../support/server-process';
import { waitFor } from '../../support/wait';

/**
 * Chaos: random kills of workers, their children and grandchildren, their parents, the shells between, and
 * the host itself, from a seeded generator so a failing run can be replayed (CHAOS_SEED). Afterwards /proc
 * must show no survivor, no orphan and no zombie of the lab's, except what the user detached.
 *
 * `npm test` runs a short version; `npm run chaos` the full counts (CHAOS_KILLS=1000).
 */
const KILLS = Number(process.env.CHAOS_KILLS ?? 40);
const SEED = Number(process.env.CHAOS_SEED ?? 6);
/** The host itself is killed (SIGKILL) or stopped (SIGTERM) in turn after its share of the kills, and a new one started. */
const HOSTS = Math.max(2, Math.ceil(KILLS / 125));
const KILLS_PER_HOST = Math.ceil(KILLS / HOSTS);
/** Processes kept below each host while the kills go on. */
const POPULATION = 24;
const TIME_PER_HOST_MS = 120_000;

/** mulberry32: a small seeded PRNG. */
function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    below: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
  };
}
type Random = ReturnType<typeof generator>;

const METHODS = ['fork', 'spawn', 'exec'] as const;

function leafTask(random: Random): Record<string, unknown> {
  return random.pick([{ name: 'hang' }, { name: 'hang' }, { name: 'ignore-sigterm' }, { name: 'sleep', ms: 300 + random.below(3000) }]);
}

/** One random start: every kind, method, daemon flag and depth the lab has (detached ones come apart). */
function randomSpec(random: Random): Record<string, unknown> {
  const children = () => ({
    name: 'spawn-children',
    n: 1 + random.below(3),
    kind: random.chance(0.8) ? 'process' : 'thread',
    method: random.pick(METHODS),
    daemon: random.chance(0.5),
    task: leafTask(random),
  });
  const count = 1 + random.below(3);
  switch (random.below(6)) {
    case 0:
      return { kind: 'thread', count, task: random.chance(0.5) ? children() : { name: 'hang' } };
    case 1:
      return { kind: 'command', count, command: 'sleep 600', daemon: random.chance(0.5) };
    case 2:
    case 3:
      return { kind: 'process', method: random.pick(METHODS), count, daemon: random.chance(0.3), task: children() };
    default:
      return { kind: 'process', method: random.pick(METHODS), count, daemon: random.chance(0.3), task: leafTask(random) };
  }
}

interface Tally {
  /** Kills actually done (the count asked for, unless a host's deadline ended its share first: then the test fails). */
  done: number;
  /** By what was hit (worker, child, grandchild...) and by how (signal or lab command). */
  targets: Record<string, number>;
  hows: Record<string, number>;
  started: number;
  detached: number;
  hostDeaths: Record<string, number>;
  orphansAtHostDeath: number;
  stoppedAtHostDeath: number;
  zombiesSeen: number;
}

const leftovers: ProcRow[] = [];
const servers: ServerProcess[] = [];
const track = (server: ServerProcess) => (servers.push(server), server);
afterEach(async () => {
  // A test that failed half-way still stops its lab (which ends what it started), then kills what is left.
  for (const server of servers.splice(0)) await server.stop('SIGTERM');
  for (const row of leftovers.splice(0)) killIfSame(row);
});

describe.runIf(process.platform === 'linux')('chaos', () => {
  it(`${KILLS} random kills over ${HOSTS} host(s): no survivor, orphan or zombie but the detached`, { timeout: HOSTS * (TIME_PER_HOST_MS + 60_000) }, async () => {
    const random = generator(SEED);
    const tally: Tally = { done: 0, targets: {}, hows: {}, started: 0, detached: 0, hostDeaths: {}, orphansAtHostDeath: 0, stoppedAtHostDeath: 0, zombiesSeen: 0 };
    const began = Date.now();
    for (let host = 0; host < HOSTS; host++) {
      const kills = Math.min(KILLS_PER_HOST, KILLS - host * KILLS_PER_HOST);
      await oneHost(random, kills, host % 2 === 0 ? 'SIGKILL' : 'SIGTERM', tally);
    }
    const figures = (counts: Record<string, number>) => Object.entries(counts).map(([what, n]) => `${what} ${n}`).join(', ');
    console.log(
      `chaos (seed ${SEED}): ${tally.done} kills in ${((Date.now() - began) / 1000).toFixed(1)} s over ${HOSTS} host(s) (${Object.entries(tally.hostDeaths).map(([how, n]) => `${n} by ${how}`).join(', ')}); ` +
        `${tally.started} workers started (${tally.detached} detached); hit: ${figures(tally.targets)}; how: ${figures(tally.hows)}; ` +
        `at the hosts' deaths ${tally.orphansAtHostDeath} orphans and ${tally.stoppedAtHostDeath} stopped processes were alive; ` +
        `transient zombies of the host seen ${tally.zombiesSeen}; left afterwards: 0 survivors, 0 orphans, 0 zombies (detached excepted).`,
    );
  });
});

async function oneHost(random: Random, kills: number, death: 'SIGKILL' | 'SIGTERM', tally: Tally): Promise<void> {
  const server = track(await ServerProcess.start(['--sample-period', '100', '--grace', '300']));
  const host = server.child.pid!;
  const census = new Census(host);
  const workerPids = new Map<number, string>();
  const freeSessions = new Set<number>();
  const deadline = Date.now() + TIME_PER_HOST_MS;
  const alive = () => {
    if (server.child.exitCode !== null || server.child.signalCode !== null) throw new Error(`the host died by itself: ${server.stderr.slice(-2000)}`);
  };
  const settle = (id: string) => waitFor(`${id} to start or fail`, () => server.events.find((e) => isSettled(e, id)), 30_000);

  // A few detached workers: the only thing that may outlive the host.
  for (const method of METHODS.slice(0, 1 + random.below(3))) {
    const [id] = await server.start({ kind: 'process', method, detached: true, task: { name: 'hang' } });
    const ready = (await settle(id!)) as Extract<LabEvent, { type: 'worker.ready' }>;
    freeSessions.add(ready.pid);
    tally.detached += 1;
  }

  let done = 0;
  for (; done < kills && Date.now() < deadline; ) {
    alive();
    const below = census.look();
    leftovers.push(...below);
    if (below.length < POPULATION) {
      const outcome = await server.execute({ type: 'start', spec: randomSpec(random) });
      if (!outcome.ok) throw new Error(`start refused: ${outcome.error}`);
      for (const id of outcome.result.workerIds) {
        const settled = await settle(id);
        if (settled.type === 'worker.ready') workerPids.set(settled.pid, id);
      }
      tally.started += outcome.result.workerIds.length;
      continue;
    }
    // The orphans too: no longer below the host, still the lab's. Not the watchdog: nothing in the lab can
    // signal it, and it stands in for the host once the host is gone.
    const orphans = census.remaining().orphans;
    const victims = [...below, ...orphans].filter((row) => !freeSessions.has(row.session) && row.state !== 'Z' && !isWatchdog(row));
    const victim = random.pick(victims);
    const role = orphans.includes(victim) ? 'orphan' : roleOf(victim, workerPids, host);
    let how: string;
    if (random.chance(0.12)) {
      // Some processes are stopped, whatever they are: a stopped process runs no handler when the host dies.
      killIfSame(victim, 'SIGSTOP');
      how = 'SIGSTOP';
    } else if (random.chance(0.2) && role === 'worker') {
      const command = random.pick(['terminate', 'kill', 'terminateTree'] as const);
      await server.execute({ type: command, workerIds: [workerPids.get(victim.pid)] });
      how = `lab ${command}`;
    } else {
      how = random.pick(['SIGKILL', 'SIGKILL', 'SIGTERM', 'SIGINT', 'SIGHUP'] as const);
      killIfSame(victim, how as NodeJS.Signals);
    }
    tally.targets[role] = (tally.targets[role] ?? 0) + 1;
    tally.hows[how] = (tally.hows[how] ?? 0) + 1;
    done += 1;
    // The host answers between kills: a refused command is the cheapest round trip there is.
    const answer = await server.execute({ type: 'join', workerIds: ['w0'] });
    expect(answer.ok).toBe(false);
    tally.zombiesSeen += zombiesOf(host).length;
  }
  alive();
  tally.done += done;
  expect(done, `the ${TIME_PER_HOST_MS / 1000} s deadline ended the kills of host ${host} before the count`).toBe(kills);

  // Zombies of the host are reaped as they come: none may stay.
  await waitFor('no zombie child of the host', () => zombiesOf(host).filter((row) => census.has(row)).length === 0, 10_000);
  census.look();
  const bound = (row: ProcRow) => !freeSessions.has(row.session);
  const atDeath = census.remaining();
  tally.orphansAtHostDeath += atDeath.orphans.filter(bound).length;
  tally.stoppedAtHostDeath += atDeath.survivors.filter((row) => bound(row) && row.state === 'T').length;
  tally.hostDeaths[death] = (tally.hostDeaths[death] ?? 0) + 1;
  await server.stop(death);

  const gone = () => {
    const { survivors, zombies } = census.remaining();
    return survivors.filter(bound).length === 0 && zombies.length === 0;
  };
  await waitFor('nothing left but the detached', gone, 15_000).catch(() => undefined);
  const { survivors, zombies } = census.remaining();
  expect(survivors.filter(bound).map((row) => `${row.pid} (${row.state}, ppid ${row.ppid}): ${commandOf(row.pid)}`)).toEqual([]);
  expect(zombies).toEqual([]);
  // The detached live on, each in its own session; then they are cleaned up by this test.
  for (const session of freeSessions) expect(readProc(session)?.session).toBe(session);
}

function isSettled(event: LabEvent, id: string): boolean {
  return (event.type === 'worker.ready' || event.type === 'worker.startFailed' || event.type === 'worker.exited') && event.workerId === id;
}

function roleOf(row: ProcRow, workers: ReadonlyMap<number, string>, host: number): string {
  if (workers.has(row.pid)) return 'worker';
  if (row.ppid === host) return "thread's child";
  return workers.has(row.ppid) ? 'child' : 'grandchild';
}

function isWatchdog(row: ProcRow): boolean {
  return commandOf(row.pid).includes(WATCHDOG_NAME);
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '?';
  }
}
