import { createContext, useContext, useSyncExternalStore } from 'react';
import { INITIAL_STATE, type LabState } from '../../shared/lab-state';
import type { PageKeyframe } from '../../shared/page-history';
import type { LabEvent } from '../../shared/protocol';
import { reduceBatch } from '../../shared/reducer';
import { HISTORY_DEFAULTS, LabHistory, RECORDING_HISTORY, type HistoryOptions } from '../history/lab-history';
import { TimelineLanes } from '../timeline/timeline-lanes';
import type { ConnectionStatus } from '../transport/lab-client';

/** Live: the lab's events as they come. Recording: a replay of a recording's events; nothing runs. */
export type LabMode = { readonly kind: 'live' } | { readonly kind: 'recording'; readonly name: string };

/** The speeds a recording plays at. */
export const PLAYBACK_SPEEDS = [0.5, 1, 2, 4] as const;
export type PlaybackSpeed = (typeof PLAYBACK_SPEEDS)[number];

/** What the window draws: the lab's state (live, or at the moment viewed), the connection, and the mode. */
export interface LabSnapshot {
  /** The state to draw: the live one, or the one at `viewedAt`. */
  readonly state: LabState;
  readonly status: ConnectionStatus;
  /** True while a moment is viewed (the header's Pause and the timeline's both set one). */
  readonly paused: boolean;
  /** Events folded since the view was paused (shown on the "Paused" badge). */
  readonly eventsWhilePaused: number;
  /** The moment drawn, in lab time (ms); null: live. In a recording, always a moment. */
  readonly viewedAt: number | null;
  /** The lab time of the oldest and newest events the page keeps (of the recording, in one). */
  readonly span: { readonly start: number; readonly end: number } | null;
  readonly mode: LabMode;
  /** A recording's playback. */
  readonly playback: { readonly playing: boolean; readonly speed: PlaybackSpeed };
}

/** A history and the timeline lanes of one stream of events: the live lab's, or a recording's. */
interface Track {
  readonly history: LabHistory;
  readonly lanes: TimelineLanes;
}

/**
 * A track that starts at a keyframe: its history's base, and its lanes drawn from what the state says at
 * its moment (its `now`): a wait begun before the page connected is drawn from the page's start.
 */
function trackFrom(start: LabState = INITIAL_STATE, options: HistoryOptions = HISTORY_DEFAULTS): Track {
  const lanes = new TimelineLanes();
  // A state that folded nothing (the lab's first keyframe, read from a file or not) has no moment of its own.
  if (start.now === INITIAL_STATE.now) return { history: new LabHistory(start, options), lanes };
  lanes.seed(start, start.now);
  return { history: new LabHistory(start, options, start.now), lanes };
}

/** Runs a callback before the next frame is drawn (requestAnimationFrame in the page). */
export type RequestFrame = (callback: () => void) => void;

/** Milliseconds of a monotonic clock (performance.now in the page): how far a playing recording moves. */
export type Clock = () => number;

/** Folded at once, not at the next frame, beyond this many waiting events (a hidden tab draws no frames). */
const MAX_WAITING_EVENTS = 20_000;

/**
 * The renderer's copy of the lab's state: the same fold of the same events as in the core. Messages are
 * queued as they arrive and folded together once per animation frame (`reduceBatch`), so the page updates
 * its state and re-renders at most once a frame however many messages came: measured with 250 printing
 * workers, folding and re-rendering per WebSocket message held frames at 200-300 ms (bench/page.bench.ts).
 * The first batch after each connection is the history (the LabClient contract: the lab's latest keyframe
 * and the events after it), so a reconnection rebuilds the state from that keyframe instead of applying
 * anything twice; a live batch may overlap the
 * history that preceded it, so events already taken (by `seq`) are skipped.
 *
 * Every folded batch also goes into the page's history (keyframes, `stateAt`) and the timeline's lanes, so
 * that any moment can be viewed while the lab keeps running and folding (`viewAt`, `backToLive`). A
 * recording (`openRecording`) replaces the live view with a replay of its events, shown at its last
 * moment; the live lab goes on being folded underneath and `backToLive` returns to it.
 */
export class LabStore {
  private live: LabState = INITIAL_STATE;
  private lastSeq = -1;
  private awaitingHistory = true;
  /** Events taken but not folded yet, and the keyframe they start again from (a history), if they do. */
  private waiting: LabEvent[] = [];
  private rebuild: PageKeyframe | null = null;
  private frameRequested = false;
  private liveTrack: Track = trackFrom();
  private recording: Track | null = null;
  private playingSince: number | null = null;
  /** Which play() a frame belongs to: a frame of an earlier one (paused since) does nothing. */
  private playToken = 0;
  private snapshot: LabSnapshot = {
    state: INITIAL_STATE,
    status: 'connecting',
    paused: false,
    eventsWhilePaused: 0,
    viewedAt: null,
    span: null,
    mode: { kind: 'live' },
    playback: { playing: false, speed: 1 },
  };
  private readonly listeners = new Set<() => void>();

  /** `requestFrame` defaults to folding at once (tests); the page passes requestAnimationFrame. */
  constructor(
    private readonly requestFrame: RequestFrame = (callback) => callback(),
    private readonly clock: Clock = () => performance.now(),
  ) {}

