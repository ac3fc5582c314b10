import { describe, expect, it } from 'vitest';
import { LabStore } from '../../../src/renderer/store/lab-store';
import { reduceAll } from '../../../src/shared/reducer';
import { descriptor, eventStream, labStarted } from '../shared/event-factory';

describe('the renderer store showing a recording', () => {
  it('shows the recording, keeps folding the live lab behind it, and goes back to live', () => {
    const store = new LabStore();
    const live = eventStream();
    store.setStatus('connected');
    store.fold([live.event(labStarted()), live.event({ type: 'worker.starting', worker: descriptor('w1') })]);

    const recorded = eventStream();
    const events = [recorded.event(labStarted()), recorded.event({ type: 'worker.starting', worker: descriptor('r1') })];
    store.openRecording('demo.clrec', events);
    expect(store.getSnapshot().mode).toEqual({ kind: 'recording', name: 'demo.clrec' });
    expect(Object.keys(store.getSnapshot().state.workers)).toEqual(['r1']);

    // The live lab goes on: folded, not shown; pausing does nothing to a recording.
    store.fold([live.event({ type: 'worker.starting', worker: descriptor('w2') })]);
    store.togglePause();
    expect(store.getSnapshot()).toMatchObject({ paused: false, mode: { kind: 'recording' } });
    expect(Object.keys(store.getSnapshot().state.workers)).toEqual(['r1']);

    store.backToLive();
    expect(store.getSnapshot().mode).toEqual({ kind: 'live' });
    expect(Object.keys(store.getSnapshot().state.workers)).toEqual(['w1', 'w2']);
  });

  it('starts a recording from its first keyframe when its beginning was dropped', () => {
    const store = new LabStore();
    const recorded = eventStream();
    const start = reduceAll([recorded.event(labStarted()), recorded.event({ type: 'worker.starting', worker: descriptor('early') })]);
    store.openRecording('late.clrec', [recorded.event({ type: 'worker.starting', worker: descriptor('later') })], start);
    expect(Object.keys(store.getSnapshot().state.workers)).toEqual(['early', 'later']);
  });
});
