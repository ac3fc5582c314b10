import { useLayoutEffect, useState, type RefObject } from 'react';
import { rowWindow, scrollToShow, type RowWindow } from '../model/row-window';
import { cssZoomOf } from './css-zoom';

/** Rows drawn beyond the view, either side: a fast wheel or PageDown shows drawn rows, not a blank. */
const OVERSCAN_ROWS = 20;
/** The grid's row height when the style sheet does not say (theme.css `--row`). */
const DEFAULT_ROW_PX = 28;

interface RowWindowState {
  /** The rows scrolled above the scroller's top, whole (a new render only per row scrolled, not per pixel). */
  readonly rowsScrolled: number;
  readonly height: number;
  readonly rowPx: number;
}

/**
 * The window of a long table (model/row-window.ts) whose rows are `body` and whose parent element scrolls
 * it: kept current as that scrolls or resizes, and `scrollToRow` for the selection moved by keys onto a
 * row not drawn. The scroller is found from the table, not passed as a ref: a parent's ref is not set yet
 * when a child's layout effect runs (the panel and its table mount together when the view switches back).
 */
export function useRowWindow(body: RefObject<HTMLTableSectionElement | null>, count: number): { readonly window: RowWindow; scrollToRow(index: number): void } {
  const [view, setView] = useState<RowWindowState>({ rowsScrolled: 0, height: 0, rowPx: DEFAULT_ROW_PX });

  useLayoutEffect(() => {
    const element = scrollerOf(body.current);
    if (element === null) return;
    const row = Number.parseFloat(getComputedStyle(element).getPropertyValue('--row')) || DEFAULT_ROW_PX;
    const measure = () => {
      const rows = body.current;
      if (rows === null) return;
      // Layout pixels, as the rows are: presentation mode zooms the panel, and the bounds with it.
      const scrolled = (element.getBoundingClientRect().top - rows.getBoundingClientRect().top) / cssZoomOf(element);
      const next = { rowsScrolled: Math.floor(scrolled / row), height: element.clientHeight, rowPx: row };
      setView((current) => (current.rowsScrolled === next.rowsScrolled && current.height === next.height && current.rowPx === row ? current : next));
    };
    measure();
    element.addEventListener('scroll', measure, { passive: true });
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => {
      element.removeEventListener('scroll', measure);
      observer.disconnect();
    };
  }, [body]);

  const { rowPx } = view;
  const scrollToRow = (index: number) => bringIntoView(scrollerOf(body.current), body.current, index, rowPx);
  return { window: rowWindow(count, rowPx, { scrolled: view.rowsScrolled * rowPx, height: view.height }, OVERSCAN_ROWS), scrollToRow };
}

function scrollerOf(rows: HTMLTableSectionElement | null): HTMLElement | null {
  return rows?.closest('table')?.parentElement ?? null;
}

/** Scrolls `element` so that row `index` of `rows` shows below the table's sticky header. */
function bringIntoView(element: HTMLElement | null, rows: HTMLTableSectionElement | null, index: number, rowPx: number): void {
  if (element === null || rows === null) return;
  const top = (rows.getBoundingClientRect().top - element.getBoundingClientRect().top) / cssZoomOf(element) + element.scrollTop;
  const covered = rows.parentElement instanceof HTMLTableElement ? (rows.parentElement.tHead?.offsetHeight ?? 0) : 0;
  const to = scrollToShow(index, rowPx, top, covered, element.scrollTop, element.clientHeight);
  if (to !== null) element.scrollTop = to;
}
