import { LAB_ACTOR, type SyncFact } from '../../shared/facts';
import type { LabEvent } from '../../shared/protocol';
import type { ProcessSample, ThreadSample } from '../../shared/samples';
import { gilWaitOf, inferGil, type GilReading } from '../../shared/gil';
import type { LabState } from '../../shared/lab-state';
import { isWaitStart, RELEASES_ALL, sampledState, waitStateOf, type LaneState } from './lane-state';
import type { CounterLane, Handoff, LockLane, ProcessGroup, ThreadLane, WorkerLane } from './lane-types';
import { addCountedGap } from './counted-gaps';
import { laneSeeds } from './lanes-from-keyframe';
import { change, close, MAX_SEGMENTS_PER_LANE, open, trimBefore, trimPointsBefore, waitedOn } from './segments';
import { PoolTaskSpans } from './task-spans';

/**
 * The timeline's lanes, derived incrementally from the events the store folds (each event is looked at
 * once: nothing rescans the history per frame). A lane is a list of segments in time order, the last one
 * open (end null) while it lasts. The arrays grow in place; `version` changes whenever anything did, so a
 * canvas knows when to redraw.
 */

export type { CounterLane, Handoff, LockHold, LockLane, ProcessGroup, Segment, TaskSpan, ThreadLane, WorkerLane } from './lane-types';
export { MAX_SEGMENTS_PER_LANE } from './segments';

interface WorkerTrack {
  readonly lane: WorkerLane;
  base: LaneState;
  wait: LaneState | null;
  exited: LaneState | null;
  pid: number | null;
  tid: number | null;
  readonly isThread: boolean;
}

interface LockTrack {
  readonly lane: LockLane;
  readonly waiters: Set<string>;
  lastRelease: { readonly by: string; readonly t: number } | null;
}

const HOST_GROUP = 'host';

export class TimelineLanes {
  version = 0;
  readonly groups: ProcessGroup[] = [];
  readonly locks: LockLane[] = [];
  readonly counters: CounterLane[] = [];
  readonly handoffs: Handoff[] = [];
  private readonly groupByKey = new Map<string, ProcessGroup>();
  private readonly workers = new Map<string, WorkerTrack>();
  private readonly threads = new Map<string, ThreadLane>();
  private readonly lockByName = new Map<string, LockTrack>();
  private readonly counterByKey = new Map<string, CounterLane>();
  /** Workers that ended, in the order they did: the oldest lanes to drop (dropEndedBefore). */
  private readonly ended: { readonly key: string; readonly t: number }[] = [];
  private readonly taskSpans = new PoolTaskSpans(
    (workerId) => this.workers.get(workerId)?.lane,
    (workerId) => (this.workers.get(workerId)?.exited ?? null) !== null,
  );
  private hostPid: number | null = null;
  /** The moment forgetBefore last trimmed to. */
  private forgotten = -Infinity;

  append(events: readonly LabEvent[]): void {
    if (events.length === 0) return;
    for (const event of events) this.take(event);
    this.version++;
  }

  /**
   * Starts the lanes at a keyframe (lanes-from-keyframe.ts): each worker's lane in its state at `t` (what
   * it waits on, if it does), each lock's holder, each queue's depth, and the CPU series the state holds.
   * Workers that ended before `endedSince` get no lane.
   */
  seed(state: LabState, t: number, endedSince = -Infinity): void {
    if (state.host !== null) {
      this.hostPid = state.host.pid;
      this.group(HOST_GROUP, `lab host · pid ${state.host.pid}`);
    }
    const seeds = laneSeeds(state, endedSince);
    for (const seed of seeds.workers) {
      const track = this.addWorker(seed.id, seed.name, seed.isThread, t, seed.base);
      Object.assign(track, { pid: seed.pid, tid: seed.tid, wait: seed.wait, exited: seed.exited });
      this.labelProcess(track);
      this.redraw(track, t);
      if (seed.exited !== null) this.ended.push({ key: seed.id, t });
    }
    this.observe(state.processes, t);
    this.taskSpans.seed(state.pools, t);
    for (const lock of seeds.locks) {
      const track = this.lock(lock.name);
      for (const waiter of lock.waiters) track.waiters.add(waiter);
      if (lock.holder !== null) open(track.lane.segments, t, { holder: lock.holder, label: this.actorLabel(lock.holder) });
    }
    for (const queue of seeds.queues) this.count(`queue:${queue.name}`, queue.name, 'queues', t, queue.depth);
    for (const point of state.cpu) point.values.slice(0, -1).forEach((load, core) => load !== null && this.count(`cpu:${core}`, `CPU ${core}`, 'cpu', point.t, load));
    this.version++;
  }

