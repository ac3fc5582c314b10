import type { ScenarioEntry, ScenarioProblem, ScenarioProgress } from '../../shared/scenario-run';
import { progressOf, verdictOf } from '../model/scenario-view';
import { OUTCOME_WORDS } from '../model/verdict';

interface ScenarioLibraryProps {
  readonly entries: readonly ScenarioEntry[];
  readonly problems: readonly ScenarioProblem[];
  readonly progress: Readonly<Record<string, ScenarioProgress>>;
  readonly picked: string | null;
  onPick(id: string): void;
}

/**
 * The scenarios to pick from: each its title, the seed it comes from and its lesson, with the outcome of its
 * last run as a mark; then the files that could not be used, each with its error naming the line.
 */
export function ScenarioLibrary({ entries, problems, progress, picked, onPick }: ScenarioLibraryProps) {
  return (
    <nav className="scenario-library" aria-label="Scenario library">
      {entries.length === 0 && problems.length === 0 && <p className="empty">No scenarios yet: the lab has not told any.</p>}
      <ul className="scenario-list">
        {entries.map((entry) => {
          const verdict = verdictOf(progressOf(progress, entry.id));
          const words = OUTCOME_WORDS[verdict.outcome];
          return (
            <li key={entry.id}>
              <button
                type="button"
                className="scenario-item"
                aria-current={entry.id === picked ? 'true' : undefined}
                onClick={() => onPick(entry.id)}
                data-scenario={entry.id}
              >
                <span className="scenario-item-title">
                  {entry.scenario.title}
                  {verdict.outcome !== 'not-run' && (
                    <span className={`scenario-item-mark verdict-${verdict.outcome}`} title={words.word} aria-label={`last run: ${words.word}`}>
                      {words.mark}
                    </span>
                  )}
                </span>
                <span className="scenario-item-seed">
                  {entry.source === 'user' && <span className="scenario-yours">yours · </span>}
                  {entry.scenario.seed}
                </span>
                {entry.scenario.summary !== undefined && <span className="scenario-item-lesson">{entry.scenario.summary}</span>}
              </button>
            </li>
          );
        })}
      </ul>
      {problems.length > 0 && (
        <section className="scenario-problems" aria-label="Scenario files with errors">
          <h3>Could not be used</h3>
          <ul>
            {problems.map((problem) => (
              <li key={`${problem.source}/${problem.file}`} className="scenario-problem">
                <span className="scenario-problem-mark" aria-hidden="true">
                  ⚠
                </span>
                <span>
                  <span className="scenario-problem-file">
                    {problem.file}
                    {problem.source === 'user' ? ' (your folder)' : ' (library)'}
                  </span>
                  <span className="scenario-problem-error">{problem.error}</span>
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </nav>
  );
}
