import { memo, useLayoutEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import type { LabState } from '../../shared/lab-state';
import type { LabEvent } from '../../shared/protocol';
import { describeEvent, type EventLine } from '../format/describe-event';
import { formatClock } from '../format/units';
import { matchesFilter } from '../model/filter';

/**
 * Lines drawn while the log follows the newest; scrolled up (not following), it draws them all. A full
 * log is 2,000 lines, and laying out 2,000 list items again on every new line made a worker's exit take
 * 70 ms instead of 18 to reach the screen on 2 cores (bench: screen.p95_ms).
 */
const DRAWN_WHILE_FOLLOWING = 200;

/** Within this many pixels of the bottom, the log follows new lines; scrolled further up, it stays put. */
const FOLLOW_SLACK_PX = 24;

/**
 * Each event's line, made once (an event never changes, and the names it uses are fixed when its worker
 * starts); the list made again only when the log itself changes, not on every sample.
 */
const described = new WeakMap<LabEvent, EventLine | null>();
const linesByLog = new WeakMap<readonly LabEvent[], EventLine[]>();

function linesOf(state: Pick<LabState, 'log' | 'workers'>): EventLine[] {
  let lines = linesByLog.get(state.log);
  if (lines === undefined) {
    lines = [];
    for (const event of state.log) {
      let line = described.get(event);
      if (line === undefined) {
        line = describeEvent(event, state);
        described.set(event, line);
      }
      if (line !== null) lines.push(line);
    }
    linesByLog.set(state.log, lines);
  }
  return lines;
}

interface EventLogProps {
  readonly state: LabState;
  onSelectWorker(workerId: string): void;
}

/**
 * The "Event log" region: every lifecycle fact in words, newest at the bottom. Drawn again only when the
 * log changes: a line is described once, with the names its worker had then (`linesOf`), so nothing else
 * in the state changes what it shows, and a busy lab's output and samples leave the log alone.
 */
export const EventLog = memo(EventLogPanel, (before: EventLogProps, after: EventLogProps) => before.state.log === after.state.log && before.onSelectWorker === after.onSelectWorker);

function EventLogPanel({ state, onSelectWorker }: EventLogProps) {
  const [filter, setFilter] = useState('');
  const [following, setFollowing] = useState(true);
  const list = useRef<HTMLOListElement>(null);
  const all = linesOf(state);
  const lines = useMemo(() => all.filter((line) => matchesFilter(filter, [line.who, line.what])), [all, filter]);

  useLayoutEffect(() => {
    const element = list.current;
    if (element !== null && following) element.scrollTop = element.scrollHeight;
  }, [lines, following]);

  // One listener for every line's worker button, so that a line's element stays the same from render to render.
  const onClick = (event: MouseEvent<HTMLOListElement>) => {
    const workerId = (event.target as HTMLElement).closest<HTMLElement>('button[data-log-worker]')?.dataset.logWorker;
    if (workerId !== undefined) onSelectWorker(workerId);
  };

  return (
    <section className="panel log-panel" aria-label="Event log">
      <header className="panel-head">
        <h2>Event log</h2>
        <span className="panel-note">{lines.length} lines</span>
        <div className="panel-tools">
          {!following && (
            <button type="button" className="small" onClick={() => setFollowing(true)}>
              ↓ Follow
            </button>
          )}
          <input type="search" className="search" aria-label="Filter the event log" placeholder="Filter" value={filter} onChange={(event) => setFilter(event.target.value)} />
        </div>
      </header>
      <ol
        className="log scroll"
        ref={list}
        onClick={onClick}
        onScroll={(event) => {
          const element = event.currentTarget;
          setFollowing(element.scrollHeight - element.scrollTop - element.clientHeight < FOLLOW_SLACK_PX);
        }}
      >
        {(following ? lines.slice(-DRAWN_WHILE_FOLLOWING) : lines).map((line) => (
          <LogLine key={line.seq} line={line} />
        ))}
      </ol>
    </section>
  );
}

/** One line of the log (made once per event, see `linesOf`). */
const LogLine = memo(function LogLine({ line }: { line: EventLine }) {
  return (
    <li className={`log-line tone-${line.tone}`}>
      <time className="log-time" dateTime={new Date(line.t).toISOString()}>
        {formatClock(line.t, true)}
      </time>
      {line.workerId !== null ? (
        <button type="button" className="log-who" title="select this worker" data-log-worker={line.workerId}>
          {line.who}
        </button>
      ) : (
        <span className="log-who">{line.who}</span>
      )}
      <span className="log-what">{line.what}</span>
    </li>
  );
});
