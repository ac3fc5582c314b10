import { Fragment, useLayoutEffect, useRef, useState } from 'react';
import type { WorkerView } from '../../shared/lab-state';
import type { OutputPiece, OutputStream, WorkerOutput } from '../../shared/output';
import { formatBytes } from '../format/units';

type Shown = 'both' | OutputStream;

interface OutputSectionProps {
  readonly worker: WorkerView;
  readonly output: WorkerOutput | undefined;
}

/** How close to the bottom (px) still counts as "at the end", so the view keeps following new output. */
const AT_END_PX = 8;

/**
 * What the selected worker printed, live: stdout and stderr interleaved as they came (stderr tinted), the
 * newest at the bottom. It follows the end until the person scrolls back, and offers to follow again.
 * The host has already made the text safe (no terminal escapes, control bytes drawn as symbols).
 */
export function OutputSection({ worker, output }: OutputSectionProps) {
  const text = useRef<HTMLPreElement>(null);
  const [following, setFollowing] = useState(true);
  const [shown, setShown] = useState<Shown>('both');
  const pieces = (output?.pieces ?? []).filter((piece) => shown === 'both' || piece.stream === shown);

  useLayoutEffect(() => {
    const element = text.current;
    if (following && element !== null) element.scrollTop = element.scrollHeight;
  }, [output, following, shown]);

  const onScroll = () => {
    const element = text.current;
    if (element !== null) setFollowing(element.scrollHeight - element.scrollTop - element.clientHeight <= AT_END_PX);
  };

  return (
    <section className="worker-output" aria-label={`Output of ${worker.name}`}>
      <div className="output-head">
        <div className="segmented output-streams" role="group" aria-label="Streams shown">
          {(['both', 'stdout', 'stderr'] as const).map((each) => (
            <button key={each} type="button" className={`small stream-${each}`} aria-pressed={shown === each} onClick={() => setShown(each)}>
              {each === 'both' ? 'Both' : each}
            </button>
          ))}
        </div>
        <span className="output-sizes mono">
          <span className="out-stdout">stdout</span> {formatBytes(worker.stdoutBytes)} · <span className="out-stderr">stderr</span> {formatBytes(worker.stderrBytes)}
        </span>
      </div>
      <div className="output-frame">
        <pre ref={text} className="output-text mono" tabIndex={0} role="log" aria-live="off" aria-label={`Printed by ${worker.name}`} onScroll={onScroll}>
          {pieces.length === 0 ? <span className="output-empty">{emptyWords(worker, shown)}</span> : pieces.map((piece, index) => <Piece key={index} piece={piece} />)}
        </pre>
        {/* Over the text, so that offering it never moves the lines a person is reading. */}
        {!following && (
          <button type="button" className="small follow-end" aria-label="Follow the end" onClick={() => setFollowing(true)}>
            ↓ Follow the end
          </button>
        )}
      </div>
    </section>
  );
}

function Piece({ piece }: { piece: OutputPiece }) {
  return (
    <Fragment>
      {piece.skippedBefore > 0 && (
        <span className="output-gap">
          {`… ${formatBytes(piece.skippedBefore)} of ${piece.stream} not shown (printed faster than the lab shows, or too long ago) …`}
          {'\n'}
        </span>
      )}
      <span className={`out-${piece.stream}`}>{piece.text}</span>
    </Fragment>
  );
}

function emptyWords(worker: WorkerView, shown: Shown): string {
  const what = shown === 'both' ? 'nothing' : `nothing on ${shown}`;
  return worker.exit === null && worker.startFailure === null ? `${what} printed yet` : `${what} was printed`;
}
