import { describe, expect, it } from 'vitest';
import { reduceAll } from '../../../src/shared/reducer';
import { availability, type ActionContext } from '../../../src/renderer/model/worker-actions';
import { descriptor, eventStream, labStarted } from '../shared/event-factory';

const s = eventStream();
const events = [
  s.event(labStarted()),
  s.event({ type: 'worker.starting', worker: descriptor('w1') }),
  s.event({ type: 'worker.ready', workerId: 'w1', pid: 201, ppid: 100, tid: 201, latencyMs: 50 }),
  s.event({ type: 'worker.starting', worker: descriptor('w2', { kind: 'thread', method: 'thread', groupId: 'g2' }) }),
  s.event({ type: 'worker.starting', worker: descriptor('w3', { groupId: 'g3' }) }),
  s.event({ type: 'worker.exited', workerId: 'w3', code: 0, signal: null, exitCode: 0, detail: null }),
];
const state = reduceAll(events);
const context: ActionContext = { state, selection: null, offReason: null };

describe('which actions apply to the selection, and why not', () => {
  it('says no worker is selected', () => {
    expect(availability('join', undefined, context)).toEqual({ enabled: false, reason: 'no worker selected' });
    expect(availability('kill', undefined, { ...context, selection: { kind: 'process', pid: 5 } }).reason).toBe('not a worker of the lab');
  });

  it('says a thread does not receive signals, and an exited worker has exited', () => {
    expect(availability('signal', state.workers.w2, context)).toEqual({ enabled: false, reason: 'threads do not receive signals' });
    expect(availability('terminate', state.workers.w3, context)).toEqual({ enabled: false, reason: 'already exited' });
    expect(availability('signal', state.workers.w1, context)).toEqual({ enabled: true, reason: null });
  });

  it('closes only an ended worker (Process.close()), and a closed one leaves the lists', () => {
    expect(availability('close', state.workers.w1, context)).toEqual({ enabled: false, reason: 'still running: join or terminate it first' });
    expect(availability('close', state.workers.w3, context)).toEqual({ enabled: true, reason: null });
    const closed = reduceAll([...events, s.event({ type: 'worker.closed', workerId: 'w3', name: 'worker-3' })]);
    expect(closed.workers.w3).toBeUndefined();
    expect(closed.workerOrder).toEqual(['w1', 'w2']);
  });

  it('turns everything off while disconnected', () => {
    expect(availability('join', state.workers.w1, { ...context, offReason: 'not connected to the lab' }).reason).toBe('not connected to the lab');
    // A recording shown: the buttons say why, not "not connected" (the page may well be connected).
    expect(availability('terminate', state.workers.w1, { ...context, offReason: 'this is a recording: nothing runs' }).reason).toBe('this is a recording: nothing runs');
  });
});
