import { describe, expect, it } from 'vitest';
import { MAX_PRESENT_PANELS, panelsForView, panelsToPresent, stageLayout, stepWithin } from '../../../src/renderer/model/presentation';

describe('which panels presentation mode shows', () => {
  it('without a scenario, the view on screen: the Sync view is its locks and wait-for graph, an expanded timeline is the timeline', () => {
    expect(panelsForView('sync', false)).toEqual(['locks', 'wait-for']);
    expect(panelsForView('processes', false)).toEqual(['processes']);
    expect(panelsForView('pools', false)).toEqual(['pools']);
    expect(panelsForView('sync', true)).toEqual(['timeline']);
  });

  it("a scenario's own panels, known names once each and at most four, in the file's order", () => {
    expect(panelsToPresent(['wait-for', 'locks', 'wait-for'], ['processes'])).toEqual(['wait-for', 'locks']);
    expect(panelsToPresent(['timeline', 'bogus', 'cpu', 'log', 'locks', 'queues'], ['processes'])).toHaveLength(MAX_PRESENT_PANELS);
    expect(panelsToPresent(['timeline', 'bogus', 'cpu'], ['processes'])).toEqual(['timeline', 'cpu']);
  });

  it('none known: the fallback (a newer file on an older lab still presents)', () => {
    expect(panelsToPresent(['hologram'], ['locks', 'wait-for'])).toEqual(['locks', 'wait-for']);
    expect(panelsToPresent([], ['processes'])).toEqual(['processes']);
  });

  it('lays one to four panels out, the first the largest', () => {
    expect(stageLayout(['timeline'])).toBe('stage-one');
    expect(stageLayout(['locks', 'wait-for'])).toBe('stage-two');
    expect(stageLayout(['locks', 'wait-for', 'log'])).toBe('stage-three');
    expect(stageLayout(['locks', 'wait-for', 'log', 'output'])).toBe('stage-four');
  });
});

describe('stepping through the narration', () => {
  it('Space on the last step stays there, B on the first stays there', () => {
    expect(stepWithin(0, 1, 3)).toBe(1);
    expect(stepWithin(2, 1, 3)).toBe(2);
    expect(stepWithin(0, -1, 3)).toBe(0);
    expect(stepWithin(2, -1, 3)).toBe(1);
  });

  it('a narration of no steps has step 0', () => {
    expect(stepWithin(0, 1, 0)).toBe(0);
  });
});
