/**
 * Which rows of a long table are drawn: those in view and `overscan` either side, the rest stand in as
 * two spacers of their height. Rows are all one height (the grid's --row), so this is arithmetic; a tree
 * of 250 workers draws about 60 rows instead of 250, and a sample repaints those only.
 */
export interface RowWindow {
  /** The first row drawn, and one past the last. */
  readonly first: number;
  readonly end: number;
  /** The heights the spacers keep for the rows above and below, px. */
  readonly above: number;
  readonly below: number;
}

export interface RowView {
  /** How far the first row's top is scrolled above the scroller's top, px (negative: still below it). */
  readonly scrolled: number;
  /** The scroller's visible height, px. */
  readonly height: number;
}

export function rowWindow(count: number, rowPx: number, view: RowView, overscan: number): RowWindow {
  const first = clamp(Math.floor(view.scrolled / rowPx) - overscan, 0, count);
  const end = clamp(Math.ceil((view.scrolled + view.height) / rowPx) + overscan, first, count);
  return { first, end, above: first * rowPx, below: (count - end) * rowPx };
}

/**
 * The scroll position that brings row `index` into view, or null when it is in view already. `top` is
 * the rows' top in the scroller's content and `covered` the sticky header's height over them.
 */
export function scrollToShow(index: number, rowPx: number, top: number, covered: number, scrollTop: number, height: number): number | null {
  const rowTop = top + index * rowPx;
  if (rowTop - covered < scrollTop) return rowTop - covered;
  if (rowTop + rowPx > scrollTop + height) return rowTop + rowPx - height;
  return null;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}
