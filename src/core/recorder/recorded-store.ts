import type { SyncFact } from '../../shared/facts';
import type { PageHistory } from '../../shared/page-history';
import type { Clock } from '../clock';
import { EventStore } from '../event-store';
import type { FastPathBatch } from '../sync/fast-path-batch';
import { LabRecording } from './lab-recording';
import { pageHistory } from './page-history';
import type { RecorderOptions } from './recorder';

/**
 * The lab's events and their recording, wired once (the lab and the tests use the same wiring): the store
 * stamps and folds, the recording keeps every fact in its true order with keyframes of the store's state,
 * and a new page's history is the recorder's latest keyframe and the tail after it.
 */
export interface RecordedStore {
  readonly store: EventStore;
  readonly recording: LabRecording;
  /** A brokered sync fact: recorded, then sent to the pages. */
  fact(fact: SyncFact): void;
  /** A thread's fast-path batch: every op recorded; each lock's last op and a summary sent to the pages. */
  fastPathBatch(batch: FastPathBatch): void;
  history(): PageHistory;
}

/** `recordEvents` false: the lab's events are not kept (the bench's unobserved side only; lab-api.ts). */
export function recordedStore(clock: Clock, options: Partial<RecorderOptions> = {}, recordEvents = true): RecordedStore {
  const store = new EventStore(clock);
  const recording = new LabRecording(clock, () => store.stateWithFacts(), options);
  if (recordEvents) store.tapEvents((event) => recording.labEvent(event));
  return {
    store,
    recording,
    fact(fact) {
      recording.syncFact(fact);
      store.fact(fact);
    },
    fastPathBatch(batch) {
      for (const fact of recording.fastPathBatch(batch)) store.fact(fact);
    },
    history: () => pageHistory(store, recording.recorder),
  };
}
