import { describe, expect, it } from 'vitest';
import { BenchPools, type PoolsLab } from '../../../bench/pool-lab';
import type { CommandOutcome, LabEvent } from '../../../src/shared/protocol';

/**
 * A scripted stand-in for the lab (the bench's neighbour): it answers the contract's pool commands and,
 * a turn later, tells of their tasks' ends in `pool.tasks` batches of at most `perBatch`, each batch 1 ms
 * after the one before on the test's clock. Python's chunking for a map without chunksize.
 */
class ScriptedLab implements PoolsLab {
  now = 0;
  readonly commands: Array<Record<string, unknown>> = [];
  private readonly listeners: Array<(events: readonly LabEvent[]) => void> = [];
  private pending = 0;

  constructor(
    private readonly perBatch: number,
    private readonly refuse: string | null = null,
    private readonly failEvery = 0,
  ) {}

  subscribe(listener: (events: readonly LabEvent[]) => void): () => void {
    this.listeners.push(listener);
    return () => undefined;
  }

  execute(command: unknown): Promise<CommandOutcome> {
    const fields = command as Record<string, unknown>;
    this.commands.push(fields);
    if (fields.type === 'pool.create') return Promise.resolve(this.refuse === null ? { ok: true, result: { workerIds: [] } } : { ok: false, error: this.refuse });
    if (fields.type === 'pool.apply') return Promise.resolve(this.submit(1, 1));
    if (fields.type === 'pool.map') {
      const items = Array.isArray(fields.items) ? fields.items.length : (fields.items as { range: number }).range;
      const chunksize = typeof fields.chunksize === 'number' ? fields.chunksize : Math.ceil(items / 8);
      const tasks = Math.ceil(items / chunksize);
      return Promise.resolve(this.submit(tasks, { mapId: 1, tasks }));
    }
    return Promise.resolve({ ok: false, error: `unknown command ${String(fields.type)}` });
  }

  private submit(tasks: number, value: number | { mapId: number; tasks: number }): CommandOutcome {
    this.pending += tasks;
    setImmediate(() => this.flush());
    return { ok: true, result: { workerIds: [], value } };
  }

  private flush(): void {
    let ended = 0;
    while (this.pending > 0) {
      const done = Math.min(this.perBatch, this.pending);
      this.pending -= done;
      ended += done;
      this.now += 1;
      const failed = this.failEvery > 0 && ended >= this.failEvery ? 1 : 0;
      const event = { type: 'pool.tasks', pool: 'p', counts: { submitted: 0, started: done, done: done - failed, failed, lost: 0, cancelled: 0, rejected: 0, callbacks: 0 } };
      for (const listener of this.listeners) listener([event] as unknown as LabEvent[]);
    }
  }
}

describe('BenchPools', () => {
  it("creates a Pool of 2 as the contract spells it, and says the lab's refusal in its own words", async () => {
    const lab = new ScriptedLab(1, 'pools are not wired yet');
    await expect(new BenchPools(lab, () => lab.now).create('p', 'process')).resolves.toBe('pools are not wired yet');
    expect(lab.commands[0]).toEqual({ type: 'pool.create', pool: { name: 'p', api: 'pool', runtime: 'process', size: 2, maxTasksPerChild: null, onCrash: 'python' } });
    const willing = new ScriptedLab(1);
    await expect(new BenchPools(willing, () => willing.now).create('p', 'thread')).resolves.toBeNull();
  });

  it("times apply rounds from the first command to the batch with the round's last end", async () => {
    const lab = new ScriptedLab(10);
    const pools = new BenchPools(lab, () => lab.now);
    // 100 tasks told of 10 a batch, 1 ms apart: 10 ms, 10,000 tasks/s.
    await expect(pools.applyRound('p', { fn: 'square' }, 100)).resolves.toBeCloseTo(10_000);
    expect(lab.commands.slice(0, 3)).toEqual([0, 1, 2].map((index) => ({ type: 'pool.apply', pool: 'p', fn: 'square', args: [index] })));
    // A second round counts from where the first ended; a burn's argument is its milliseconds.
    await expect(pools.applyRound('p', { fn: 'burn', ms: 1 }, 20)).resolves.toBeCloseTo(10_000);
    expect(lab.commands.at(-1)).toEqual({ type: 'pool.apply', pool: 'p', fn: 'burn', args: [1] });
  });

  it('sends a map of a range as one pool.map command of {range}, chunked as Python chunks the whole map', async () => {
    const lab = new ScriptedLab(1);
    const pools = new BenchPools(lab, () => lab.now);
    const round = await pools.rangeRound('p', 1_000_000);
    expect(lab.commands.filter((command) => command.type === 'pool.map')).toEqual([{ type: 'pool.map', pool: 'p', fn: 'square', items: { range: 1_000_000 }, star: false, unordered: false }]);
    // Python's default for a million over 2 workers: chunksize 125,000, 8 tasks, one batch (1 ms) each.
    expect(round.tasks).toBe(8);
    expect(round.itemsPerSecond).toBeCloseTo(1_000_000 / 0.008);
    // The watched-vs-not row's map: one task per item.
    const ones = await pools.rangeRound('p', 20, 1);
    expect(lab.commands.at(-1)).toMatchObject({ items: { range: 20 }, chunksize: 1 });
    expect(ones.tasks).toBe(20);
  });

  it('fails a round in which a task failed rather than time it', async () => {
    const lab = new ScriptedLab(5, null, 10);
    const pools = new BenchPools(lab, () => lab.now);
    await expect(pools.applyRound('p', { fn: 'square' }, 20)).rejects.toThrow('1 failed');
  });
});

describe('BenchPools when the lab falls silent', () => {
  it('gives up on a round whose task ends never come, saying how far it got, rather than hang the bench', async () => {
    const silent: PoolsLab = {
      subscribe: () => () => undefined,
      execute: () => Promise.resolve({ ok: true, result: { workerIds: [], value: 1 } }),
    };
    const pools = new BenchPools(silent, () => performance.now(), 20);
    await expect(pools.applyRound('p', { fn: 'square' }, 3)).rejects.toThrow('pool p told of 0 task ends, not 3, within 20 ms');
  });
});
