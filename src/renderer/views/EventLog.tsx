import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { LabState } from '../../shared/lab-state';
import { describeEvent, type EventLine } from '../format/describe-event';
import { formatClock } from '../format/units';
import { matchesFilter } from '../model/filter';

/** Within this many pixels of the bottom, the log follows new lines; scrolled further up, it stays put. */
const FOLLOW_SLACK_PX = 24;

/** The "Event log" region: every lifecycle fact in words, newest at the bottom. */
export function EventLog({ state, onSelectWorker }: { state: LabState; onSelectWorker(workerId: string): void }) {
  const [filter, setFilter] = useState('');
  const [following, setFollowing] = useState(true);
  const list = useRef<HTMLOListElement>(null);
  const lines = useMemo(
    () =>
      state.log
        .map((event) => describeEvent(event, state))
        .filter((line): line is EventLine => line !== null && matchesFilter(filter, [line.who, line.what])),
    [state, filter],
  );

  useLayoutEffect(() => {
    const element = list.current;
    if (element !== null && following) element.scrollTop = element.scrollHeight;
  }, [lines, following]);

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
        onScroll={(event) => {
          const element = event.currentTarget;
          setFollowing(element.scrollHeight - element.scrollTop - element.clientHeight < FOLLOW_SLACK_PX);
        }}
      >
        {lines.map((line) => (
          <li key={line.seq} className={`log-line tone-${line.tone}`}>
            <time className="log-time" dateTime={new Date(line.t).toISOString()}>
              {formatClock(line.t, true)}
            </time>
            {line.workerId !== null ? (
              <button type="button" className="log-who" title="select this worker" onClick={() => onSelectWorker(line.workerId!)}>
                {line.who}
              </button>
            ) : (
              <span className="log-who">{line.who}</span>
            )}
            <span className="log-what">{line.what}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
