import type { SyncFact } from '../../shared/facts';
import type { LabState } from '../../shared/lab-state';
import type { PageHistory } from '../../shared/page-history';
import type { LabEvent } from '../../shared/protocol';
import type { EventStore } from '../event-store';
import { closesBatch, type Recorder } from './recorder';

/**
 * A new page's history: the recorder's latest keyframe (the host's LabState, which has the primitives'
 * states, the output tails, the log and the sample series in it) and the facts recorded after it, as the
 * events a page folds. Not the whole run: the recorder is the history, and a keyframe comes every 5 s or
 * 50,000 facts, so what a page gets is bounded however long the lab ran (and whatever retention dropped).
 *
 * The page tells live events it already has by seq, so the seqs must be the EventStore's: a lab event keeps
 * the one it was emitted with (the recorder holds the event itself), and a run of sync facts gets the seq
 * just before the next lab event's (the store's `sync.facts` event that held those facts came right before
 * it) or, at the end, the store's last seq. A fast-path batch's ops come as the recorder kept them, every
 * op, where a live page got each lock's last op and a summary: both fold to the same state (docs/facts.md).
 */
export function pageHistory(store: EventStore, recorder: Recorder<LabState>): PageHistory {
  // Facts not yet in a `sync.facts` event are in the recorder: they get their seq now, in the history.
  store.stateWithFacts();
  const lastSeq = store.lastSeq;
  const { keyframe, tail } = recorder.keyframeAndTail();
  const events: LabEvent[] = [];
  let facts: SyncFact[] = [];
  let run: SyncFact[][] = [];
  const endRun = () => {
    if (facts.length > 0) run.push(facts);
    facts = [];
  };
  const placeRun = (seq: number) => {
    endRun();
    for (const batch of run) events.push({ type: 'sync.facts', seq, t: batch.at(-1)!.t, facts: batch });
    run = [];
  };
  for (const recorded of tail) {
    if (recorded.kind === 'sync') {
      if (closesBatch(facts, recorded.fact)) endRun();
      facts.push(recorded.fact);
      continue;
    }
    placeRun(recorded.event.seq - 1);
    events.push(recorded.event);
  }
  placeRun(lastSeq);
  const seq = events.length === 0 ? lastSeq : Math.max(0, events[0]!.seq - 1);
  // The keyframe's own `now` as its time, so that folding it gives the host's state to the last field.
  return { type: 'history', keyframe: { seq, t: keyframe.state.now, state: keyframe.state }, events };
}
