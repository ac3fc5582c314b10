import { useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { useElementSize } from '../hooks/use-element-size';
import { PLAYBACK_SPEEDS, useLabSnapshot, useLabStore, type PlaybackSpeed } from '../store/lab-store';
import { countedSentence, gapWordsAt } from '../timeline/counted-gaps';
import { drawTimeline } from '../timeline/draw-timeline';
import { agoLabel, rowsOf, timeAt, TIMELINE_LAYOUT } from '../timeline/geometry';
import { spansSentence, spanWordsAt } from '../timeline/task-span-runs';
import { useTimelineWindow } from '../timeline/use-timeline-window';

/** How far a drag must go before it pans instead of picking a moment, px. */
const DRAG_PX = 4;

/**
 * Expanded over the main view, the timeline is drawn this much larger (lanes, names, ruler), so that its
 * lane names and states read from the back of a room at 1280x720, not only that it shows more of them.
 */
const EXPANDED_SCALE = 1.35;

interface TimelinePanelProps {
  /** Drawn large over the main view (the "Expand timeline" button, or e) instead of in the bottom row. */
  readonly expanded: boolean;
  /** False in presentation mode: there the timeline stays large, and Esc (onToggleExpanded) leaves the presentation. */
  readonly canShrink?: boolean;
  onToggleExpanded(): void;
}

/**
 * The region "Timeline": one lane per worker and thread under its process, the locks' holders with their
 * hand-offs, queue depths and CPU per core, drawn on a canvas. It follows live; zoom with the wheel or
 * +/−, pan by dragging or with the arrow keys; click a moment (or drag along the ruler) and every view
 * draws the lab as it was then while the lab keeps running; "Back to live" returns. Expanded, it takes the
 * main view's place, drawn larger; Esc or the same button returns it to the bottom row.
 */
export function TimelinePanel({ expanded, canShrink = true, onToggleExpanded }: TimelinePanelProps) {
  const store = useLabStore();
  const snapshot = useLabSnapshot();
  const { viewedAt, span, mode, playback } = snapshot;
  const [open, setOpen] = useState(true);
  const [scroll, setScroll] = useState(0);
  const [boxRef, box] = useElementSize<HTMLDivElement>();
  // The canvas draws in its own units: the box's pixels over the scale (1 in the bottom row).
  const scale = expanded ? EXPANDED_SCALE : 1;
  const size = { width: box.width / scale, height: box.height / scale };
  const canvas = useRef<HTMLCanvasElement>(null);
  const { window, following, zoom, pan, follow } = useTimelineWindow(snapshot);
  const lanes = store.timeline();
  const end = span?.end ?? 0;
  const origin = span?.start ?? 0;
  const recording = mode.kind === 'recording';
  const tickOrigin = recording ? origin : end;
  const tickLabel = useMemo(() => (recording ? (t: number) => `+${secondsLabel(t - origin)}` : (t: number) => (t >= end ? 'now' : `−${secondsLabel(end - t)}`)), [recording, origin, end]);
  // Rows change only when lanes are added: recomputed per new version, cheap (one entry per lane).
  const layout = useMemo(() => rowsOf(lanes), [lanes, lanes.version]); // eslint-disable-line react-hooks/exhaustive-deps
  const maxScroll = Math.max(0, layout.height - (size.height - TIMELINE_LAYOUT.rulerHeight));
  const shownScroll = Math.min(scroll, maxScroll);

  useLayoutEffect(() => {
    const element = canvas.current;
    const context = element?.getContext('2d');
    if (element == null || context == null || box.width === 0) return;
    const ratio = globalThis.devicePixelRatio || 1;
    if (element.width !== Math.round(box.width * ratio) || element.height !== Math.round(box.height * ratio)) {
      element.width = Math.round(box.width * ratio);
      element.height = Math.round(box.height * ratio);
    }
    context.setTransform(ratio * scale, 0, 0, ratio * scale, 0, 0);
    drawTimeline(context, { width: size.width, height: size.height, lanes, rows: layout.rows, window, scroll: shownScroll, end, viewedAt, tickOrigin, tickLabel });
  });

  // The wheel zooms: it must be a non-passive listener to keep the page from scrolling.
  useEffect(() => {
    const element = canvas.current;
    if (element === null) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      if (event.shiftKey) return setScroll((current) => Math.max(0, current + event.deltaY));
      const bounds = element.getBoundingClientRect();
      zoom(event.deltaY > 0 ? 1.25 : 0.8, timeAt((event.clientX - bounds.left) / scale, window, TIMELINE_LAYOUT.labelWidth, bounds.width / scale - TIMELINE_LAYOUT.labelWidth));
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, [zoom, window, scale]);

  const drag = useRef<{ readonly x: number; readonly y: number; readonly scrub: boolean; moved: boolean; lastX: number } | null>(null);
  const momentAt = (clientX: number) => {
    const bounds = canvas.current!.getBoundingClientRect();
    return timeAt((clientX - bounds.left) / scale, window, TIMELINE_LAYOUT.labelWidth, bounds.width / scale - TIMELINE_LAYOUT.labelWidth);
  };
  const onPointerDown = (event: PointerEvent<HTMLCanvasElement>) => {
    const bounds = event.currentTarget.getBoundingClientRect();
    const scrub = (event.clientY - bounds.top) / scale < TIMELINE_LAYOUT.rulerHeight && (event.clientX - bounds.left) / scale > TIMELINE_LAYOUT.labelWidth;
    drag.current = { x: event.clientX, y: event.clientY, scrub, moved: false, lastX: event.clientX };
    event.currentTarget.setPointerCapture(event.pointerId);
    if (scrub) store.viewAt(momentAt(event.clientX));
  };
  // The tooltip over a counted gap says how many ops it stands for; over a pool worker's tasks, which task (or how many).
  const [hovered, setHovered] = useState<string | null>(null);
  const onPointerMove = (event: PointerEvent<HTMLCanvasElement>) => {
    const current = drag.current;
    if (current === null) {
      const bounds = event.currentTarget.getBoundingClientRect();
      const y = (event.clientY - bounds.top) / scale - TIMELINE_LAYOUT.rulerHeight + shownScroll;
      const t = momentAt(event.clientX);
      const msPerPx = (window.end - window.start) / Math.max(1, size.width - TIMELINE_LAYOUT.labelWidth);
      return setHovered(gapWordsAt(layout.rows, y, t) ?? spanWordsAt(layout.rows, y, t, 2 * msPerPx, end));
    }
    if (current.scrub) return store.viewAt(momentAt(event.clientX));
    if (!current.moved && Math.hypot(event.clientX - current.x, event.clientY - current.y) < DRAG_PX) return;
    current.moved = true;
    const msPerPx = (window.end - window.start) / Math.max(1, size.width - TIMELINE_LAYOUT.labelWidth);
    pan(-((event.clientX - current.lastX) / scale) * msPerPx);
    setScroll((now) => Math.max(0, Math.min(maxScroll, now - event.movementY / scale)));
    current.lastX = event.clientX;
  };
  const onPointerUp = (event: PointerEvent<HTMLCanvasElement>) => {
    const current = drag.current;
    drag.current = null;
    if (current === null || current.scrub || current.moved) return;
    if ((event.clientX - event.currentTarget.getBoundingClientRect().left) / scale > TIMELINE_LAYOUT.labelWidth) store.viewAt(momentAt(event.clientX));
  };

  const spanMs = window.end - window.start;
  const onKeyDown = (event: KeyboardEvent<HTMLCanvasElement>) => {
    const step = spanMs / 10;
    const keys: Record<string, () => void> = {
      '+': () => zoom(0.8, viewedAt ?? undefined),
      '=': () => zoom(0.8, viewedAt ?? undefined),
      '-': () => zoom(1.25, viewedAt ?? undefined),
      ArrowLeft: () => (event.shiftKey ? store.viewAt((viewedAt ?? end) - spanMs / 100) : pan(-step)),
      ArrowRight: () => (event.shiftKey ? store.viewAt((viewedAt ?? end) + spanMs / 100) : pan(step)),
      ArrowUp: () => setScroll((now) => Math.max(0, now - TIMELINE_LAYOUT.laneHeight)),
      ArrowDown: () => setScroll((now) => Math.min(maxScroll, now + TIMELINE_LAYOUT.laneHeight)),
      PageUp: () => setScroll((now) => Math.max(0, now - size.height / 2)),
      PageDown: () => setScroll((now) => Math.min(maxScroll, now + size.height / 2)),
      // Expanded, Esc first returns the timeline to its place (the moment viewed stays; "Back to live" leaves it).
      Escape: () => (expanded ? onToggleExpanded() : store.backToLive()),
    };
    const action = keys[event.key];
    if (action === undefined) return;
    // The window's own shortcuts (arrows move the selection) must not act on the same key.
    event.preventDefault();
    event.stopPropagation();
    action();
  };

  const workerLanes = lanes.groups.reduce((count, group) => count + group.lanes.length, 0);
  const workerLaneList = lanes.groups.flatMap((group) => group.lanes.filter((lane) => lane.kind === 'worker'));
  const counted = countedSentence(workerLaneList, window) + spansSentence(workerLaneList, window);
  return (
    <section className={`panel timeline-panel${open ? '' : ' closed'}${expanded ? ' expanded' : ''}`} aria-label="Timeline">
      <div className="panel-head">
        <h2>Timeline</h2>
        <Marker viewedAt={viewedAt} end={end} origin={origin} mode={mode} />
        <div className="panel-tools timeline-tools">
          {recording ? (
            <>
              <button type="button" onClick={() => (playback.playing ? store.pausePlayback() : store.play())}>
                {playback.playing ? 'Pause' : 'Play'}
              </button>
              <select aria-label="Speed" title="playback speed" value={playback.speed} onChange={(event) => store.setSpeed(Number(event.target.value) as PlaybackSpeed)}>
                {PLAYBACK_SPEEDS.map((speed) => (
                  <option key={speed} value={speed}>{`${speed}x`}</option>
                ))}
              </select>
              <input
                type="range"
                className="timeline-seek"
                aria-label="Seek"
                min={span?.start ?? 0}
                max={end}
                step={10}
                value={viewedAt ?? end}
                onChange={(event) => store.viewAt(Number(event.target.value))}
              />
            </>
          ) : viewedAt === null ? (
            <button type="button" onClick={() => store.viewAt(end)} disabled={span === null} title="hold the views at this moment; the lab keeps running">
              Pause timeline
            </button>
          ) : (
            <button type="button" className="solid primary" onClick={() => store.backToLive()} title="draw the lab as it is now (Esc on the timeline)">
              Back to live
            </button>
          )}
          {canShrink && (
            <button
              type="button"
              onClick={() => {
                if (!open) setOpen(true);
                onToggleExpanded();
              }}
              title={expanded ? 'the timeline back to the bottom row (Esc)' : 'the timeline large, over the main view (e)'}
              // In the bottom row an icon: its words would cut the "Viewing the past, at T − 12.3 s" marker at 1280 px.
              aria-label={expanded ? 'Shrink timeline' : 'Expand timeline'}
            >
              {expanded ? 'Shrink timeline' : <span aria-hidden="true">⤢</span>}
            </button>
          )}
          {!expanded && (
            <button type="button" aria-expanded={open} aria-label={open ? 'Hide timeline' : 'Show timeline'} onClick={() => setOpen(!open)}>
              {open ? '▾' : '▸'}
            </button>
          )}
        </div>
      </div>
      {open && (
        <div className="panel-body timeline-body" ref={boxRef}>
          {/* Over the ruler's label cell, so the lanes keep the panel's whole width. */}
          <div className="timeline-zoom" role="group" aria-label="Timeline zoom">
            <button type="button" aria-label="Zoom in" title="zoom in (+ or the wheel)" onClick={() => zoom(0.8, viewedAt ?? undefined)}>
              +
            </button>
            <button type="button" aria-label="Zoom out" title="zoom out (− or the wheel)" onClick={() => zoom(1.25, viewedAt ?? undefined)}>
              −
            </button>
            {!recording && (
              <button type="button" aria-pressed={following} onClick={follow} disabled={following} title="keep the newest moment at the right edge">
                Follow
              </button>
            )}
          </div>
          <canvas
            ref={canvas}
            className="timeline-canvas"
            title={hovered ?? 'click a moment, or drag along the time axis, to view the past; drag to pan; the wheel zooms'}
            tabIndex={0}
            role="img"
            aria-label={`Timeline lanes: ${workerLanes} workers and threads, ${lanes.locks.length} locks. Click a moment or drag along the ruler to view the past; drag to pan; wheel or + and − to zoom; arrows pan, Shift+arrows step the moment, Esc ${expanded ? 'returns the timeline to the bottom row' : 'returns to live'}.${counted}`}
            data-window-start={Math.round(window.start)}
            data-window-end={Math.round(window.end)}
            data-label-width={TIMELINE_LAYOUT.labelWidth * scale}
            style={{ width: box.width, height: box.height }}
            onPointerDown={onPointerDown}
            onPointerMove={onPointerMove}
            onPointerUp={onPointerUp}
            onPointerLeave={() => setHovered(null)}
            onKeyDown={onKeyDown}
          />
        </div>
      )}
    </section>
  );
}

/** A tick's distance in seconds: "10 s", "2.5 s" (round steps need no more than one decimal). */
function secondsLabel(ms: number): string {
  const seconds = Math.round(ms) / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(seconds < 1 ? 2 : 1)} s`;
}

/** "Viewing the past, at T − 12.3 s" while a moment is viewed; in a recording, where in it ("2.3 s of 40.0 s"). */
function Marker({ viewedAt, end, origin, mode }: { viewedAt: number | null; end: number; origin: number; mode: ReturnType<typeof useLabSnapshot>['mode'] }) {
  if (mode.kind === 'recording') {
    // The recording's banner names it; here, where in it the views are.
    const at = ((viewedAt ?? end) - origin) / 1000;
    return (
      <span className="timeline-marker recording" role="status" title={`recording ${mode.name}`}>
        {`${at.toFixed(1)} s of ${((end - origin) / 1000).toFixed(1)} s`}
      </span>
    );
  }
  if (viewedAt === null) return <span className="panel-note" role="status">live</span>;
  const ago = agoLabel(viewedAt, end);
  return (
    <span className="timeline-marker" role="status">
      {ago === 'now' ? 'Viewing the past, at T (paused)' : `Viewing the past, at T ${ago.replace('−', '− ')}`}
    </span>
  );
}
