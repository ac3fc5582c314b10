import { describeCycleStep } from '../sync';
import { assertNever } from '../assert-never';
import type { SyncFact } from '../facts';
import type { LabEvent } from '../protocol';
import { LockTracks } from './lock-tracks';
import { ThreadStates } from './thread-states';
import { TraceIdentities } from './trace-identities';
import { counter, instant, QuotedNames, type Micros } from './trace-json';
import { TrackClock } from './track-clock';

export interface TraceOptions {
  /** The host's pid, when the caller knows it (a recording whose lab.started was dropped by retention). */
  readonly hostPid?: number;
  /** Roughly how many characters each chunk handed out holds (the last may be shorter). */
  readonly chunkChars?: number;
}

const CHUNK_CHARS = 64 * 1024;
// No displayTimeUnit: Perfetto ignores it (and lists it under Info and Stats); it keeps "metadata" as json_metadata.
const HEADER = '{"metadata":{"source":"Concurrency Lab"},"traceEvents":[\n';
const FOOTER = '\n]}\n';

/**
 * The lab's events, in order, as Chrome trace event JSON (what ui.perfetto.dev opens), written as it
 * reads them: `add` each event, then `end`; `onChunk` gets the text in chunks of about `chunkChars`.
 * It keeps one open state per live worker, one entry per lock and waiter, one clock per track, and the
 * chunk being filled: nothing that grows with the number of facts (docs/export.md says what each track is).
 */
export class PerfettoTraceWriter {
  private readonly quoted = new QuotedNames();
  private readonly clock = new TrackClock();
  private readonly identities: TraceIdentities;
  private readonly threads: ThreadStates;
  private readonly locks: LockTracks;
  private readonly chunkChars: number;
  private chunk = HEADER;
  private first = true;
  /** Time zero of the trace (its first event), ms, and the latest time seen, µs. */
  private origin: number | null = null;
  private latest: Micros = 0;
  private ended = false;

  constructor(
    private readonly onChunk: (text: string) => void,
    options: TraceOptions = {},
  ) {
    const write = (line: string) => this.line(line);
    this.chunkChars = options.chunkChars ?? CHUNK_CHARS;
    this.identities = new TraceIdentities(this.quoted, write, options.hostPid ?? null);
    this.threads = new ThreadStates(this.identities, this.quoted, this.clock, write);
    this.locks = new LockTracks(this.identities, this.quoted, this.clock, write);
  }