  /**
   * Forgets what is older than `t`, the oldest moment the page's history keeps (it can no longer be
   * viewed): the lanes of workers that ended before it, and in every other lane the segments, points and
   * hand-offs that ended before it. At most once per second of lab time: each pass looks at every lane.
   */
  forgetBefore(t: number): void {
    this.dropEndedBefore(t);
    if (t - this.forgotten < 1_000) return;
    this.forgotten = t;
    for (const track of this.workers.values()) {
      trimBefore(track.lane.segments, t);
      trimBefore(track.lane.gaps, t);
      trimBefore(track.lane.spans, t);
    }
    for (const lane of this.threads.values()) trimBefore(lane.segments, t);
    for (const lane of this.locks) trimBefore(lane.segments, t);
    for (const lane of this.counters) trimPointsBefore(lane.points, t);
    let handoffs = 0;
    while (handoffs < this.handoffs.length && this.handoffs[handoffs]!.acquired < t) handoffs += 1;
    if (handoffs > 0) this.handoffs.splice(0, handoffs);
    this.version++;
  }

  /** Drops the lanes of workers that ended before `t` (beyond the page's history window), and their threads'. */
  dropEndedBefore(t: number): void {
    let dropped = false;
    while (this.ended.length > 0 && this.ended[0]!.t < t) {
      const { key } = this.ended.shift()!;
      const track = this.workers.get(key);
      if (track === undefined) continue;
      this.workers.delete(key);
      const group = this.groupByKey.get(track.lane.groupKey);
      if (group !== undefined) {
        const kept = group.lanes.filter((lane) => lane !== track.lane && !(lane.kind === 'thread' && lane.key.startsWith(`${key}/`)));
        group.lanes.splice(0, group.lanes.length, ...kept);
        if (kept.length === 0 && group.key !== HOST_GROUP) this.dropGroup(group);
      }
      for (const threadKey of [...this.threads.keys()]) if (threadKey.startsWith(`${key}/`)) this.threads.delete(threadKey);
      dropped = true;
    }
    if (dropped) this.version++;
  }

  /** Lanes of workers (ended ones included) the lanes hold now. */
  get workerCount(): number {
    return this.workers.size;
  }

  /** The label of an actor (a worker id, or the lab). */
  actorLabel(actor: string): string {
    if (actor === LAB_ACTOR) return 'the lab';
    return this.workers.get(actor)?.lane.label ?? actor;
  }

