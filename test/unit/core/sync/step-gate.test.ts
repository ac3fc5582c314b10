import { describe, expect, it } from 'vitest';
import { MAX_HELD_PER_WORKER, StepGate } from '../../../../src/core/sync/step-gate';
import type { LabEventBody } from '../../../../src/shared/protocol';
import type { ParsedSyncRequest } from '../../../../src/shared/sync';

const acquire = (name: string): ParsedSyncRequest => ({ op: 'acquire', name, blocking: true, timeout: null });

function gate() {
  const events: LabEventBody[] = [];
  const done: string[] = [];
  const step = new StepGate({ emit: (event) => events.push(event), nameOf: (id) => `name-${id}` });
  const ask = (workerId: string, request: ParsedSyncRequest) => {
    const held = step.hold(
      workerId,
      request,
      () => done.push(`${workerId}:${request.name}.${request.op}`),
      (message) => done.push(`refused: ${message}`),
    );
    if (!held) done.push(`${workerId}:${request.name}.${request.op} (not held)`);
  };
  return { step, events, done, ask };
}

describe('StepGate', () => {
  it('holds nothing while off, and only synchronisation points while on (a look such as locked() goes)', () => {
    const { step, done, ask } = gate();
    ask('w1', acquire('a'));
    expect(done).toEqual(['w1:a.acquire (not held)']);
    step.setMode(true);
    expect(Atomics.load(step.flag, 0)).toBe(1);
    ask('w1', { op: 'locked', name: 'a' });
    ask('w1', acquire('a'));
    expect(done).toEqual(['w1:a.acquire (not held)', 'w1:a.locked (not held)']);
  });

  it('lets exactly one operation through per release, the worker\'s in the order it asked, and records the choice', () => {
    const { step, events, done, ask } = gate();
    step.setMode(true);
    ask('w1', acquire('a'));
    ask('w1', { op: 'value_get', name: 'v' });
    ask('w2', acquire('b'));
    expect(step.release('w2').ok).toBe(true);
    expect(step.release('w1').ok).toBe(true);
    expect(done).toEqual(['w2:b.acquire', 'w1:a.acquire']);
    // Its second operation is the one held now, and said so.
    expect(events.filter((event) => event.type === 'step.held').at(-1)).toMatchObject({ workerId: 'w1', primitive: 'v', op: 'value_get' });
    expect(step.choices()).toEqual([
      { workerId: 'w2', primitive: 'b', op: 'acquire' },
      { workerId: 'w1', primitive: 'a', op: 'acquire' },
    ]);
    expect(step.release('w2')).toEqual({ ok: false, error: 'name-w2 is not held: it is running, waiting in the broker, or has ended' });
  });

  it('run freely lets every held operation go, in the order the workers arrived, and clears the flag', () => {
    const { step, done, ask } = gate();
    step.setMode(true);
    ask('w2', acquire('b'));
    ask('w1', acquire('a'));
    step.setMode(false);
    expect(done).toEqual(['w2:b.acquire', 'w1:a.acquire']);
    expect(Atomics.load(step.flag, 0)).toBe(0);
    expect(step.choices()).toEqual([]);
  });

  it('a replay releases each choice as soon as its worker is held there, and stops in words where the program goes another way', () => {
    const { step, events, done, ask } = gate();
    step.setMode(true, [
      { workerId: 'w1', primitive: 'a', op: 'acquire' },
      { workerId: 'w2', primitive: 'b', op: 'acquire' },
      { workerId: 'w1', primitive: 'b', op: 'acquire' },
    ]);
    ask('w2', acquire('b'));
    expect(done).toEqual([]);
    ask('w1', acquire('a'));
    expect(done).toEqual(['w1:a.acquire', 'w2:b.acquire']);
    ask('w1', acquire('c'));
    expect(done).toHaveLength(2);
    expect(events.at(-1)).toEqual({
      type: 'step.replay',
      replay: { state: 'diverged', done: 2, total: 3, note: 'name-w1 is held at c.acquire, where the schedule had b.acquire: the replay stopped at choice 3' },
    });
  });

  it('holds at most MAX_HELD_PER_WORKER operations of one worker; past them, each is refused at once in words', () => {
    const { step, done, ask } = gate();
    step.setMode(true);
    for (let index = 0; index <= MAX_HELD_PER_WORKER; index++) ask('w1', { op: 'value_get', name: `v${index}` });
    expect(done).toEqual([`refused: step mode holds at most ${MAX_HELD_PER_WORKER} operations of one worker at once, and this one has that many waiting for your release`]);
  });

  it('a worker that ends is held no more, and its operations never run', () => {
    const { step, done, ask } = gate();
    step.setMode(true);
    ask('w1', acquire('a'));
    step.workerEnded('w1');
    step.setMode(false);
    expect(done).toEqual([]);
  });

  it('a replay whose next choice belongs to a worker that ended stops and says so, instead of waiting for ever', () => {
    const { step, events, ask } = gate();
    step.setMode(true, [
      { workerId: 'w1', primitive: 'a', op: 'acquire' },
      { workerId: 'w2', primitive: 'b', op: 'acquire' },
    ]);
    ask('w2', acquire('b'));
    step.workerEnded('w1');
    expect(events.filter((event) => event.type === 'step.replay').at(-1)).toMatchObject({ replay: { state: 'diverged', done: 0, total: 2, note: 'name-w1 ended before its choice in the schedule: the replay stopped at choice 1 of 2' } });
    // The person has the controls again: w2 is released by hand.
    expect(step.release('w2').ok).toBe(true);
  });

  it('a new schedule ends the replay under way in words first', () => {
    const { step, events } = gate();
    step.setMode(true, [{ workerId: 'w1', primitive: 'a', op: 'acquire' }]);
    step.setMode(true, [{ workerId: 'w2', primitive: 'b', op: 'acquire' }]);
    const replays = events.filter((event) => event.type === 'step.replay').map((event) => (event.type === 'step.replay' ? event.replay.state : null));
    expect(replays).toEqual(['running', 'diverged', 'running']);
  });
});
