import type { SyncFact } from '../../shared/facts';
import type { LabState } from '../../shared/lab-state';
import type { LabEvent } from '../../shared/protocol';
import { SyncFold, type FoldedPrimitive } from '../../shared/sync-fold';
import type { Clock } from '../clock';
import { coalesceBatch, type FastPathBatch } from '../sync/fast-path-batch';
import { Recorder, type RecorderOptions } from './recorder';

/**
 * The lab's recording: every sync fact and lab event into the Recorder, in the order they happen, with
 * keyframes of the host's reduced state (the EventStore's LabState: a reference, serialised only when a
 * recording is saved), so that a recording whose oldest segments retention dropped still starts from a
 * whole state. Beside it, the primitives' state folded from the facts alone (SyncFold): a primitive is
 * known to the fold from its `sync.created` event, so it rebuilds without the broker.
 */
export class LabRecording {
  readonly fold = new SyncFold();
  readonly recorder: Recorder<LabState>;

  constructor(clock: Clock, state: () => LabState, options: Partial<RecorderOptions> = {}) {
    this.recorder = new Recorder(clock, state, options);
  }

  syncFact(fact: SyncFact): void {
    this.recorder.sync(fact);
    this.fold.apply(fact);
  }

  /**
   * A thread's fast-path batch: every op kept (hot, 16 bytes each, no object per op), the fold brought to
   * the state the batch leaves (each lock's last op), then per lock a `lock.fastPath` summary. Returns what
   * the pages get instead of every op: per lock, the summary and its last op (fast-path-batch.ts).
   */
  fastPathBatch(batch: FastPathBatch): SyncFact[] {
    const { summaries, lasts } = coalesceBatch(batch);
    this.recorder.fastPath(batch);
    for (const fact of lasts) this.fold.apply(fact);
    const page: SyncFact[] = [];
    for (let index = 0; index < summaries.length; index++) {
      // No keyframe between a batch and its summaries: the state's owner has not folded the batch yet.
      this.recorder.sync(summaries[index]!, false);
      // The state first (dated when its hold began), then the count: times rise per lock.
      page.push(lasts[index]!, summaries[index]!);
    }
    return page;
  }

  labEvent(event: LabEvent): void {
    // Each of its facts was recorded hot as it happened (syncFact).
    if (event.type === 'sync.facts') return;
    this.recorder.cold(event);
    if (event.type === 'sync.created') this.fold.created(event.primitive);
    else if (event.type === 'sync.deleted') for (const name of event.removed) this.fold.deleted(name);
  }

  /** Each primitive as its facts say it is now. */
  primitives(): ReadonlyMap<string, FoldedPrimitive> {
    return this.fold.primitives;
  }
}
