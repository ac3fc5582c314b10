import { stepPointWords } from '../../shared/step-mode';
import { countedWords, type CountedOps } from './counted-gaps';
import { drawTaskSpans } from './draw-task-spans';
import type { LaneState } from './lane-state';
import { tickStep, TIMELINE_LAYOUT, visiblePoints, visibleRange, visibleRows, xOf, type Row, type TimeWindow } from './geometry';
import type { Handoff, LockHold, Segment, TimelineLanes } from './timeline-lanes';

/** What one frame of the timeline shows. */
export interface TimelineFrame {
  readonly width: number;
  readonly height: number;
  readonly lanes: TimelineLanes;
  readonly rows: readonly Row[];
  readonly window: TimeWindow;
  /** Vertical scroll of the lanes, px. */
  readonly scroll: number;
  /** The newest moment known: open segments end here. */
  readonly end: number;
  readonly viewedAt: number | null;
  /** Ticks fall on whole steps from this moment (now when live, the start of a recording). */
  readonly tickOrigin: number;
  /** How a tick's moment is labelled ("−10 s", "+4 s"). */
  readonly tickLabel: (t: number) => string;
}

/** The state colours: the same families as the tree's state words (badges.css), readable on a projector. */
const STATE_COLOURS: Readonly<Record<LaneState['kind'], string>> = {
  starting: '#38bdf8',
  running: '#4ade80',
  sleeping: '#3b5b8c',
  gil: '#a855f7',
  stopped: '#fb923c',
  blocked: '#f87171',
  waiting: '#fbbf24',
  held: '#e879f9',
  exited: '#334155',
};
const FAILED_EXIT = '#7f1d1d';
const HOLD_HUES = [199, 142, 271, 32, 330, 60, 170, 12];
const TEXT = '#e9eef6';
const TEXT_DIM = '#a3b1c6';
const LINE = '#1f2a3c';
const VIEWED = '#fbbf24';
const HANDOFF = '#e9eef6';

export function stateColour(state: LaneState): string {
  if (state.kind === 'exited' && state.exitCode !== 0) return FAILED_EXIT;
  return STATE_COLOURS[state.kind];
}

function holdColour(holder: string): string {
  let hash = 0;
  for (let index = 0; index < holder.length; index++) hash = (hash * 31 + holder.charCodeAt(index)) | 0;
  return `hsl(${HOLD_HUES[Math.abs(hash) % HOLD_HUES.length]} 65% 55%)`;
}

/** Draws one frame: labels on the left, the ruler on top, the visible rows' segments, hand-offs, the viewed moment. */
export function drawTimeline(context: CanvasRenderingContext2D, frame: TimelineFrame): void {
  const { width, height, window, scroll } = frame;
  const { labelWidth, rulerHeight } = TIMELINE_LAYOUT;
  const plotWidth = Math.max(1, width - labelWidth);
  const x = (t: number) => xOf(t, window, labelWidth, plotWidth);
  context.clearRect(0, 0, width, height);
  context.font = '12px system-ui, sans-serif';
  context.textBaseline = 'middle';

  const shown = visibleRows(frame.rows, scroll, height - rulerHeight);
  context.save();
  context.beginPath();
  context.rect(0, rulerHeight, width, height - rulerHeight);
  context.clip();
  const yByLane = new Map<string, number>();
  for (const row of shown) {
    const top = rulerHeight + row.y - scroll;
    switch (row.kind) {
      case 'heading':
        context.fillStyle = '#0d1420';
        context.fillRect(0, top, width, row.height);
        context.fillStyle = TEXT_DIM;
        context.font = '600 11.5px system-ui, sans-serif';
        context.fillText(row.label, 6, top + row.height / 2, width - 12);
        context.font = '12px system-ui, sans-serif';
        break;
      case 'lane':
        yByLane.set(row.lane.key, top + row.height / 2);
        drawLabel(context, laneLabel(row.lane), top, row.height);
        drawSegments(context, row.lane.segments, frame, x, top, row.height, stateColour, laneText);
        if (row.lane.kind === 'worker') {
          drawTaskSpans(context, row.lane.spans, { window, left: TIMELINE_LAYOUT.labelWidth, right: width, end: frame.end }, x, top, row.height);
          if (row.lane.gaps.length > 0) drawGaps(context, row.lane.gaps, frame, x, top, row.height);
        }
        break;
      case 'lock':
        drawLabel(context, row.lane.label, top, row.height);
        drawSegments(context, row.lane.segments, frame, x, top, row.height, (hold: LockHold) => holdColour(hold.holder), (hold) => hold.label);
        break;
      case 'counter':
        drawLabel(context, row.lane.label, top, row.height);
        drawCounter(context, row.lane.points, row.lane.max, frame, x, top, row.height);
        break;
    }
  }
  drawHandoffs(context, frame.lanes.handoffs, window, x, yByLane);
  context.restore();

  drawRuler(context, frame, x, plotWidth);
  if (frame.viewedAt !== null && frame.viewedAt >= window.start && frame.viewedAt <= window.end) {
    const at = Math.round(x(frame.viewedAt)) + 0.5;
    context.strokeStyle = VIEWED;
    context.lineWidth = 2;
    context.beginPath();
    context.moveTo(at, 0);
    context.lineTo(at, height);
    context.stroke();
    context.lineWidth = 1;
  }
}

