import { describe, expect, it } from 'vitest';
import type { LabEventBody } from '../../../src/shared/protocol';
import { reduceAll } from '../../../src/shared/reducer';
import { describeEvent } from '../../../src/renderer/format/describe-event';
import { eventStream, labStarted } from '../shared/event-factory';

const s = eventStream();
const state = reduceAll([s.event(labStarted())]);
const say = (body: LabEventBody) => describeEvent(s.event(body), state);

describe('pools in the event log', () => {
  it('names a pool by its Python class as it was created', () => {
    expect(say({ type: 'pool.created', pool: { name: 'p', api: 'pool', runtime: 'process', size: 4, maxTasksPerChild: null, onCrash: 'python' } })).toMatchObject({
      who: 'lab',
      what: 'created pool p: Pool(4)',
      tone: 'good',
    });
    expect(say({ type: 'pool.created', pool: { name: 'e', api: 'executor', runtime: 'thread', size: 6, maxTasksPerChild: 10, onCrash: 'reject' } })?.what).toBe(
      "created pool e: ThreadPoolExecutor(6), maxtasksperchild 10, a crash rejects its task (the lab's policy)",
    );
  });

  it('tells its states and why it broke', () => {
    expect(say({ type: 'pool.state', pool: 'e', state: 'broken', reason: 'BrokenProcessPool: A process in the process pool was terminated abruptly' })).toMatchObject({
      what: 'pool e is broken: BrokenProcessPool: A process in the process pool was terminated abruptly',
      tone: 'bad',
    });
    expect(say({ type: 'pool.state', pool: 'p', state: 'closed', reason: null })?.what).toContain('pool p is closed: no new tasks');
    expect(say({ type: 'pool.deleted', pool: 'p' })?.what).toBe('deleted pool p: the name is free again');
  });

  it('keeps the per-turn task batches and slot changes out of the log', () => {
    expect(say({ type: 'pool.slot', pool: 'p', slot: 1, workerId: 'p-1' })).toBeNull();
    const log = reduceAll([s.event({ type: 'pool.slot', pool: 'p', slot: 1, workerId: 'p-1' }), s.event({ type: 'pool.deleted', pool: 'p' })], state).log;
    expect(log.map((event) => event.type)).toEqual(['lab.started', 'pool.deleted']);
  });
});
