import { createContext, useContext, useSyncExternalStore } from 'react';
import { INITIAL_STATE, type LabState } from '../../shared/lab-state';
import type { LabEvent } from '../../shared/protocol';
import { reduceAll } from '../../shared/reducer';
import type { ConnectionStatus } from '../transport/lab-client';

/** What the window draws: the lab's state (frozen while paused), the connection, and whether the view is paused. */
export interface LabSnapshot {
  /** The state to draw: the live one, or the one frozen when the view was paused. */
  readonly state: LabState;
  readonly status: ConnectionStatus;
  readonly paused: boolean;
  /** Events folded since the view was paused (shown on the "Paused" badge). */
  readonly eventsWhilePaused: number;
}

/**
 * The renderer's copy of the lab's state: the same fold of the same events as in the core, one state
 * update per batch. The first batch after each connection is the whole history (the LabClient contract),
 * so a reconnection rebuilds the state from scratch instead of applying the history twice; a live batch
 * may overlap the history that preceded it, so events already folded (by `seq`) are skipped.
 */
export class LabStore {
  private live: LabState = INITIAL_STATE;
  private lastSeq = -1;
  private awaitingHistory = true;
  private snapshot: LabSnapshot = { state: INITIAL_STATE, status: 'connecting', paused: false, eventsWhilePaused: 0 };
  private readonly listeners = new Set<() => void>();

  fold(events: readonly LabEvent[]): void {
    const isHistory = this.awaitingHistory;
    this.awaitingHistory = false;
    const fresh = isHistory ? events : events.filter((event) => event.seq > this.lastSeq);
    if (fresh.length === 0 && !isHistory) return;
    this.live = reduceAll(fresh, isHistory ? INITIAL_STATE : this.live);
    this.lastSeq = fresh.at(-1)?.seq ?? (isHistory ? -1 : this.lastSeq);
    const { paused, eventsWhilePaused } = this.snapshot;
    this.publish(paused ? { eventsWhilePaused: eventsWhilePaused + fresh.length } : { state: this.live });
  }

  setStatus(status: ConnectionStatus): void {
    if (status === 'connected') this.awaitingHistory = true;
    if (status !== this.snapshot.status) this.publish({ status });
  }

  /** Freezes what is drawn; the store keeps folding, and resuming shows the present at once. */
  togglePause(): void {
    this.publish(this.snapshot.paused ? { paused: false, state: this.live, eventsWhilePaused: 0 } : { paused: true, eventsWhilePaused: 0 });
  }

  readonly liveState = (): LabState => this.live;

  readonly getSnapshot = (): LabSnapshot => this.snapshot;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  private publish(change: Partial<LabSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...change };
    for (const listener of this.listeners) listener();
  }
}

export const LabStoreContext = createContext<LabStore | null>(null);

export function useLabStore(): LabStore {
  const store = useContext(LabStoreContext);
  if (store === null) throw new Error('useLabStore needs a <LabStoreContext value={store}>');
  return store;
}

export function useLabSnapshot(): LabSnapshot {
  const store = useLabStore();
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}

/** The state as drawn (frozen while the view is paused). */
export function useLabState(): LabState {
  return useLabSnapshot().state;
}
