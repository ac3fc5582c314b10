import { useLayoutEffect, useRef } from 'react';
import { useRowWindow } from '../hooks/use-row-window';
import type { ExplainLine } from '../model/pool-explain';
import { RowSpacer } from './RowSpacer';

/**
 * Explain mode: the pool's last tasks, newest first, each through its steps (submitted → queued → sent →
 * running on worker N → done / failed / lost → callback), a map's chunks as chunks. Two-line rows of one
 * height, so only those in view are drawn. The list is as tall as the Pools region (pools.css), and when it
 * opens the region scrolls it to its top: at 1280×720 a card's slots and charts leave it a few rows otherwise.
 */
export function PoolExplain({ pool, lines, skipped }: { pool: string; lines: readonly ExplainLine[]; skipped: number }) {
  const body = useRef<HTMLTableSectionElement>(null);
  const { window } = useRowWindow(body, lines.length);
  const whole = useRef<HTMLDivElement>(null);
  // Once, when its first lines have come (the card draws the list at most four times a second): before them
  // the region cannot scroll that far.
  const revealed = useRef(false);
  const hasLines = lines.length > 0;
  const skippedWords = skipped > 0 ? ` · ${skipped.toLocaleString('en-US')} steps of others counted, not kept` : '';
  useLayoutEffect(() => {
    if (!hasLines || revealed.current) return;
    revealed.current = true;
    revealAtTop(whole.current);
  }, [hasLines]);
  return (
    <div className="pool-explain" ref={whole}>
      <p
        className="explain-note dim"
        title={`Explain follows whole tasks, from their submit, while its budget (steps a second) has room and fewer than 300 are in flight; the steps of the others are counted only.${skippedWords}`}
      >
        <span className="mono">{pool}</span>: the last {lines.length} tasks followed, newest first{skippedWords}
      </p>
      <div className="explain-scroll scroll">
        <table className="grid explain-grid" aria-label={`${pool} tasks`}>
          <colgroup>
            <col className="col-task" />
            <col />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">Task</th>
              <th scope="col">Steps</th>
            </tr>
          </thead>
          <tbody ref={body}>
            <RowSpacer height={window.above} columns={2} />
            {lines.slice(window.first, window.end).map((line) => (
              <tr key={line.id} className={`line explain-line end-${line.end ?? 'none'}`} data-task-id={line.id}>
                <td className="explain-task">
                  <span className="mono">{line.title}</span>
                  {line.call !== null && <span className="dim explain-call">{line.call}</span>}
                </td>
                <td className="explain-steps" title={line.detail ?? undefined}>
                  <span className="steps">
                    {line.steps.map((step, index) => (
                      <span key={`${step.step}-${index}`} className={`step step-${step.step}`}>
                        {index > 0 && <span className="arrow" aria-hidden="true"> → </span>}
                        {step.words}
                      </span>
                    ))}
                  </span>
                  {line.detail !== null && <span className="explain-detail">{line.detail}</span>}
                </td>
              </tr>
            ))}
            <RowSpacer height={window.below} columns={2} />
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** Scrolls the region that holds the list so the list starts at its top (the cards above it stay drawn). */
function revealAtTop(element: HTMLElement | null): void {
  const region = element?.closest<HTMLElement>('.panel-body');
  if (element == null || region == null) return;
  region.scrollTop += element.getBoundingClientRect().top - region.getBoundingClientRect().top;
}