  add(event: LabEvent): void {
    const ts = this.micros(event.t);
    switch (event.type) {
      case 'lab.started':
        this.identities.labStarted(event.hostPid);
        return;
      case 'worker.starting':
        this.identities.starting(event.worker);
        this.threads.starting(event.worker.id, ts);
        return;
      case 'worker.spawned':
        this.identities.spawned(event.workerId, event.pid);
        return;
      case 'worker.ready':
        this.identities.ready(event.workerId, event.pid, event.tid);
        this.threads.running(event.workerId, ts);
        return;
      case 'worker.startFailed':
        this.threads.ended(event.workerId, ts, 'failed to start', `"reason":${this.quoted.of(event.reason)}`);
        return;
      case 'worker.exited':
        this.threads.ended(event.workerId, ts, `exited with ${event.exitCode}`, `"exitCode":${event.exitCode},"code":${event.code ?? 'null'},"signal":${event.signal === null ? 'null' : this.quoted.of(event.signal)}`);
        return;
      case 'sync.created':
        if (event.primitive.kind === 'Lock' || event.primitive.kind === 'RLock') this.locks.created(event.primitive.name, event.primitive.kind, ts);
        else if ('maxsize' in event.primitive) this.depth(event.primitive.name, 0, ts);
        return;
      case 'sync.facts':
        for (const fact of event.facts) this.fact(fact);
        return;
      case 'deadlock.detected': {
        const cycle = event.cycle.map((step) => describeCycleStep(step, (id) => this.identities.nameOf(id))).join('; ');
        this.line(instant(this.identities.hostProcess(), this.clock.at('lab', ts), 'g', 'deadlock', this.quoted.of('deadlock'), `"cycle":${JSON.stringify(cycle)}`));
        return;
      }
      case 'deadlock.cleared':
        this.line(instant(this.identities.hostProcess(), this.clock.at('lab', ts), 'g', 'deadlock', this.quoted.of('deadlock cleared')));
        return;
      case 'sync.fastPathCounted':
        // A gap in the record: that thread's ops over the recording rate, counted, not kept (docs/facts.md).
        this.line(instant(this.identities.hostProcess(), this.clock.at('lab', ts), 'g', 'recording', this.quoted.of(`${this.identities.nameOf(event.workerId)}: ${event.ops} fast-path ops counted, not kept`), `"ops":${event.ops},"total":${event.total}`));
        return;
      case 'metrics.cpu': {
        // Built as a list and joined: a sample with no cores is still one series ("total"), never `{,`.
        const series = [...event.cores.map((load, core) => `"core ${core}":${load}`), `"total":${event.total}`];
        this.line(counter(this.identities.machine(), this.clock.at('cpu', ts), this.quoted.of('CPU %'), series.join(',')));
        return;
      }
      case 'metrics.processes':
        for (const process of event.processes) {
          if (process.cpu === null && process.rss === null) continue;
          this.identities.sampledProcess(process.pid, process.name);
          const values = [process.cpu === null ? null : `"CPU %":${process.cpu}`, process.rss === null ? null : `"RSS MiB":${Math.round(process.rss / 10_485.76) / 100}`];
          this.line(counter(process.pid, this.clock.at(`process:${process.pid}`, ts), this.quoted.of('process'), values.filter((value) => value !== null).join(',')));
        }
        return;
      // What the trace does not draw: configuration, output, commands' echoes, the sampled lock tables
      // (the facts above are the truth they sample), and pools for now (task spans on the workers' lanes
      // come with the Pools view, issue 9); step mode's holds and choices (they are in the exported log).
      case 'lab.configured':
      case 'lab.system':
      case 'lab.stopping':
      case 'worker.messageRejected':
      case 'worker.closed':
      case 'worker.stdio':
      case 'worker.output':
      case 'join.started':
      case 'join.finished':
      case 'join.timedOut':
      case 'join.waiting':
      case 'join.returned':
      case 'terminate.sent':
      case 'terminate.escalated':
      case 'signal.sent':
      case 'process.signalled':
      case 'process.reparented':
      case 'sync.operated':
      case 'python.process':
      case 'python.started':
      case 'python.unobserved':
      case 'python.limited':
      case 'python.interpreters':
      case 'sync.deleted':
      case 'sync.timerFired':
      case 'sync.memoryRefused':
      case 'sync.ownerDied':
      case 'sync.write':
      case 'sync.read':
      case 'sync.held':
      case 'metrics.cost':
      case 'lab.sampling':
      case 'lesson.comparison':
      case 'lesson.startMethods':
      case 'scenario.library':
      case 'scenario.progress':
      case 'pool.created':
      case 'pool.state':
      case 'pool.slot':
      case 'pool.tasks':
      case 'pool.deleted':
      case 'step.mode':
      case 'step.held':
      case 'step.released':
      case 'step.replay':
        return;
      default:
        assertNever(event);
    }
  }

  /** Closes what is still open at the latest time seen, and the JSON; hands out the last chunk. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.threads.end(this.latest);
    this.locks.end(this.latest);
    this.chunk += FOOTER;
    this.flush();
  }

  private fact(fact: SyncFact): void {
    const ts = this.micros(fact.t);
    this.threads.fact(fact, ts);
    if (fact.op.startsWith('lock.') || fact.op === 'wait.ended') this.locks.fact(fact, ts);
    else if (fact.op === 'queue.put' || fact.op === 'queue.get' || fact.op === 'queue.shutdown') this.depth(fact.primitive, fact.depth, ts);
  }

  private depth(queue: string, depth: number, ts: Micros): void {
    this.line(counter(this.identities.hostProcess().pid, this.clock.at(`queue:${queue}`, ts), this.quoted.of(`queue ${queue}`), `"depth":${depth}`));
  }

  /** Lab time (epoch ms) as trace time: whole µs since the first event. */
  private micros(t: number): Micros {
    if (this.origin === null) this.origin = t;
    const ts = Math.max(0, Math.round((t - this.origin) * 1000));
    if (ts > this.latest) this.latest = ts;
    return ts;
  }

  private line(line: string): void {
    if (this.first) this.first = false;
    else this.chunk += ',\n';
    this.chunk += line;
    if (this.chunk.length >= this.chunkChars) this.flush();
  }

  private flush(): void {
    if (this.chunk.length === 0) return;
    const text = this.chunk;
    this.chunk = '';
    this.onChunk(text);
  }
}
