import { OUTCOME_WORDS, type VerdictView } from '../model/verdict';

/**
 * The live verdict of a scenario's check, big and plain: a mark (✓ ✗ … ○) and a word (As expected, Not as expected,
 * Watching, Not run yet) then the check's sentence. The outcome is in the mark, the word, the border's style and
 * the colour, so it reads on a washed-out projector and to a person who cannot tell red from green. A status
 * region: a screen reader hears it change.
 */
export function Verdict({ verdict, label }: { verdict: VerdictView; label?: string }) {
  const words = OUTCOME_WORDS[verdict.outcome];
  return (
    <div className={`verdict verdict-${verdict.outcome}`} role="status" aria-label={`${label ?? 'Verdict'}: ${words.word}. ${verdict.sentence}`} data-outcome={verdict.outcome}>
      <span className="verdict-mark" aria-hidden="true">
        {words.mark}
      </span>
      <div className="verdict-words">
        {label !== undefined && <p className="verdict-label">{label}</p>}
        <p className="verdict-word">{words.word}</p>
        <p className="verdict-sentence">{verdict.sentence}</p>
      </div>
    </div>
  );
}
