import { LAB_ACTOR, type SyncFact } from '../../shared/facts';
import type { LabEvent } from '../../shared/protocol';
import type { ProcessSample } from '../../shared/samples';
import { isWaitStart, RELEASES_ALL, sameState, sampledState, waitStateOf, type LaneState } from './lane-state';

/**
 * The timeline's lanes, derived incrementally from the events the store folds (each event is looked at
 * once: nothing rescans the history per frame). A lane is a list of segments in time order, the last one
 * open (end null) while it lasts. The arrays grow in place; `version` changes whenever anything did, so a
 * canvas knows when to redraw.
 */

export interface Segment<S> {
  readonly start: number;
  /** Null while it lasts. */
  end: number | null;
  readonly state: S;
}

export interface WorkerLane {
  readonly kind: 'worker';
  readonly key: string;
  readonly label: string;
  /** The process it runs in: the lab host for a thread worker, its own process otherwise. */
  groupKey: string;
  readonly segments: Segment<LaneState>[];
}

/** A thread seen in a process worker's samples (its main thread is the worker's own lane). */
export interface ThreadLane {
  readonly kind: 'thread';
  readonly key: string;
  readonly label: string;
  readonly groupKey: string;
  readonly segments: Segment<LaneState>[];
}

export interface LockHold {
  readonly holder: string;
  readonly label: string;
}

export interface LockLane {
  readonly kind: 'lock';
  readonly key: string;
  readonly label: string;
  readonly segments: Segment<LockHold>[];
}

/** A release that unblocked a waiter: drawn as an arrow from the releaser's hold to the next one. */
export interface Handoff {
  readonly primitive: string;
  readonly from: string;
  readonly to: string;
  readonly released: number;
  readonly acquired: number;
}

export interface CounterLane {
  readonly kind: 'counter';
  readonly key: string;
  readonly label: string;
  readonly group: 'queues' | 'cpu';
  readonly points: { readonly t: number; readonly value: number }[];
  /** The scale's top: 100 for CPU, the highest depth seen (at least 1) for a queue. */
  max: number;
}

export interface ProcessGroup {
  readonly key: string;
  label: string;
  readonly lanes: (WorkerLane | ThreadLane)[];
}

/** Old segments go once a lane holds more than this (the oldest half at a time). */
export const MAX_SEGMENTS_PER_LANE = 20_000;

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
  private hostPid: number | null = null;

  append(events: readonly LabEvent[]): void {
    if (events.length === 0) return;
    for (const event of events) this.take(event);
    this.version++;
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
        const isThread = event.worker.kind === 'thread';
        const groupKey = isThread ? HOST_GROUP : `worker:${event.worker.id}`;
        const lane: WorkerLane = { kind: 'worker', key: event.worker.id, label: event.worker.name, groupKey, segments: [] };
        const track: WorkerTrack = { lane, base: { kind: 'starting' }, wait: null, exited: null, pid: null, tid: null, isThread };
        this.workers.set(lane.key, track);
        this.group(groupKey, isThread ? 'lab host' : event.worker.name).lanes.push(lane);
        open(lane.segments, event.t, track.base);
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
      track = { lane: { kind: 'lock', key: `lock:${name}`, label: name, segments: [] }, waiters: new Set(), lastRelease: null };
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
    for (const track of this.workers.values()) {
      if (track.exited !== null || track.base.kind === 'starting') continue;
      if (track.isThread) {
        const thread = track.tid === null ? undefined : hostThreads.get(track.tid);
        const state = thread === undefined ? null : sampledState(thread.state);
        if (state !== null) this.setBase(track, state, t);
        continue;
      }
      const sample = track.pid === null ? undefined : byPid.get(track.pid);
      if (sample === undefined) continue;
      const state = sampledState(sample.state);
      if (state !== null) this.setBase(track, state, t);
      for (const thread of sample.threads ?? []) {
        if (thread.tid === sample.pid) continue;
        const key = `${track.lane.key}/${thread.tid}`;
        let lane = this.threads.get(key);
        if (lane === undefined) {
          lane = { kind: 'thread', key, label: `${thread.name} · tid ${thread.tid}`, groupKey: track.lane.groupKey, segments: [] };
          this.threads.set(key, lane);
          this.group(lane.groupKey, track.lane.label).lanes.push(lane);
        }
        const threadState = sampledState(thread.state);
        if (threadState !== null) change(lane.segments, t, threadState);
      }
    }
  }

  private exit(track: WorkerTrack, exited: LaneState, t: number): void {
    track.exited = exited;
    track.wait = null;
    this.redraw(track, t);
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

function waitedOn(state: LaneState): string | null {
  return state.kind === 'blocked' || state.kind === 'waiting' ? state.primitive : null;
}

function open<S>(segments: Segment<S>[], t: number, state: S): void {
  segments.push({ start: t, end: null, state });
  if (segments.length > MAX_SEGMENTS_PER_LANE) segments.splice(0, MAX_SEGMENTS_PER_LANE / 2);
}

function close<S>(segments: Segment<S>[], t: number): void {
  const last = segments.at(-1);
  if (last !== undefined && last.end === null) last.end = t;
}

/** Ends the open segment and opens one in `state`, unless the lane is in that state already. */
function change(segments: Segment<LaneState>[], t: number, state: LaneState): void {
  const last = segments.at(-1);
  if (last !== undefined && last.end === null && sameState(last.state, state)) return;
  close(segments, t);
  open(segments, t, state);
}