  private take(event: LabEvent): void {
    switch (event.type) {
      case 'lab.started':
        this.hostPid = event.hostPid;
        this.group(HOST_GROUP, `lab host · pid ${event.hostPid}`);
        return;
      case 'worker.starting': {
        // An observed Python thread's lane is in its process's group, not the host's.
        const inProcess = event.worker.kind === 'thread' ? (event.worker.observed?.process ?? null) : null;
        const track = this.addWorker(event.worker.id, event.worker.name, event.worker.kind === 'thread', event.t, { kind: 'starting' }, inProcess);
        open(track.lane.segments, event.t, track.base);
        return;
      }
      case 'worker.spawned':
        return this.onWorker(event.workerId, (track) => {
          track.pid = event.pid;
          this.labelProcess(track);
        });
      case 'worker.ready':
        return this.onWorker(event.workerId, (track) => {
          track.pid = event.pid;
          track.tid = event.tid;
          this.labelProcess(track);
          if (track.base.kind === 'starting') this.setBase(track, { kind: 'running' }, event.t);
        });
      case 'worker.startFailed':
        return this.onWorker(event.workerId, (track) => this.exit(track, { kind: 'exited', exitCode: null }, event.t));
      case 'worker.exited':
        return this.onWorker(event.workerId, (track) => this.exit(track, { kind: 'exited', exitCode: event.exitCode }, event.t));
      case 'metrics.processes':
        return this.observe(event.processes, event.t);
      case 'metrics.cpu':
        event.cores.forEach((load, core) => this.count(`cpu:${core}`, `CPU ${core}`, 'cpu', event.t, load));
        return;
      case 'sync.created':
        if (event.primitive.kind === 'Lock' || event.primitive.kind === 'RLock') this.lock(event.primitive.name);
        return;
      case 'sync.facts':
        for (const fact of event.facts) this.fact(fact);
        return;
      // A thread's own join of a thread or process: "waiting (join counter-1)" until it returns.
      case 'join.waiting':
        return this.onWorker(event.workerId, (track) => this.setWait(track, { kind: 'waiting', primitive: this.actorLabel(event.target), op: 'join' }, event.t));
      case 'join.returned':
        return this.onWorker(event.workerId, (track) => {
          if (track.wait?.kind === 'waiting' && track.wait.op === 'join') this.setWait(track, null, event.t);
        });
      case 'sync.fastPathCounted':
        // Not before the thread ran: it made no op while starting.
        return this.onWorker(event.workerId, (track) => addCountedGap(track.lane.gaps, event.t, { ops: event.ops, total: event.total }, track.lane.segments.find((segment) => segment.state.kind !== 'starting')?.start ?? event.t));
      case 'pool.created':
      case 'pool.slot':
      case 'pool.tasks':
      case 'pool.state':
      case 'pool.deleted':
        return this.taskSpans.take(event);
      // Step mode: a held worker's lane says where, until its release; the releases in order are the schedule.
      case 'step.held':
        return this.onWorker(event.workerId, (track) => this.setWait(track, { kind: 'held', primitive: event.primitive, op: event.op }, event.t));
      case 'step.released':
        return this.onWorker(event.workerId, (track) => {
          if (track.wait?.kind === 'held') this.setWait(track, null, event.t);
        });
      case 'step.mode':
        if (!event.on) for (const track of this.workers.values()) if (track.wait?.kind === 'held') this.setWait(track, null, event.t);
        return;
      default:
        return;
    }
  }

  private fact(fact: SyncFact): void {
    const track = this.workers.get(fact.actor);
    if (RELEASES_ALL.has(fact.op)) {
      for (const other of this.workers.values()) if (other.wait !== null && waitedOn(other.wait) === fact.primitive) this.setWait(other, null, fact.t);
    } else if (track !== undefined) {
      // A worker waits on one thing at a time: any later fact of its own ends its wait, a wait starts one.
      if (isWaitStart(fact.op)) this.setWait(track, waitStateOf(fact.op, fact.primitive), fact.t);
      else if (track.wait !== null && waitedOn(track.wait) === fact.primitive) this.setWait(track, null, fact.t);
    }
    switch (fact.op) {
      case 'lock.waiting':
        this.lock(fact.primitive).waiters.add(fact.actor);
        return;
      case 'lock.timedOut':
      case 'wait.ended':
        this.lockByName.get(fact.primitive)?.waiters.delete(fact.actor);
        return;
      case 'lock.acquired':
        return this.acquired(this.lock(fact.primitive), fact.actor, fact.t);
      case 'lock.released':
        if (fact.count === 0) this.released(this.lock(fact.primitive), fact.actor, fact.t);
        return;
      case 'lock.ownerDied':
        return this.released(this.lock(fact.primitive), fact.actor, fact.t);
      case 'lock.restated': {
        // The host restating a lock after a thread dropped ops: the lane follows, with no hand-off drawn.
        const lock = this.lock(fact.primitive);
        const last = lock.lane.segments.at(-1);
        const held = last !== undefined && last.end === null;
        if (fact.count === 0) {
          if (held) close(lock.lane.segments, fact.t);
        } else if (!held || last.state.holder !== fact.actor) {
          close(lock.lane.segments, fact.t);
          lock.waiters.delete(fact.actor);
          lock.lastRelease = null;
          open(lock.lane.segments, fact.t, { holder: fact.actor, label: this.actorLabel(fact.actor) });
        }
        return;
      }
      case 'queue.put':
      case 'queue.get':
        return this.count(`queue:${fact.primitive}`, fact.primitive, 'queues', fact.t, fact.depth);
      default:
        return;
    }
  }