function drawLabel(context: CanvasRenderingContext2D, label: string, top: number, height: number): void {
  context.fillStyle = TEXT;
  context.fillText(label, 10, top + height / 2, TIMELINE_LAYOUT.labelWidth - 16);
}

/** A thread's lane indented under its process; a pool worker's with its slot ("p-1 · pool worker 1 of 2"). */
function laneLabel(lane: Extract<Row, { kind: 'lane' }>['lane']): string {
  if (lane.kind === 'thread') return `  ${lane.label}`;
  return lane.badge === null ? lane.label : `${lane.label} · ${lane.badge}`;
}

function laneText(state: LaneState): string | null {
  switch (state.kind) {
    case 'blocked':
    case 'waiting':
      return `${state.op} ${state.primitive}`;
    case 'held':
      return `held: ${stepPointWords(state.primitive, state.op)}`;
    case 'exited':
      return state.exitCode === null ? 'failed' : `exit ${state.exitCode}`;
    default:
      return null;
  }
}

function drawSegments<S>(
  context: CanvasRenderingContext2D,
  segments: readonly Segment<S>[],
  frame: TimelineFrame,
  x: (t: number) => number,
  top: number,
  height: number,
  colour: (state: S) => string,
  text: (state: S) => string | null,
): void {
  const [from, to] = visibleRange(segments, frame.window);
  const left = TIMELINE_LAYOUT.labelWidth;
  let fill = '';
  for (let index = from; index < to; index++) {
    const segment = segments[index]!;
    const x0 = Math.max(left, x(segment.start));
    const x1 = Math.min(frame.width, x(segment.end ?? frame.end));
    if (x1 < x0) continue;
    const next = colour(segment.state);
    if (next !== fill) context.fillStyle = fill = next;
    context.fillRect(x0, top + 2, Math.max(1, x1 - x0), height - 4);
    const words = x1 - x0 > 56 ? text(segment.state) : null;
    if (words !== null) {
      context.fillStyle = '#05070c';
      context.fillText(words, x0 + 4, top + height / 2, x1 - x0 - 8);
      fill = '';
    }
  }
}

/** A gap's hatching: light stripes over the lane's colour, so its state still shows through. */
const GAP_STRIPE = 'rgba(233, 238, 246, 0.75)';
const GAP_SHADE = 'rgba(5, 7, 12, 0.45)';
const GAP_STRIPE_EVERY_PX = 6;

/** Fast-path ops counted, not kept: a hatched span over the lane (its words when there is room; the tooltip otherwise). */
function drawGaps(context: CanvasRenderingContext2D, gaps: readonly Segment<CountedOps>[], frame: TimelineFrame, x: (t: number) => number, top: number, height: number): void {
  const [from, to] = visibleRange(gaps, frame.window);
  const left = TIMELINE_LAYOUT.labelWidth;
  for (let index = from; index < to; index++) {
    const gap = gaps[index]!;
    const x0 = Math.max(left, x(gap.start));
    const x1 = Math.min(frame.width, Math.max(x0 + 2, x(gap.end ?? frame.end)));
    if (x1 <= x0) continue;
    const y0 = top + 2;
    const y1 = top + height - 2;
    context.save();
    context.beginPath();
    context.rect(x0, y0, x1 - x0, y1 - y0);
    context.clip();
    context.fillStyle = GAP_SHADE;
    context.fillRect(x0, y0, x1 - x0, y1 - y0);
    context.strokeStyle = GAP_STRIPE;
    context.beginPath();
    for (let stripe = x0 - (y1 - y0); stripe < x1; stripe += GAP_STRIPE_EVERY_PX) {
      context.moveTo(stripe, y1);
      context.lineTo(stripe + (y1 - y0), y0);
    }
    context.stroke();
    context.restore();
    const words = gapText(context, gap.state.ops, x1 - x0 - 12);
    if (words !== null) {
      const width = context.measureText(words).width;
      context.fillStyle = '#05070c';
      context.fillRect(x0 + 4, y0 + 1, width + 4, y1 - y0 - 2);
      context.fillStyle = TEXT;
      context.fillText(words, x0 + 6, top + height / 2);
    }
  }
}

