import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Scenarios, TICK_MS } from '../../../../src/core/scenarios/scenarios';
import { INITIAL_STATE, type LabState } from '../../../../src/shared/lab-state';
import type { CommandOutcome, LabEvent, LabEventBody } from '../../../../src/shared/protocol';
import { reduce } from '../../../../src/shared/reducer';
import type { StartSpec } from '../../../../src/shared/start-spec';
import { ManualClock } from '../sync/harness';

/**
 * The runner's commands against a lab of fakes that tell what was asked of them (start, create, delete,
 * terminate, close), with the state folded from what the runner and the fakes emitted: refusals in words,
 * one click to run the other variant (the first reset), a reset that ends and removes what was made, a
 * limit that ends a program. Real programs are test/integration/scenarios/scenarios.test.ts.
 */

const folder = mkdtempSync(join(tmpdir(), 'lab-runner-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

writeFileSync(
  join(folder, 'locks.yaml'),
  `title: Locks
seed: a seed
narration: [{ text: one }, { text: two, look: { panels: [locks], worker: ab-1 } }]
variants:
  - id: opposite
    label: Opposite
    program:
      kind: lab
      primitives: [{ kind: Lock, name: lockA }, { kind: Lock, name: lockB }]
      starts: [{ kind: thread, count: 1, namePrefix: ab, task: { name: acquire-in-order, first: lockA, second: lockB, holdMs: 100 } }]
    check: { kind: deadlock, expect: cycle, limit: 5, verdict: { pass: 'cycle of {value}', fail: 'no cycle: {value}' } }
  - id: ordered
    label: Ordered
    program:
      kind: lab
      primitives: [{ kind: Lock, name: lockA }]
      starts: [{ kind: thread, count: 1, namePrefix: ab, task: { name: sleep, ms: 10 } }]
    check: { kind: ends, expect: finishes, seconds: 5, verdict: { pass: 'done {value}', fail: 'not done: {value}' } }
`,
);

function setUp() {
  const clock = new ManualClock();
  let state: LabState = INITIAL_STATE;
  let seq = 0;
  const asked: string[] = [];
  const events: LabEvent[] = [];
  let workers = 0;
  const emit = (body: LabEventBody) => {
    const event = { ...body, seq: ++seq, t: clock.now() } as LabEvent;
    events.push(event);
    state = reduce(state, event);
  };
  const ok = (workerIds: string[] = []): CommandOutcome => ({ ok: true, result: { workerIds } });
  const scenarios = new Scenarios({
    clock,
    emit,
    state: () => state,
    start: (spec: StartSpec) => {
      const id = `w${++workers}`;
      asked.push(`start ${spec.kind} ${id}`);
      emit({ type: 'worker.starting', worker: { id, name: `${spec.namePrefix}-1`, groupId: `g${workers}`, kind: 'thread', method: 'thread', command: null, task: null, daemon: false, detached: false, ipc: true } });
      return ok([id]);
    },
    createPrimitive: (spec) => {
      asked.push(`create ${spec.name}`);
      return spec.name === 'taken' ? { ok: false, error: 'taken is taken' } : ok();
    },
    deletePrimitive: (name) => {
      asked.push(`delete ${name}`);
      return ok();
    },
    terminateTree: (ids) => {
      asked.push(`terminateTree ${ids.join(',')}`);
      for (const workerId of ids) emit({ type: 'worker.exited', workerId, code: null, signal: 'SIGTERM', exitCode: -15, detail: null });
      return ok([...ids]);
    },
    kill: (ids) => {
      asked.push(`kill ${ids.join(',')}`);
      return ok([...ids]);
    },
    close: (ids) => {
      asked.push(`close ${ids.join(',')}`);
      for (const workerId of ids) emit({ type: 'worker.closed', workerId, name: workerId });
      return ok([...ids]);
    },
    folders: [{ source: 'user', path: folder }],
    examples: join(folder, 'examples'),
  });
  /** Delivers what was emitted since the last call, as the store does once per turn. */
  let delivered = 0;
  const deliver = () => {
    scenarios.observe(events.slice(delivered));
    delivered = events.length;
  };
  return { clock, scenarios, asked, events, deliver, state: () => state };
}

describe('the scenarios runner', () => {
  it('refuses in words what is not there', async () => {
    const { scenarios } = setUp();
    await scenarios.ready;
    expect(await scenarios.run({ type: 'scenario.run', id: 'nope', variant: 'x' })).toEqual({ ok: false, error: 'there is no scenario called nope (there are locks)' });
    expect(await scenarios.run({ type: 'scenario.run', id: 'locks', variant: 'fixed' })).toEqual({ ok: false, error: 'locks has no variant fixed (it has opposite, ordered)' });
    expect(await scenarios.run({ type: 'scenario.step', id: 'locks', to: 2 })).toEqual({ ok: false, error: 'locks has 2 steps: step 2 is not one (the first is 0)' });
  });

  it('runs a variant: its primitives, then its starts; the look names its worker; the other variant resets it first', async () => {
    const { scenarios, asked, deliver, state } = setUp();
    await scenarios.ready;
    expect(await scenarios.run({ type: 'scenario.run', id: 'locks', variant: 'opposite' })).toEqual({ ok: true, result: { workerIds: ['w1'] } });
    expect(asked).toEqual(['create lockA', 'create lockB', 'start thread w1']);
    await scenarios.run({ type: 'scenario.step', id: 'locks', to: 1 });
    deliver();
    expect(state().scenarios.progress.locks).toMatchObject({ state: 'running', variant: 'opposite', step: 1, groupIds: ['g1'], focusWorkerId: 'w1', check: { state: 'pending' } });

    expect(await scenarios.run({ type: 'scenario.run', id: 'locks', variant: 'ordered' })).toEqual({ ok: true, result: { workerIds: ['w2'] } });
    expect(asked.slice(3)).toEqual(['terminateTree w1', 'close w1', 'delete lockB', 'delete lockA', 'create lockA', 'start thread w2']);
    // A variant run again keeps the narration's step; a reset goes back to the first.
    expect(state().scenarios.progress.locks).toMatchObject({ state: 'running', variant: 'ordered', step: 1 });
  });

  it('a second run command while the first is starting is refused, so that no run is left without its reset', async () => {
    const { scenarios, asked } = setUp();
    await scenarios.ready;
    await scenarios.run({ type: 'scenario.run', id: 'locks', variant: 'opposite' });
    const again = scenarios.run({ type: 'scenario.run', id: 'locks', variant: 'ordered' });
    expect(await scenarios.run({ type: 'scenario.run', id: 'locks', variant: 'ordered' })).toEqual({ ok: false, error: 'locks is starting already' });
    expect(await again).toEqual({ ok: true, result: { workerIds: ['w2'] } });
    expect(asked.filter((each) => each.startsWith('start'))).toEqual(['start thread w1', 'start thread w2']);
  });

  it('a reset ends and removes what the run made, and says idle at step 0', async () => {
    const { scenarios, asked, state } = setUp();
    await scenarios.ready;
    await scenarios.run({ type: 'scenario.run', id: 'locks', variant: 'opposite' });
    await scenarios.run({ type: 'scenario.step', id: 'locks', to: 1 });
    expect(await scenarios.run({ type: 'scenario.reset', id: 'locks' })).toEqual({ ok: true, result: { workerIds: ['w1'] } });
    expect(asked.slice(3)).toEqual(['terminateTree w1', 'close w1', 'delete lockB', 'delete lockA']);
    expect(state().scenarios.progress.locks).toEqual({ id: 'locks', step: 0, variant: null, state: 'idle', groupIds: [], focusWorkerId: null, check: null, startedAt: null, endedAt: null, error: null });
    expect(state().workers.w1).toBeUndefined();
  });

  it('a check still undecided at its limit fails and its program is ended', async () => {
    const { clock, scenarios, asked, deliver, state, events } = setUp();
    await scenarios.ready;
    await scenarios.run({ type: 'scenario.run', id: 'locks', variant: 'opposite' });
    deliver();
    clock.advance(5_000);
    expect(state().scenarios.progress.locks?.check).toMatchObject({ state: 'pending' });
    clock.advance(TICK_MS * 2);
    expect(state().scenarios.progress.locks?.check).toMatchObject({ state: 'fail', verdict: 'no cycle: undecided after 5 s' });
    expect(asked.at(-1)).toBe('terminateTree w1');
    // The decided progress is the one the event log keeps.
    expect(events.filter((event) => event.type === 'scenario.progress' && event.decided === true)).toHaveLength(1);
  });

  it('a reload forgets the progress of a scenario whose file is gone, in the core and in the fold', async () => {
    writeFileSync(join(folder, 'brief.yaml'), `title: B\nseed: s\nnarration: [{ text: a }, { text: b }]\nvariants:\n  - id: one\n    label: One\n    program: { kind: python, code: 'print(1)' }\n    check: { kind: ends, expect: finishes, seconds: 1, verdict: { pass: a, fail: b } }\n`);
    const { scenarios, state } = setUp();
    await scenarios.ready;
    await scenarios.run({ type: 'scenario.step', id: 'brief', to: 1 });
    expect(state().scenarios.progress.brief?.step).toBe(1);
    rmSync(join(folder, 'brief.yaml'));
    await scenarios.run({ type: 'scenario.reload' });
    expect(state().scenarios.progress.brief).toBeUndefined();
    expect(await scenarios.run({ type: 'scenario.reset', id: 'brief' })).toMatchObject({ ok: false, error: expect.stringMatching(/^there is no scenario called brief/) });
  });

  it('a primitive that cannot be made fails the run, with the ones made before deleted', async () => {
    writeFileSync(join(folder, 'taken.yaml'), `title: T\nseed: s\nnarration: [{ text: a }]\nvariants:\n  - id: one\n    label: One\n    program: { kind: lab, primitives: [{ kind: Lock, name: first }, { kind: Lock, name: taken }], starts: [{ kind: thread, count: 1, task: { name: sleep, ms: 1 } }] }\n    check: { kind: ends, expect: finishes, seconds: 1, verdict: { pass: a, fail: b } }\n`);
    const { scenarios, asked, state } = setUp();
    await scenarios.ready;
    expect(await scenarios.run({ type: 'scenario.run', id: 'taken', variant: 'one' })).toEqual({ ok: false, error: 'its primitive taken could not be made: taken is taken' });
    expect(asked).toEqual(['create first', 'create taken', 'delete first']);
    expect(state().scenarios.progress.taken).toMatchObject({ state: 'failed', error: 'its primitive taken could not be made: taken is taken' });
  });
});