  private acquired(lock: LockTrack, actor: string, t: number): void {
    const last = lock.lane.segments.at(-1);
    if (last !== undefined && last.end === null && (last.state.holder === actor)) return; // an RLock's recursion
    close(lock.lane.segments, t);
    if (lock.lastRelease !== null && lock.waiters.has(actor)) {
      this.handoffs.push({ primitive: lock.lane.label, from: lock.lastRelease.by, to: actor, released: lock.lastRelease.t, acquired: t });
      if (this.handoffs.length > MAX_SEGMENTS_PER_LANE) this.handoffs.splice(0, MAX_SEGMENTS_PER_LANE / 2);
    }
    lock.waiters.delete(actor);
    lock.lastRelease = null;
    open(lock.lane.segments, t, { holder: actor, label: this.actorLabel(actor) });
  }

  private released(lock: LockTrack, actor: string, t: number): void {
    close(lock.lane.segments, t);
    lock.lastRelease = { by: actor, t };
  }

  private lock(name: string): LockTrack {
    let track = this.lockByName.get(name);
    if (track === undefined) {
      const waiters = new Set<string>();
      track = { lane: { kind: 'lock', key: `lock:${name}`, label: name, segments: [], waiters }, waiters, lastRelease: null };
      this.lockByName.set(name, track);
      this.locks.push(track.lane);
    }
    return track;
  }

  private count(key: string, label: string, group: CounterLane['group'], t: number, value: number): void {
    let lane = this.counterByKey.get(key);
    if (lane === undefined) {
      lane = { kind: 'counter', key, label, group, points: [], max: group === 'cpu' ? 100 : 1 };
      this.counterByKey.set(key, lane);
      this.counters.push(lane);
    }
    lane.points.push({ t, value });
    if (lane.points.length > MAX_SEGMENTS_PER_LANE) lane.points.splice(0, MAX_SEGMENTS_PER_LANE / 2);
    if (value > lane.max) lane.max = value;
  }

  /** Samples set the base state of live workers, and the threads of process workers get lanes of their own. */
  private observe(processes: readonly ProcessSample[], t: number): void {
    const byPid = new Map(processes.map((sample) => [sample.pid, sample]));
    const hostThreads = new Map((byPid.get(this.hostPid ?? -1)?.threads ?? []).map((thread) => [thread.tid, thread]));
    // A Python program's threads, by process, made once per sample for the processes that have any.
    const threadsByPid = new Map<number, Map<number, ThreadSample>>();
    const threadsOf = (pid: number): Map<number, ThreadSample> => {
      let threads = threadsByPid.get(pid);
      if (threads === undefined) threadsByPid.set(pid, (threads = new Map((byPid.get(pid)?.threads ?? []).map((thread) => [thread.tid, thread]))));
      return threads;
    };
    // The GIL inference (gil.ts) of a Python process, once per sample.
    const gilByPid = new Map<number, GilReading | null>();
    const gilOf = (pid: number): GilReading | null => {
      if (!gilByPid.has(pid)) gilByPid.set(pid, inferGil(byPid.get(pid)?.threads ?? null));
      return gilByPid.get(pid) ?? null;
    };
    // Threads that are workers of their own (a Python program's, observed) have their worker's lane.
    const threadWorkers = new Set<string>();
    for (const track of this.workers.values()) if (track.isThread && track.pid !== null && track.pid !== this.hostPid && track.exited === null) threadWorkers.add(`${track.pid}/${track.tid}`);
    for (const track of this.workers.values()) {
      if (track.exited !== null || track.base.kind === 'starting') continue;
      if (track.isThread) {
        const threads = track.pid === null || track.pid === this.hostPid ? hostThreads : threadsOf(track.pid);
        const thread = track.tid === null ? undefined : threads.get(track.tid);
        const waitsForGil = thread !== undefined && track.pid !== null && track.pid !== this.hostPid && gilWaitOf(gilOf(track.pid), thread.tid) !== null;
        const state: LaneState | null = thread === undefined ? null : waitsForGil ? { kind: 'gil' } : sampledState(thread.state);
        if (state !== null) this.setBase(track, state, t);
        continue;
      }
      const sample = track.pid === null ? undefined : byPid.get(track.pid);
      if (sample === undefined) continue;
      const state = sampledState(sample.state);
      if (state !== null) this.setBase(track, state, t);
      const gil = gilOf(sample.pid);
      for (const thread of sample.threads ?? []) {
        if (thread.tid === sample.pid || threadWorkers.has(`${sample.pid}/${thread.tid}`)) continue;
        const key = `${track.lane.key}/${thread.tid}`;
        let lane = this.threads.get(key);
        if (lane === undefined) {
          lane = { kind: 'thread', key, label: `${thread.name} · tid ${thread.tid}`, groupKey: track.lane.groupKey, segments: [] };
          this.threads.set(key, lane);
          this.group(lane.groupKey, track.lane.label).lanes.push(lane);
        }
        const threadState: LaneState | null = gilWaitOf(gil, thread.tid) === null ? sampledState(thread.state) : { kind: 'gil' };
        if (threadState !== null) change(lane.segments, t, threadState);
      }
    }
  }

