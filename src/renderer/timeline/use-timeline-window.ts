import { useState } from 'react';
import type { LabSnapshot } from '../store/lab-store';
import { DEFAULT_SPAN_MS, followWindow, panWindow, zoomWindow, type TimeWindow } from './geometry';

/**
 * Which stretch of time the timeline shows. It follows live (the last `spanMs`, ending now) until the
 * person pans, pauses or picks a moment; then it holds still while the lab runs on. "Back to live"
 * (viewedAt null again) makes it follow again. A recording opens showing the whole of it.
 */
export function useTimelineWindow(snapshot: LabSnapshot) {
  const { viewedAt, span, mode } = snapshot;
  const end = span?.end ?? 0;
  const [spanMs, setSpanMs] = useState(DEFAULT_SPAN_MS);
  const [frozen, setFrozen] = useState<TimeWindow | null>(null);
  const viewing = viewedAt !== null;
  const recording = mode.kind === 'recording' ? mode.name : null;
  // Adjusted while rendering when the mode changes (React's pattern for state that follows props).
  const [seen, setSeen] = useState({ viewing, recording });
  if (seen.viewing !== viewing || seen.recording !== recording) {
    setSeen({ viewing, recording });
    if (seen.recording !== recording) setFrozen(recording !== null && span !== null ? { start: span.start, end: Math.max(span.end, span.start + 1_000) } : null);
    else if (!viewing && recording === null) setFrozen(null);
    else if (frozen === null) setFrozen(followWindow(spanMs, end));
  }
  const window = frozen ?? followWindow(spanMs, end);

  const zoom = (factor: number, anchor?: number) => {
    const next = zoomWindow(window, factor, anchor ?? (frozen === null ? window.end : (window.start + window.end) / 2));
    setSpanMs(next.end - next.start);
    // Zooming while following keeps the right edge at now.
    if (frozen !== null) setFrozen(next);
  };
  const pan = (deltaMs: number) => setFrozen(panWindow(window, deltaMs));
  const follow = () => setFrozen(null);
  return { window, following: frozen === null, zoom, pan, follow };
}
