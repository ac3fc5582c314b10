/**
 * A scenario's check as the page shows it: the outcome in a word and a mark (never by colour alone: a
 * projector washes colours out and some of the room cannot tell red from green), and the check's own sentence.
 */
export type VerdictOutcome = 'pass' | 'fail' | 'pending' | 'not-run';

export interface VerdictView {
  readonly outcome: VerdictOutcome;
  /** The check's sentence, made from the scenario file's template: "counter ended at 92: the race happened, as expected without a lock". */
  readonly sentence: string;
}

export interface OutcomeWords {
  /** A mark that reads in black and white. */
  readonly mark: string;
  /** The outcome in words, first in the verdict and in its accessible name. */
  readonly word: string;
}

export const OUTCOME_WORDS: Readonly<Record<VerdictOutcome, OutcomeWords>> = {
  pass: { mark: '✓', word: 'As expected' },
  fail: { mark: '✗', word: 'Not as expected' },
  pending: { mark: '…', word: 'Watching' },
  'not-run': { mark: '○', word: 'Not run yet' },
};

/** Before a variant has run: nothing to judge yet, said plainly rather than an empty box. */
export const NOT_RUN: VerdictView = { outcome: 'not-run', sentence: 'Run starts it; the verdict appears here as the facts come in.' };