  private addWorker(id: string, name: string, isThread: boolean, t: number, base: LaneState, inProcess: string | null = null): WorkerTrack {
    const owner = inProcess === null ? undefined : this.workers.get(inProcess);
    const groupKey = owner !== undefined ? owner.lane.groupKey : isThread ? HOST_GROUP : `worker:${id}`;
    const lane: WorkerLane = { kind: 'worker', key: id, label: name, groupKey, segments: [], gaps: [], spans: [], badge: null };
    const track: WorkerTrack = { lane, base, wait: null, exited: null, pid: null, tid: null, isThread };
    this.workers.set(id, track);
    this.group(groupKey, owner !== undefined ? owner.lane.label : isThread ? 'lab host' : name).lanes.push(lane);
    return track;
  }

  private dropGroup(group: ProcessGroup): void {
    this.groupByKey.delete(group.key);
    const at = this.groups.indexOf(group);
    if (at >= 0) this.groups.splice(at, 1);
  }

  private exit(track: WorkerTrack, exited: LaneState, t: number): void {
    if (track.exited === null) this.ended.push({ key: track.lane.key, t });
    track.exited = exited;
    track.wait = null;
    this.redraw(track, t);
    // A pool worker's last task ends with it (its pool tells a replacement in a slot event of its own).
    close(track.lane.spans, t);
    this.taskSpans.workerExited(track.lane.key);
    for (const lock of this.lockByName.values()) lock.waiters.delete(track.lane.key);
    for (const [key, lane] of this.threads) if (key.startsWith(`${track.lane.key}/`)) close(lane.segments, t);
  }

  private setBase(track: WorkerTrack, base: LaneState, t: number): void {
    track.base = base;
    this.redraw(track, t);
  }

  private setWait(track: WorkerTrack, wait: LaneState | null, t: number): void {
    track.wait = wait;
    this.redraw(track, t);
  }

  /** What a lane shows: its exit, else what it waits on, else what the samples say. */
  private redraw(track: WorkerTrack, t: number): void {
    change(track.lane.segments, t, track.exited ?? track.wait ?? track.base);
  }

  private onWorker(workerId: string, change: (track: WorkerTrack) => void): void {
    const track = this.workers.get(workerId);
    if (track !== undefined) change(track);
  }

  private labelProcess(track: WorkerTrack): void {
    if (track.isThread || track.pid === null) return;
    const group = this.groupByKey.get(track.lane.groupKey);
    if (group !== undefined) group.label = `${track.lane.label} · pid ${track.pid}`;
  }

  private group(key: string, label: string): ProcessGroup {
    let group = this.groupByKey.get(key);
    if (group === undefined) {
      group = { key, label, lanes: [] };
      this.groupByKey.set(key, group);
      // The host's group first: its threads are the lab's own workers.
      if (key === HOST_GROUP) this.groups.unshift(group);
      else this.groups.push(group);
    }
    return group;
  }
}
