import { assertNever } from '../../shared/assert-never';
import { samplePeriodInForce, type LabState } from '../../shared/lab-state';
import { formatRate, queueRates } from '../model/queue-rates';
import { queueEntries, type PrimitiveEntry } from '../model/primitive-list';
import { workerNameOf } from '../model/worker-names';
import { formatBytes } from '../format/units';
import { SYNC_SAMPLE_MS } from '../../shared/sync';
import { Badge } from './Badge';
import { QueueChart } from './QueueChart';

/**
 * The "Queues" region: per queue, its depth over time against maxsize, and who feeds and drains it how fast;
 * per pipe, the messages and bytes in flight.
 */
export function QueuesPanel({ state }: { state: LabState }) {
  const queues = queueEntries(state.sync);
  return (
    <section className="panel queues-panel" aria-label="Queues">
      <header className="panel-head">
        <h2>Queues</h2>
        <span className="panel-note">depth over time (up to {state.config.historySeconds} s)</span>
      </header>
      <div className="panel-body scroll">
        {queues.length === 0 ? (
          <p className="empty">No queues or pipes yet. Create one with “New primitive”, then start produce and consume (or pipe-send and pipe-recv) workers on it.</p>
        ) : (
          <ul className="queues">
            {queues.map((queue) => (
              <QueueRow key={queue.name} queue={queue} state={state} />
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}

function QueueRow({ queue, state }: { queue: PrimitiveEntry; state: LabState }) {
  const points = state.sync.queueSeries[queue.name] ?? [];
  const rates = queueRates(points);
  const nameOf = workerNameOf(state);
  const shown = queueFacts(queue);
  const isPipe = queue.kind === 'Pipe';
  const names = (ids: readonly string[]) => (ids.length === 0 ? '–' : ids.map(nameOf).join(', '));
  return (
    <li className="queue" data-queue={queue.name}>
      {/* The name on a line of its own: a 40-character name must not squeeze the facts. */}
      <div className="queue-title">
        <span className="primitive-name mono">{queue.name}</span>
        <Badge tone="primitive">{queue.kind}</Badge>
      </div>
      <div className="queue-facts">
        <dl>
          <div>
            <dt>{isPipe ? 'In flight' : 'Depth'}</dt>
            <dd className="mono queue-depth">
              <span className="queue-depth-now">{shown.depth ?? '–'}</span>
              <span className="dim">{shown.pipeBytes !== null ? ` messages, ${formatBytes(shown.pipeBytes)}` : shown.maxsize > 0 ? ` / ${shown.maxsize}` : ' (unbounded)'}</span>
            </dd>
          </div>
          {shown.unfinished !== null && (
            <div>
              <dt>Unfinished</dt>
              <dd className="mono">{shown.unfinished}</dd>
            </div>
          )}
          <div>
            <dt>{isPipe ? 'Sends' : 'Puts'}</dt>
            <dd className="mono">{formatRate(rates?.putsPerSecond)}</dd>
          </div>
          <div>
            <dt>{isPipe ? 'Receives' : 'Gets'}</dt>
            <dd className="mono">{formatRate(rates?.getsPerSecond)}</dd>
          </div>
          <div>
            <dt>{isPipe ? 'Senders' : 'Producers'}</dt>
            <dd title={names(shown.producers)}>{names(shown.producers)}</dd>
          </div>
          <div>
            <dt>{isPipe ? 'Receivers' : 'Consumers'}</dt>
            <dd title={names(shown.consumers)}>{names(shown.consumers)}</dd>
          </div>
        </dl>
      </div>
      <QueueChart points={points} maxsize={shown.maxsize} joinable={queue.kind === 'JoinableQueue'} windowSeconds={state.config.historySeconds} now={steppedNow(state)} />
    </li>
  );
}

interface QueueFacts {
  readonly depth: number | null;
  /** 0: unbounded. */
  readonly maxsize: number;
  /** A JoinableQueue's tasks not yet done; null for the other kinds. */
  readonly unfinished: number | null;
  readonly producers: readonly string[];
  readonly consumers: readonly string[];
  /** A Pipe's bytes in flight; null for a queue. */
  readonly pipeBytes: number | null;
}

/** A queue's or a Pipe's facts, from its folded state. */
function queueFacts(queue: PrimitiveEntry): QueueFacts {
  const { state } = queue;
  switch (state.kind) {
    case 'Queue':
    case 'LifoQueue':
    case 'PriorityQueue':
    case 'JoinableQueue':
      return { depth: state.depth, maxsize: state.maxsize, unfinished: state.kind === 'JoinableQueue' ? state.unfinished : null, producers: state.producers, consumers: state.consumers, pipeBytes: null };
    case 'Pipe':
      return { depth: state.inFlight, maxsize: 0, unfinished: null, producers: state.senders, consumers: state.receivers, pipeBytes: state.bytes };
    case 'Lock':
    case 'RLock':
    case 'Semaphore':
    case 'BoundedSemaphore':
    case 'Event':
    case 'Condition':
    case 'Barrier':
    case 'Timer':
    case 'Value':
    case 'Array':
    case 'Dict':
    case 'List':
      // Not listed in this panel (queueEntries).
      return { depth: null, maxsize: 0, unfinished: null, producers: [], consumers: [], pipeBytes: null };
    default:
      return assertNever(state);
  }
}

/** The lab's now, moved on once a sampling period: the charts have nothing new to draw in between. */
function steppedNow(state: LabState): number {
  const period = Math.max(samplePeriodInForce(state), SYNC_SAMPLE_MS);
  return Math.floor(state.now / period) * period;
}
