import { createContext, useContext, useSyncExternalStore } from 'react';
import { INITIAL_STATE, type LabState } from '../../shared/lab-state';
import type { LabEvent } from '../../shared/protocol';
import { reduceBatch } from '../../shared/reducer';
import type { ConnectionStatus } from '../transport/lab-client';

/** What the window shows: the live lab, or a recording opened from a file (nothing runs). */
export type LabMode = { readonly kind: 'live' } | { readonly kind: 'recording'; readonly name: string };

/** What the window draws: the lab's state (frozen while paused), the connection, and whether the view is paused. */
export interface LabSnapshot {
  /** The state to draw: the live one, or the one frozen when the view was paused. */
  readonly state: LabState;
  readonly status: ConnectionStatus;
  readonly paused: boolean;
  /** Events folded since the view was paused (shown on the "Paused" badge). */
  readonly eventsWhilePaused: number;
  readonly mode: LabMode;
}

const LIVE: LabMode = { kind: 'live' };

/** Runs a callback before the next frame is drawn (requestAnimationFrame in the page). */
export type RequestFrame = (callback: () => void) => void;

/** Folded at once, not at the next frame, beyond this many waiting events (a hidden tab draws no frames). */
const MAX_WAITING_EVENTS = 20_000;

/**
 * The renderer's copy of the lab's state: the same fold of the same events as in the core. Messages are
 * queued as they arrive and folded together once per animation frame (`reduceBatch`), so the page updates
 * its state and re-renders at most once a frame however many messages came: measured with 250 printing
 * workers, folding and re-rendering per WebSocket message held frames at 200-300 ms (bench/page.bench.ts).
 * The first batch after each connection is the whole history (the LabClient contract), so a reconnection
 * rebuilds the state from scratch instead of applying the history twice; a live batch may overlap the
 * history that preceded it, so events already taken (by `seq`) are skipped.
 */
export class LabStore {
  private live: LabState = INITIAL_STATE;
  private lastSeq = -1;
  private awaitingHistory = true;
  /** Events taken but not folded yet, and whether they start again from the initial state (a history). */
  private waiting: LabEvent[] = [];
  private rebuild = false;
  private frameRequested = false;
  private snapshot: LabSnapshot = { state: INITIAL_STATE, status: 'connecting', paused: false, eventsWhilePaused: 0, mode: LIVE };
  private readonly listeners = new Set<() => void>();

  /** `requestFrame` defaults to folding at once (tests); the page passes requestAnimationFrame. */
  constructor(private readonly requestFrame: RequestFrame = (callback) => callback()) {}

  fold(events: readonly LabEvent[]): void {
    const isHistory = this.awaitingHistory;
    this.awaitingHistory = false;
    if (isHistory) {
      // The history holds everything still waiting from before: start again from it.
      this.waiting = [...events];
      this.rebuild = true;
      this.lastSeq = events.at(-1)?.seq ?? -1;
    } else {
      const fresh = events.filter((event) => event.seq > this.lastSeq);
      if (fresh.length === 0) return;
      for (const event of fresh) this.waiting.push(event);
      this.lastSeq = fresh.at(-1)!.seq;
    }
    if (this.waiting.length > MAX_WAITING_EVENTS) return this.flush();
    if (this.frameRequested) return;
    this.frameRequested = true;
    this.requestFrame(() => this.flush());
  }

  /** Folds every waiting event in one batch and publishes the result: one store update. */
  private flush(): void {
    this.frameRequested = false;
    const events = this.waiting;
    const rebuild = this.rebuild;
    if (events.length === 0 && !rebuild) return;
    this.waiting = [];
    this.rebuild = false;
    this.live = reduceBatch(rebuild ? INITIAL_STATE : this.live, events);
    const { paused, eventsWhilePaused, mode } = this.snapshot;
    // A recording shown stays shown; the live lab goes on being folded behind it, for "Back to live".
    if (mode.kind === 'recording') return;
    this.publish(paused ? { eventsWhilePaused: eventsWhilePaused + events.length } : { state: this.live });
  }

  setStatus(status: ConnectionStatus): void {
    if (status === 'connected') this.awaitingHistory = true;
    if (status !== this.snapshot.status) this.publish({ status });
  }

  /**
   * Shows a recording instead of the live lab: its state rebuilt from its events (from `start`, the
   * recording's first keyframe, when its beginning was dropped by retention). The live lab, if any, keeps
   * being folded behind it. A minimal version, kept apart from the timeline's (branch i8-timeline), with
   * the same signature and a `start` on top: the lead reconciles the two.
   */
  openRecording(name: string, events: readonly LabEvent[], start: LabState = INITIAL_STATE): void {
    this.publish({ mode: { kind: 'recording', name }, state: reduceBatch(start, events), paused: false, eventsWhilePaused: 0 });
  }

  /** Leaves a recording for the live lab's present. */
  backToLive(): void {
    if (this.snapshot.mode.kind === 'live') return;
    this.publish({ mode: LIVE, state: this.live, paused: false, eventsWhilePaused: 0 });
  }

  /** Freezes what is drawn; the store keeps folding, and resuming shows the present at once. */
  togglePause(): void {
    if (this.snapshot.mode.kind === 'recording') return;
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
