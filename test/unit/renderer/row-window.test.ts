import { describe, expect, it } from 'vitest';
import { rowWindow, scrollToShow } from '../../../src/renderer/model/row-window';

describe('rowWindow: the rows of a long table that are drawn', () => {
  it('at the top, the rows in view and the overscan below; the rest is one spacer', () => {
    // 250 rows of 28 px in a 340 px view: rows 0..12 are in view (12.1 rows), 10 more below.
    expect(rowWindow(250, 28, { scrolled: 0, height: 340 }, 10)).toEqual({ first: 0, end: 23, above: 0, below: 227 * 28 });
  });

  it('scrolled down, the overscan on both sides, and the spacers add up to the rows not drawn', () => {
    const window = rowWindow(250, 28, { scrolled: 100 * 28 + 5, height: 340 }, 10);
    expect(window).toEqual({ first: 90, end: 123, above: 90 * 28, below: 127 * 28 });
    expect(window.above + (window.end - window.first) * 28 + window.below).toBe(250 * 28);
  });

  it('at the bottom and beyond it, never past the last row', () => {
    expect(rowWindow(250, 28, { scrolled: 250 * 28 - 340, height: 340 }, 10)).toMatchObject({ end: 250, below: 0 });
    expect(rowWindow(250, 28, { scrolled: 1e9, height: 340 }, 10)).toEqual({ first: 250, end: 250, above: 250 * 28, below: 0 });
  });

  it('rows still below the scroller top (a header above them) or a short table: every row drawn', () => {
    expect(rowWindow(5, 28, { scrolled: -30, height: 340 }, 10)).toEqual({ first: 0, end: 5, above: 0, below: 0 });
    expect(rowWindow(0, 28, { scrolled: 0, height: 340 }, 10)).toEqual({ first: 0, end: 0, above: 0, below: 0 });
  });
});

describe('scrollToShow: bringing a row into view under the sticky header', () => {
  // Rows start 30 px down the content, under a 30 px sticky header; a 340 px view.
  it('a row in view stays put', () => {
    expect(scrollToShow(3, 28, 30, 30, 0, 340)).toBeNull();
  });

  it('a row above the view comes to just under the header', () => {
    expect(scrollToShow(10, 28, 30, 30, 2000, 340)).toBe(30 + 280 - 30);
  });

  it('a row below the view comes to its bottom edge', () => {
    expect(scrollToShow(100, 28, 30, 30, 0, 340)).toBe(30 + 100 * 28 + 28 - 340);
  });
});
