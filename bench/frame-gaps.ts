import type { Page } from '@playwright/test';
import { countFigure, type Figure } from './figure';
import { summarize } from './stats';

/** One display refresh at 60 Hz (ms): the frame-time target is one of these. */
const VSYNC_MS = 1000 / 60;
/** A gap longer than this many refreshes is a frame missed: 16.7 and 16.8 ms are the same frame; 25 ms is not. */
const DROPPED_OVER_VSYNCS = 1.5;

/** In the page: the gaps between requestAnimationFrame callbacks, collected while `frameGaps` is an array. */
export const FRAME_GAPS_INSTRUMENT = `(() => {
  globalThis.frameGaps = null;
  let last = 0;
  const tick = (now) => { if (globalThis.frameGaps !== null && last > 0) globalThis.frameGaps.push(now - last); last = now; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
})()`;

/** The frame gaps of `seconds` (ms), calling `during` in a loop meanwhile when given. */
export async function frameGaps(page: Page, seconds: number, during?: () => Promise<void>): Promise<number[]> {
  await page.evaluate('globalThis.frameGaps = []');
  const until = Date.now() + seconds * 1000;
  if (during !== undefined) while (Date.now() < until) await during();
  else await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const gaps = (await page.evaluate('globalThis.frameGaps.splice(0)')) as number[];
  // To the page clock's resolution (Chromium: 0.1 ms, bench/targets.ts): a gap of 16.8 read off two coarsened
  // times is 16.80000000000291 in floating point, which a limit of 16.8 would call over.
  return gaps.map((gap) => Math.round(gap * 10) / 10);
}

/**
 * The share of frames that missed a refresh (a gap over 1.5 vsync at 60 Hz): a p95 of 16.8 ms against
 * 16.7 says only that the frame clock jitters, this says whether a frame was late.
 */
export function droppedShare(gaps: readonly number[]): number {
  if (gaps.length === 0) return 0;
  return gaps.filter((gap) => gap > DROPPED_OVER_VSYNCS * VSYNC_MS).length / gaps.length;
}

export function frameP95Figure(gaps: readonly number[], what: string, how: string): Figure {
  return { what, unit: 'ms', value: summarize(gaps, 0.95), pairs: gaps.length, seconds: 0, stoppedBy: 'counted', how };
}

export function droppedFigure(gaps: readonly number[], what: string): Figure {
  const share = droppedShare(gaps);
  const late = Math.round(share * gaps.length);
  return countFigure(Math.round(share * 10_000) / 10_000, { what, how: `${late} of ${gaps.length} frames longer than ${(DROPPED_OVER_VSYNCS * VSYNC_MS).toFixed(1)} ms` });
}
