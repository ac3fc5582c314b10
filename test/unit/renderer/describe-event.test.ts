import { describe, expect, it } from 'vitest';
import { reduceAll } from '../../../src/shared/reducer';
import type { LabEventBody } from '../../../src/shared/protocol';
import { describeEvent } from '../../../src/renderer/format/describe-event';
import { descriptor, eventStream, labStarted } from '../shared/event-factory';

const s = eventStream();
const state = reduceAll([s.event(labStarted()), s.event({ type: 'worker.starting', worker: descriptor('w3', { name: 'worker-3' }) })]);
const say = (body: LabEventBody) => describeEvent(s.event(body), state);

describe('the event log in words', () => {
  it.each<[LabEventBody, string]>([
    [{ type: 'worker.ready', workerId: 'w3', pid: 1234, ppid: 1200, tid: 1234, latencyMs: 78.04 }, 'started (pid 1234, ppid 1200, fork, 78 ms), ready'],
    [{ type: 'worker.exited', workerId: 'w3', code: null, signal: 'SIGTERM', exitCode: -15, detail: 'killed by SIGTERM' }, 'exited with code -15 (SIGTERM)'],
    [{ type: 'worker.exited', workerId: 'w3', code: 1, signal: null, exitCode: 1, detail: 'Error: boom' }, 'exited with code 1 (error) — Error: boom'],
    [{ type: 'join.started', workerId: 'w3', timeoutMs: 500 }, 'join started (timeout 500 ms)'],
    [{ type: 'join.finished', workerId: 'w3', waitedMs: 1203.4 }, 'joined after 1203 ms'],
    [{ type: 'join.timedOut', workerId: 'w3', timeoutMs: 500 }, 'join timed out after 500 ms — still running'],
    [{ type: 'terminate.sent', workerId: 'w3', how: 'SIGTERM', graceMs: 2000 }, 'terminate sent (SIGTERM, grace 2000 ms)'],
    [{ type: 'terminate.escalated', workerId: 'w3', afterMs: 2000 }, 'escalated to SIGKILL after 2000 ms'],
    [{ type: 'signal.sent', workerId: 'w3', signal: 'SIGKILL', pids: [1234] }, 'killed (SIGKILL sent)'],
    [{ type: 'signal.sent', workerId: 'w3', signal: 'SIGSTOP', pids: [1234] }, 'signal SIGSTOP sent'],
    [{ type: 'worker.startFailed', workerId: 'w3', reason: 'spawn nope ENOENT' }, 'failed to start: spawn nope ENOENT'],
  ])('%j reads "%s"', (body, words) => {
    expect(say(body)).toMatchObject({ who: 'worker-3', workerId: 'w3', what: words });
  });

  it('names the process of a reparenting', () => {
    expect(say({ type: 'process.reparented', pid: 123, start: 5, name: 'sleep', fromPpid: 120, toPpid: 1 })).toMatchObject({
      who: 'sleep',
      what: 'reparented: pid 123 now child of 1 (parent 120 is gone)',
    });
  });

  it('leaves samples out of the log', () => {
    expect(say({ type: 'metrics.cpu', cores: [1, 2], total: 1.5 })).toBeNull();
    expect(say({ type: 'worker.stdio', workerId: 'w3', stdoutBytes: 1, stderrBytes: 0 })).toBeNull();
  });

  it('tells the story of the primitives, with worker names', () => {
    const twoWorkers = reduceAll([s.event(labStarted()), s.event({ type: 'worker.starting', worker: descriptor('w1', { name: 'dl-a-1' }) }), s.event({ type: 'worker.starting', worker: descriptor('w2', { name: 'dl-b-1' }) })]);
    const tell = (body: LabEventBody) => describeEvent(s.event(body), twoWorkers);
    expect(tell({ type: 'sync.created', primitive: { kind: 'Lock', name: 'lockA' } })).toMatchObject({ who: 'lab', what: 'created Lock lockA' });
    expect(tell({ type: 'sync.created', primitive: { kind: 'Queue', name: 'q', maxsize: 5 } })).toMatchObject({ what: 'created Queue q (maxsize 5)' });
    expect(tell({ type: 'sync.created', primitive: { kind: 'List', name: 'l', items: [] }, firstItems: 5 })).toMatchObject({ what: 'created List l (5 items)' });
    expect(tell({ type: 'sync.ownerDied', primitive: 'lockA', workerId: 'w1' })).toMatchObject({
      who: 'dl-a-1',
      workerId: 'w1',
      what: 'died holding lockA; the next acquirer is told',
      tone: 'warn',
    });
    const cycle = [
      { workerId: 'w1', primitive: 'lockB', heldBy: 'w2' },
      { workerId: 'w2', primitive: 'lockA', heldBy: 'w1' },
    ];
    expect(tell({ type: 'deadlock.detected', cycle })).toMatchObject({
      what: 'Deadlock: dl-a-1 waits for lockB held by dl-b-1; dl-b-1 waits for lockA held by dl-a-1',
      tone: 'bad',
    });
    expect(tell({ type: 'deadlock.cleared' })).toMatchObject({ tone: 'good' });
    expect(tell({ type: 'sync.operated', name: 'ready', op: 'set', outcome: 'set ready: the flag is now set, 3 waiters woken' })).toMatchObject({ who: 'lab', what: 'set ready: the flag is now set, 3 waiters woken' });
    expect(tell({ type: 'sync.timerFired', name: 't', event: 'go' })).toMatchObject({ who: 'lab', what: 'timer t fired: set go' });
    expect(tell({ type: 'sync.deleted', name: 'cv', removed: ['cv', 'cv.lock'] })).toMatchObject({ what: 'deleted cv (and cv.lock): the name is free again' });
    expect(tell({ type: 'worker.output', workerId: 'w1', stream: 'stdout', from: 0, to: 3, text: 'hi\n' })).toBeNull();
    expect(tell({ type: 'sync.write', primitive: 'd', actor: 'w1', contents: "{'n': 1}" })).toBeNull();
    expect(tell({ type: 'sync.held', held: [{ primitive: 'd', bytes: 64 }] })).toBeNull();
  });
});
