import type { TimeWindow } from './geometry';
import type { Segment, TaskSpan } from './lane-types';
import { spanRuns, taskWords } from './task-span-runs';

/**
 * A pool worker's tasks on its lane: a band along the lane's foot, so the state colour above it still
 * says running, sleeping or blocked. One task a run, its neighbours told apart by two tones and a notch;
 * tasks merged below a pixel in a third colour; "task 12 sleep" written on the lane where it fits.
 */

const BAND_PX = 4;
/** Two tones, alternating by task id, so that two tasks end to end read as two. */
const TASK_TONES = ['#f1f5f9', '#a5b4fc'] as const;
const MERGED = '#e879f9';
const WORDS = '#f8fafc';
const WORDS_FONT = '11px system-ui, sans-serif';
const WORDS_VEIL = 'rgba(5, 7, 12, 0.55)';
/** Room a span needs beyond its words before they are written on it, px. */
const WORDS_PAD_PX = 10;

export interface SpanArea {
  readonly window: TimeWindow;
  readonly left: number;
  readonly right: number;
  /** Where open spans end: the newest moment known. */
  readonly end: number;
}

export function drawTaskSpans(context: CanvasRenderingContext2D, spans: readonly Segment<TaskSpan>[], area: SpanArea, x: (t: number) => number, top: number, height: number): void {
  if (spans.length === 0) return;
  const y = top + height - 2 - BAND_PX;
  for (const run of spanRuns(spans, area.window, x, area.left, area.right, area.end)) {
    const width = run.x1 - run.x0;
    if (run.taskId === null) {
      // At least 2 px: a mark of tasks between two batches has no length of its own.
      context.fillStyle = MERGED;
      context.fillRect(run.x0, y, Math.max(2, width), BAND_PX);
      continue;
    }
    context.fillStyle = TASK_TONES[run.taskId % 2]!;
    // A notch at the end, so that a task's end reads where the next one starts.
    context.fillRect(run.x0, y, width > 3 ? width - 1 : width, BAND_PX);
    const span = spans[run.from]!;
    if (width < 40) continue;
    const words = taskWords(span.state);
    context.save();
    context.font = WORDS_FONT;
    const room = context.measureText(words).width;
    if (room + WORDS_PAD_PX <= width) {
      // A veil, not a box: the state colour shows through, dimmed, behind the words (a dark outline cut
      // thin letters at one device pixel per px).
      context.fillStyle = WORDS_VEIL;
      context.fillRect(run.x0 + 1, top + 2, room + 6, y - top - 2);
      context.fillStyle = WORDS;
      context.fillText(words, run.x0 + 4, top + height / 2 - 1);
    }
    context.restore();
  }
}
