import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { PoolFacts } from '../../../../src/core/pools/pool-facts';
import { recordedStore } from '../../../../src/core/recorder/recorded-store';
import { readRecordingStream } from '../../../../src/core/recorder/recording-file';
import { recordingStream } from '../../../../src/core/recorder/recording-writer';
import type { LabState } from '../../../../src/shared/lab-state';
import { pageHistorySchema } from '../../../../src/shared/page-history';
import { reduceBatch } from '../../../../src/shared/reducer';
import { labStarted } from '../../shared/event-factory';
import { ManualClock } from '../sync/harness';

const withoutSeqs = (state: LabState) => ({ ...state, log: state.log.map(({ seq: _seq, ...rest }) => rest) });

/**
 * A pool's events through the lab's own wiring (PoolFacts into the event store, the store into the
 * recorder): a late page's history and a saved recording fold to the live state, pools and all.
 */
function poolRun() {
  const clock = new ManualClock();
  const recorded = recordedStore(clock, { keyframeEveryMs: 1_000, retentionMs: 3_000 });
  const { store } = recorded;
  let pending: (() => void)[] = [];
  const facts = new PoolFacts({ pool: 'p', clock, emit: (event) => store.emit(event), schedule: (flush) => pending.push(flush) });
  const turn = () => {
    const due = pending;
    pending = [];
    for (const flush of due) flush();
  };
  store.emit(labStarted());
  store.emit({ type: 'pool.created', pool: { name: 'p', api: 'executor', runtime: 'thread', size: 2, maxTasksPerChild: null, onCrash: 'python' } });
  facts.slot(1, 'p-1');
  facts.slot(2, 'p-2');
  let id = 0;
  // Ten seconds of 50 tasks a 100 ms turn, on both slots; a worker lost and replaced half way.
  for (let tick = 0; tick < 100; tick++) {
    for (let index = 0; index < 50; index++) {
      const task = ++id;
      const slot = 1 + (task % 2);
      const t = clock.monotonic();
      facts.step(task, 'submitted', t, null, { fn: 'square' });
      facts.step(task, 'running', t, slot);
      facts.step(task, tick === 50 && index === 0 ? 'lost' : 'done', t + 0.3, slot, { detail: String(task * task) });
    }
    facts.backlog(tick % 7);
    if (tick === 50) facts.slot(2, 'p-3');
    turn();
    clock.advance(100);
    if (tick % 5 === 0) store.emit({ type: 'metrics.cpu', cores: [10, 20], total: 15 });
  }
  facts.step(++id, 'submitted', clock.monotonic(), null, { fn: 'sleep' });
  facts.step(id, 'running', clock.monotonic(), 1);
  turn();
  store.emit({ type: 'pool.state', pool: 'p', state: 'closed', reason: null });
  store.flush();
  return { recorded, store };
}

describe('pool events in the recording', () => {
  it('a page that connects late folds its keyframe and tail to the live pools', () => {
    const { recorded, store } = poolRun();
    expect(recorded.recording.recorder.stats().oldestSeq).toBeGreaterThan(0);
    const history = pageHistorySchema.parse(recorded.history());
    const late = reduceBatch(history.keyframe.state, history.events);
    expect(late).toEqual(store.state());
    const pool = late.pools.p;
    expect(pool?.counts).toMatchObject({ submitted: 5_001, started: 5_001, done: 4_999, lost: 1 });
    expect(pool?.slots).toMatchObject([
      { slot: 1, workerId: 'p-1', taskId: 5_001, done: 2_500 },
      { slot: 2, workerId: 'p-3', taskId: null, done: 1_225 },
    ]);
    expect(pool?.state).toBe('closed');
    expect(pool?.throughput.length).toBeGreaterThan(0);
  });

  it('a saved recording opens and folds to the live pools', async () => {
    const { recorded, store } = poolRun();
    const bytes = await buffer(recordingStream(recorded.recording.recorder, store.state(), 1_700_000_000_000));
    const read = await readRecordingStream(Readable.from([bytes]));
    if (!read.ok) throw new Error(read.error);
    const { keyframes, events } = read.recording;
    expect(keyframes[0]?.state.pools.p).toBeDefined();
    expect(withoutSeqs(reduceBatch(keyframes[0]!.state, events))).toEqual(withoutSeqs(store.state()));
  });
});