/** "N ops counted, not kept" where it fits, else "N counted", else nothing (the tooltip says it). */
function gapText(context: CanvasRenderingContext2D, ops: number, room: number): string | null {
  for (const words of [countedWords(ops), `${ops.toLocaleString('en')} counted`]) if (context.measureText(words).width <= room) return words;
  return null;
}

function drawCounter(
  context: CanvasRenderingContext2D,
  points: readonly { readonly t: number; readonly value: number }[],
  max: number,
  frame: TimelineFrame,
  x: (t: number) => number,
  top: number,
  height: number,
): void {
  const [from, to] = visiblePoints(points, frame.window);
  if (from >= to) return;
  const left = TIMELINE_LAYOUT.labelWidth;
  const y = (value: number) => top + height - 2 - (Math.min(value, max) / max) * (height - 4);
  context.beginPath();
  context.moveTo(Math.max(left, x(points[from]!.t)), top + height - 2);
  for (let index = from; index < to; index++) {
    const point = points[index]!;
    const px = Math.max(left, x(point.t));
    const previous = index > from ? points[index - 1]! : point;
    context.lineTo(px, y(previous.value));
    context.lineTo(px, y(point.value));
  }
  const last = points[to - 1]!;
  const endX = Math.min(frame.width, x(frame.end));
  context.lineTo(endX, y(last.value));
  context.lineTo(endX, top + height - 2);
  context.closePath();
  context.fillStyle = 'rgba(56, 189, 248, 0.35)';
  context.fill();
  context.strokeStyle = '#38bdf8';
  context.stroke();
  context.fillStyle = TEXT_DIM;
  context.fillText(String(Math.round(last.value)), TIMELINE_LAYOUT.labelWidth - 34, top + height / 2);
}

/** An arrow from the releaser's lane at the release to the acquirer's lane at the acquire. */
function drawHandoffs(context: CanvasRenderingContext2D, handoffs: readonly Handoff[], window: TimeWindow, x: (t: number) => number, yByLane: ReadonlyMap<string, number>): void {
  context.strokeStyle = HANDOFF;
  context.fillStyle = HANDOFF;
  context.lineWidth = 1.5;
  for (const handoff of handoffs) {
    if (handoff.acquired < window.start || handoff.released > window.end) continue;
    const y0 = yByLane.get(handoff.from);
    const y1 = yByLane.get(handoff.to);
    if (y0 === undefined || y1 === undefined) continue;
    const x0 = x(handoff.released);
    const x1 = Math.max(x0 + 6, x(handoff.acquired));
    context.beginPath();
    context.moveTo(x0, y0);
    context.bezierCurveTo(x0 + 12, y0, x1 - 12, y1, x1, y1);
    context.stroke();
    const direction = y1 >= y0 ? -1 : 1;
    context.beginPath();
    context.moveTo(x1, y1);
    context.lineTo(x1 - 4, y1 + direction * 6);
    context.lineTo(x1 + 4, y1 + direction * 6);
    context.closePath();
    context.fill();
  }
  context.lineWidth = 1;
}

function drawRuler(context: CanvasRenderingContext2D, frame: TimelineFrame, x: (t: number) => number, plotWidth: number): void {
  const { rulerHeight } = TIMELINE_LAYOUT;
  context.fillStyle = '#0d1420';
  context.fillRect(0, 0, frame.width, rulerHeight);
  context.fillStyle = TEXT_DIM;
  const step = tickStep(frame.window.end - frame.window.start, plotWidth);
  context.strokeStyle = LINE;
  const first = frame.tickOrigin + Math.ceil((frame.window.start - frame.tickOrigin) / step) * step;
  for (let t = first; t <= frame.window.end; t += step) {
    const at = Math.round(x(t)) + 0.5;
    context.beginPath();
    context.moveTo(at, rulerHeight - 6);
    context.lineTo(at, frame.height);
    context.stroke();
    context.fillText(frame.tickLabel(t), at + 3, rulerHeight / 2 - 1);
  }
}