  /** A batch of events; the first after a connection is its history, folded onto `from` (the lab's keyframe). */
  fold(events: readonly LabEvent[], from?: PageKeyframe): void {
    const isHistory = this.awaitingHistory;
    this.awaitingHistory = false;
    if (isHistory) {
      // The history holds everything still waiting from before: start again from it.
      this.waiting = [...events];
      this.rebuild = from ?? { seq: 0, t: -Infinity, state: INITIAL_STATE };
      this.lastSeq = events.at(-1)?.seq ?? from?.seq ?? -1;
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
    if (events.length === 0 && rebuild === null) return;
    this.waiting = [];
    this.rebuild = null;
    // A history batch starts the page's history and lanes again, at the new connection's keyframe.
    if (rebuild !== null) this.liveTrack = trackFrom(rebuild.state);
    this.live = reduceBatch(rebuild?.state ?? this.live, events);
    this.liveTrack.history.append(events, this.live);
    this.liveTrack.lanes.append(events);
    const span = this.liveTrack.history.span();
    // What is older than the oldest moment the history keeps can no longer be viewed: the lanes let it go.
    if (span !== null) this.liveTrack.lanes.forgetBefore(span.start);
    if (this.recording !== null) return;
    const { viewedAt, eventsWhilePaused } = this.snapshot;
    this.publish(viewedAt !== null ? { eventsWhilePaused: eventsWhilePaused + events.length, span } : { state: this.live, span });
  }

  setStatus(status: ConnectionStatus): void {
    if (status === 'connected') this.awaitingHistory = true;
    if (status !== this.snapshot.status) this.publish({ status });
  }

  /**
   * Live: freezes what is drawn at the newest moment (the store keeps folding) or goes back to live.
   */
  togglePause(): void {
    // In a recording, Play / Pause on the timeline drive it; Space and the header's Pause do nothing there.
    if (this.recording !== null) return;
    if (this.snapshot.viewedAt !== null) return this.backToLive();
    this.viewAt(this.liveTrack.history.span()?.end ?? this.live.now);
  }

  /** Draws every view as it was at lab time `t` (held within the kept span). */
  viewAt(t: number): void {
    const track = this.shown();
    const span = track.history.span();
    const at = span === null ? t : Math.min(Math.max(t, span.start), span.end);
    const starting = this.snapshot.viewedAt === null;
    // `paused` is the live lab's (the header's badge): a recording is always at a moment, never "paused".
    this.publish({ viewedAt: at, paused: this.recording === null, state: track.history.stateAt(at), span, ...(starting ? { eventsWhilePaused: 0 } : {}) });
  }

  /** Back to the live lab (from a moment viewed, or from a recording). */
  backToLive(): void {
    this.recording = null;
    this.playingSince = null;
    this.publish({
      viewedAt: null,
      paused: false,
      state: this.live,
      eventsWhilePaused: 0,
      span: this.liveTrack.history.span(),
      mode: { kind: 'live' },
      playback: { ...this.snapshot.playback, playing: false },
    });
  }

  /**
   * Replaces the live view with a replay of a recording's events (no connection needed; nothing runs): the
   * history and lanes are built from them with keyframes, from `start` (the recording's first keyframe,
   * when retention dropped its beginning), and the view starts at the recording's last moment (the run as
   * it ended, what a saved demo is opened to see), not playing: Play starts again from its beginning. The
   * live lab keeps being folded underneath; `backToLive` returns to it.
   */
  openRecording(name: string, events: readonly LabEvent[], start: LabState = INITIAL_STATE): void {
    const track = trackFrom(start, RECORDING_HISTORY);
    track.history.extend(events);
    track.lanes.append(events);
    this.recording = track;
    this.playingSince = null;
    const span = track.history.span();
    this.publish({
      mode: { kind: 'recording', name },
      viewedAt: span?.end ?? start.now,
      paused: false,
      eventsWhilePaused: 0,
      span,
      state: track.history.current(),
      playback: { ...this.snapshot.playback, playing: false },
    });
  }

  /** Plays the recording from the moment viewed (from its start when at its end). */
  play(): void {
    const span = this.recording?.history.span();
    if (span === undefined || span === null || this.snapshot.playback.playing) return;
    if ((this.snapshot.viewedAt ?? span.end) >= span.end) this.viewAt(span.start);
    this.playingSince = this.clock();
    const token = ++this.playToken;
    this.publish({ playback: { ...this.snapshot.playback, playing: true } });
    this.requestFrame(() => this.advance(token));
  }

  pausePlayback(): void {
    this.playingSince = null;
    if (this.snapshot.playback.playing) this.publish({ playback: { ...this.snapshot.playback, playing: false } });
  }

  setSpeed(speed: PlaybackSpeed): void {
    if (this.playingSince !== null) this.advance(null);
    this.publish({ playback: { ...this.snapshot.playback, speed } });
  }

  /** One frame of playback: the moment moves by the wall time since the last frame times the speed. */
  private advance(token: number | null): void {
    const span = this.recording?.history.span();
    if (this.playingSince === null || span === undefined || span === null || (token !== null && token !== this.playToken)) return;
    const now = this.clock();
    const next = (this.snapshot.viewedAt ?? span.start) + (now - this.playingSince) * this.snapshot.playback.speed;
    this.playingSince = now;
    this.viewAt(next);
    if (next >= span.end) return this.pausePlayback();
    if (token !== null) this.requestFrame(() => this.advance(token));
  }

  /** The lanes the timeline draws: the recording's in a recording, else the live lab's. */
  timeline(): TimelineLanes {
    return this.shown().lanes;
  }

  private shown(): Track {
    return this.recording ?? this.liveTrack;
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
