import { describe, expect, it } from 'vitest';
import type { PoolWorkers } from '../../../../src/core/pools/pool-workers';
import { MAX_POOLS, Pools } from '../../../../src/core/pools/pools';
import type { LabEventBody } from '../../../../src/shared/protocol';
import { ManualClock } from '../sync/harness';

/** A stand-in for the supervisor (the registry's neighbour): every start gives a worker id, none ever runs. */
function registry() {
  let count = 0;
  const workers: PoolWorkers = { stopping: false, start: () => ({ ok: true, workerId: `w${++count}` }), post: () => undefined, stop: () => undefined, kill: () => undefined };
  const events: LabEventBody[] = [];
  const pools = new Pools({ clock: new ManualClock(), emit: (event) => events.push(event), workers, cpus: () => 2, room: () => 10_000 });
  return { pools, events };
}

describe('the pools registry', () => {
  it(`keeps at most ${MAX_POOLS} pools, ended ones included, and says how to make room`, () => {
    const { pools, events } = registry();
    for (let i = 0; i < MAX_POOLS; i++) expect(pools.run({ type: 'pool.create', pool: { name: `p${i}`, api: 'pool', runtime: 'thread', size: 1, maxTasksPerChild: null, onCrash: 'python' } })).toMatchObject({ ok: true });
    const refused = pools.run({ type: 'pool.create', pool: { name: 'one-more', api: 'pool', runtime: 'thread', size: 1, maxTasksPerChild: null, onCrash: 'python' } });
    expect(refused).toEqual({ ok: false, error: `the lab keeps at most ${MAX_POOLS} pools, ended ones included: delete one that has ended first` });
    expect(events.filter((event) => event.type === 'pool.created')).toHaveLength(MAX_POOLS);
  });

  it('fills in Python\'s default sizes: Pool and ProcessPoolExecutor the CPUs, ThreadPoolExecutor min(32, cpus + 4)', () => {
    const { pools, events } = registry();
    pools.run({ type: 'pool.create', pool: { name: 'a', api: 'pool', runtime: 'process', maxTasksPerChild: null, onCrash: 'python' } });
    pools.run({ type: 'pool.create', pool: { name: 'b', api: 'executor', runtime: 'process', maxTasksPerChild: null, onCrash: 'python' } });
    pools.run({ type: 'pool.create', pool: { name: 'c', api: 'executor', runtime: 'thread', maxTasksPerChild: null, onCrash: 'python' } });
    const sizes = events.flatMap((event) => (event.type === 'pool.created' ? [[event.pool.name, event.pool.size]] : []));
    expect(sizes).toEqual([['a', 2], ['b', 2], ['c', 6]]);
  });
});
