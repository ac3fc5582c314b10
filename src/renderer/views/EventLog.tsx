import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import type { LabState } from '../../shared/lab-state';
import type { LabEvent } from '../../shared/protocol';
import { describeEvent, type EventLine } from '../format/describe-event';
import { formatClock } from '../format/units';
import { matchesFilter } from '../model/filter';

/**
 * Only the lines in view (and this many either side) are in the page: a full log is 2,000 lines, and laying
 * out and painting them all again on every new line cost a frame and more on 2 cores. Lines wrap, so each
 * drawn line is measured; the others are counted at LINE_ESTIMATE_PX until they are drawn once.
 */
const OVERSCAN_LINES = 12;
const LINE_ESTIMATE_PX = 24;
/** The list's own padding, top and bottom (log.css keeps none, the window adds it). */
const LIST_PADDING_PX = [4, 6] as const;

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
  // No React Compiler here (the rule warns for it): the virtualizer re-renders this panel itself when it scrolls or measures.
  // eslint-disable-next-line react-hooks/incompatible-library
  const lineWindow = useVirtualizer({
    count: lines.length,
    getScrollElement: () => list.current,
    estimateSize: () => LINE_ESTIMATE_PX,
    getItemKey: (index) => lines[index]!.seq,
    overscan: OVERSCAN_LINES,
    paddingStart: LIST_PADDING_PX[0],
    paddingEnd: LIST_PADDING_PX[1],
  });
  const drawn = lineWindow.getVirtualItems();
  const followingNow = useRef(following);
  followingNow.current = following;
  // Where the last scroll left the list: only a move up is the person leaving the newest lines.
  const lastTop = useRef(0);
  const pin = (element: HTMLOListElement) => {
    element.scrollTop = element.scrollHeight;
    lastTop.current = element.scrollTop;
  };

  // Following, the newest line stays at the bottom: after new lines, and after lines drawn for the first
  // time turn out taller or shorter than their estimate (every render, then: it is only the log's).
  useLayoutEffect(() => {
    const element = list.current;
    if (element !== null && following) pin(element);
  });
  // A new width (the timeline expanded or back) wraps lines anew: still following, stay at the bottom,
  // before the scroll event that the new height causes could read as the person scrolling up.
  useEffect(() => {
    const element = list.current;
    if (element === null) return;
    const observer = new ResizeObserver(() => {
      if (followingNow.current) pin(element);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // One listener for every line's worker button, so that a line's element stays the same from render to render.
  const onClick = (event: MouseEvent<HTMLOListElement>) => {
    const workerId = (event.target as HTMLElement).closest<HTMLElement>('button[data-log-worker]')?.dataset.logWorker;
    if (workerId !== undefined) onSelectWorker(workerId);
  };

  return (
    <section className="panel log-panel" aria-label="Event log">
      <header className="panel-head">
        <h2>Event log</h2>
        <span className="panel-note">{lines.length === 1 ? '1 line' : `${lines.length} lines`}</span>
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
          // Lines wrapping anew (another width) or measured for the first time move the bottom, not the
          // person: following stops only when the list moved up and is away from the bottom.
          const element = event.currentTarget;
          const atBottom = element.scrollHeight - element.scrollTop - element.clientHeight < FOLLOW_SLACK_PX;
          setFollowing(atBottom || (followingNow.current && element.scrollTop >= lastTop.current));
          lastTop.current = element.scrollTop;
        }}
      >
        {/* The lines not drawn stand in as two spacers of their height, so the scroll bar is the whole log's. */}
        <li aria-hidden="true" className="log-spacer" style={{ height: drawn[0]?.start ?? 0 }} />
        {drawn.map((item) => (
          <LogLine key={item.key} index={item.index} measure={lineWindow.measureElement} line={lines[item.index]!} />
        ))}
        <li aria-hidden="true" className="log-spacer" style={{ height: Math.max(0, lineWindow.getTotalSize() - (drawn.at(-1)?.end ?? 0)) }} />
      </ol>
    </section>
  );
}

interface LogLineProps {
  readonly line: EventLine;
  /** Its place in the lines shown, for the window's measuring (`measure` reads `data-index`). */
  readonly index: number;
  measure(element: Element | null): void;
}

/** One line of the log (made once per event, see `linesOf`). */
const LogLine = memo(function LogLine({ line, index, measure }: LogLineProps) {
  return (
    <li className={`log-line tone-${line.tone}`} data-index={index} ref={measure}>
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
