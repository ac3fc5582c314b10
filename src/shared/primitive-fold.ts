import { rememberInList } from './remember';
import { assertNever } from './assert-never';
import { initialContents } from './data-facts';
import { timeoutOfArg, type SyncFact } from './facts';
import type { HolderState, PrimitiveState, WaiterState, WaitOp } from './primitive-state';
import type { CreatePrimitive } from './sync';

/**
 * A primitive's view state (primitive-state.ts) folded from its facts: the state it starts in from what
 * created it, then one fact at a time, in place, on a state the caller owns (`ownCopy` first when it is
 * shared). A fact costs O(that primitive's holders and waiters), never O(all primitives). The same fold
 * serves the host, the page, a replay and an observed runtime's primitives (origin 'observed').
 */

export type Origin = PrimitiveState['origin'];

/** The states a creation makes, in the broker's order: the RLock it brings (`${name}.lock`) first. */
export function createdStates(spec: CreatePrimitive, origin: Origin = 'lab'): PrimitiveState[] {
  const ownLock = (spec.kind === 'Condition' && spec.lock === undefined) || ((spec.kind === 'Value' || spec.kind === 'Array') && spec.lock);
  const lock = ownLock ? [initialState({ kind: 'RLock', name: `${spec.name}.lock` }, origin)] : [];
  return [...lock, initialState(spec, origin)];
}

export function initialState(spec: CreatePrimitive, origin: Origin = 'lab'): PrimitiveState {
  const base = { name: spec.name, origin };
  switch (spec.kind) {
    case 'Lock':
    case 'RLock':
      return { kind: spec.kind, ...base, holder: null, waiters: [], ownerDied: null, fastAcquisitions: 0 };
    case 'Semaphore':
    case 'BoundedSemaphore':
      return { kind: spec.kind, ...base, value: spec.value, holders: [], endedHolders: [], waiters: [] };
    case 'Event':
      return { kind: 'Event', ...base, flag: false, waiters: [] };
    case 'Condition':
      return { kind: 'Condition', ...base, lock: spec.lock ?? `${spec.name}.lock`, waiters: [] };
    case 'Barrier':
      return { kind: 'Barrier', ...base, parties: spec.parties, broken: false, waiters: [] };
    case 'Queue':
    case 'LifoQueue':
    case 'PriorityQueue':
    case 'JoinableQueue':
      return { kind: spec.kind, ...base, depth: 0, maxsize: spec.maxsize, unfinished: 0, puts: 0, gets: 0, shutdown: false, producers: [], consumers: [], waiters: [], held: 0 };
    case 'Pipe':
      return { kind: 'Pipe', ...base, duplex: spec.duplex, inFlight: 0, bytes: 0, sends: 0, receives: 0, closed: [false, false], senders: [], receivers: [], waiters: [] };
    case 'Value':
      return { kind: 'Value', ...base, typecode: spec.typecode, writes: 0, contents: initialContents(spec) ?? '' };
    case 'Array':
      return { kind: 'Array', ...base, typecode: spec.typecode, length: spec.values?.length ?? spec.length ?? 0, cellsWritten: 0, contents: initialContents(spec) ?? '' };
    case 'Dict':
      return { kind: 'Dict', ...base, writes: 0, contents: initialContents(spec) ?? '', held: 0 };
    case 'List':
      // A List's first items are charged to the budget at creation; their bytes come in the next `sync.held`.
      return { kind: 'List', ...base, writes: 0, contents: initialContents(spec) ?? '', held: 0 };
    case 'Timer':
      return { kind: 'Timer', ...base, interval: spec.interval, event: spec.event, phase: 'new' };
    default:
      return assertNever(spec);
  }
}

/** A copy the fold may write into: the object and each of its lists (the people in them are replaced, never written). */
export function ownCopy(state: PrimitiveState): PrimitiveState {
  const copy = { ...state } as Record<string, unknown>;
  for (const [key, value] of Object.entries(copy)) if (Array.isArray(value)) copy[key] = [...(value as unknown[])];
  return copy as unknown as PrimitiveState;
}

const waiter = (fact: SyncFact, op: WaitOp, timeoutArg: number): WaiterState => ({ actor: fact.actor, op, since: fact.t, timeoutMs: timeoutOfArg(timeoutArg) });

function dropWaiter(waiters: WaiterState[], actor: string, op?: WaitOp): void {
  const index = waiters.findIndex((each) => each.actor === actor && (op === undefined || each.op === op));
  if (index >= 0) waiters.splice(index, 1);
}


/**
 * Applies one fact to its primitive's state, in place. A fact of another kind than the state's is a bug in
 * the emitter, thrown as one (the fold must not guess).
 */
export function foldFact(state: PrimitiveState, fact: SyncFact): void {
  if (fact.op === 'wait.ended') {
    if (state.kind === 'Pipe') state.waiters = state.waiters.filter((each) => each.actor !== fact.actor);
    else if ('waiters' in state) state.waiters = state.waiters.filter((each) => each.actor !== fact.actor);
    return;
  }
  switch (state.kind) {
    case 'Lock':
    case 'RLock':
      return foldLock(state, fact);
    case 'Semaphore':
    case 'BoundedSemaphore':
      return foldSemaphore(state, fact);
    case 'Event':
      if (fact.op === 'event.set' || fact.op === 'event.clear') state.flag = fact.op === 'event.set';
      else if (fact.op === 'event.wait') state.waiters.push(waiter(fact, 'wait', fact.timeoutMs));
      else if (fact.op === 'event.woken' || fact.op === 'event.timedOut') dropWaiter(state.waiters, fact.actor);
      else mismatch(state, fact);
      return;
    case 'Condition':
      if (fact.op === 'condition.wait') state.waiters.push(waiter(fact, 'wait', fact.timeoutMs));
      else if (fact.op === 'condition.woken' || fact.op === 'condition.timedOut') dropWaiter(state.waiters, fact.actor);
      else if (fact.op !== 'condition.notify') mismatch(state, fact);
      return;
    case 'Barrier':
      if (fact.op === 'barrier.arrive') state.waiters.push(waiter(fact, 'wait', fact.timeoutMs));
      else if (fact.op === 'barrier.trip') state.waiters = [];
      else if (fact.op === 'barrier.broken' || fact.op === 'barrier.reset') {
        state.waiters = [];
        state.broken = fact.op === 'barrier.broken';
      } else mismatch(state, fact);
      return;
    case 'Queue':
    case 'LifoQueue':
    case 'PriorityQueue':
    case 'JoinableQueue':
      return foldQueue(state, fact);
    case 'Timer':
      if (fact.op === 'timer.fired') state.phase = state.phase === 'waiting' ? 'fired' : state.phase;
      else if (fact.op === 'timer.cancel') state.phase = state.phase === 'new' || state.phase === 'waiting' ? 'cancelled' : state.phase;
      else if (fact.op === 'timer.start') state.phase = state.phase === 'new' ? 'waiting' : state.phase;
      else mismatch(state, fact);
      return;
    case 'Pipe':
      return foldPipe(state, fact);
    case 'Value':
      if (fact.op === 'value.write') state.writes += 1;
      else mismatch(state, fact);
      return;
    case 'Array':
      if (fact.op === 'array.write') state.cellsWritten += fact.cells;
      else mismatch(state, fact);
      return;
    case 'Dict':
      if (fact.op === 'dict.write') state.writes += 1;
      else mismatch(state, fact);
      return;
    case 'List':
      if (fact.op === 'list.write') state.writes += 1;
      else mismatch(state, fact);
      return;
    default:
      return assertNever(state);
  }
}

type PipeLike = Extract<PrimitiveState, { kind: 'Pipe' }>;

/** A send puts a message in flight, a receive takes one out (either direction: the view shows both together). */
function foldPipe(state: PipeLike, fact: SyncFact): void {
  switch (fact.op) {
    case 'pipe.send':
      dropPipeWaiter(state, fact.actor, 'pipe_send');
      state.inFlight += 1;
      state.bytes += fact.bytes;
      state.sends += 1;
      rememberInList(state.senders, fact.actor);
      return;
    case 'pipe.recv':
      dropPipeWaiter(state, fact.actor, 'pipe_recv');
      state.inFlight -= 1;
      state.bytes -= fact.bytes;
      state.receives += 1;
      rememberInList(state.receivers, fact.actor);
      return;
    case 'pipe.close':
      state.closed = fact.end === 0 ? [true, state.closed[1]] : [state.closed[0], true];
      return;
    case 'pipe.recvWait':
      state.waiters.push({ actor: fact.actor, op: fact.how === 1 ? 'pipe_recv_bytes' : 'pipe_recv', since: fact.t, timeoutMs: null });
      return;
    case 'pipe.pollWait':
      state.waiters.push({ actor: fact.actor, op: 'pipe_poll', since: fact.t, timeoutMs: timeoutOfArg(fact.timeoutMs) });
      return;
    case 'pipe.sendWait':
      state.waiters.push({ actor: fact.actor, op: fact.how === 1 ? 'pipe_send_bytes' : 'pipe_send', since: fact.t, timeoutMs: null });
      return;
    default:
      return mismatch(state, fact);
  }
}

/** A reader's recv (or recv_bytes) or a sender's send (or send_bytes) that was parked is done. */
function dropPipeWaiter(state: PipeLike, actor: string, op: 'pipe_recv' | 'pipe_send'): void {
  const index = state.waiters.findIndex((each) => each.actor === actor && each.op.startsWith(op));
  if (index >= 0) state.waiters.splice(index, 1);
}

type LockLike = Extract<PrimitiveState, { kind: 'Lock' | 'RLock' }>;

function foldLock(state: LockLike, fact: SyncFact): void {
  switch (fact.op) {
    case 'lock.requested':
      return;
    case 'lock.fastPath':
      state.fastAcquisitions += fact.acquisitions;
      return;
    case 'lock.waiting':
      state.waiters.push(waiter(fact, 'acquire', fact.timeoutMs));
      return;
    case 'lock.acquired':
      dropWaiter(state.waiters, fact.actor);
      state.holder = { actor: fact.actor, since: state.holder?.actor === fact.actor ? state.holder.since : fact.t, count: fact.count };
      // The acquirer that was told its previous owner died (EOWNERDEAD) has been told.
      state.ownerDied = null;
      return;
    case 'lock.timedOut':
      dropWaiter(state.waiters, fact.actor);
      return;
    case 'lock.released':
      state.holder = fact.count === 0 || state.holder === null ? null : { ...state.holder, count: fact.count };
      return;
    case 'lock.ownerDied':
      state.holder = null;
      state.ownerDied = fact.actor;
      return;
    case 'lock.restated':
      state.holder = fact.count === 0 ? null : { actor: fact.actor, since: state.holder?.actor === fact.actor ? state.holder.since : fact.t, count: fact.count };
      return;
    default:
      return mismatch(state, fact);
  }
}

type SemaphoreLike = Extract<PrimitiveState, { kind: 'Semaphore' | 'BoundedSemaphore' }>;

function foldSemaphore(state: SemaphoreLike, fact: SyncFact): void {
  switch (fact.op) {
    case 'semaphore.acquired': {
      dropWaiter(state.waiters, fact.actor);
      state.value = fact.units;
      const index = state.holders.findIndex((holder) => holder.actor === fact.actor);
      if (index < 0) state.holders.push({ actor: fact.actor, since: fact.t, count: 1 });
      else state.holders[index] = { ...state.holders[index]!, count: state.holders[index]!.count + 1 };
      return;
    }
    case 'semaphore.released':
      state.value += fact.units;
      unhold(state, fact.actor, fact.units);
      return;
    case 'semaphore.waiting':
      state.waiters.push(waiter(fact, 'acquire', fact.timeoutMs));
      return;
    case 'semaphore.timedOut':
      dropWaiter(state.waiters, fact.actor);
      return;
    default:
      return mismatch(state, fact);
  }
}

/**
 * Units are interchangeable (the broker's semaphore.ts `unhold`): a release gives back the releaser's own
 * units first, then those of ended actors, then other live holders', oldest first. The fold follows the
 * same order so that its holders are the broker's.
 */
function unhold(state: SemaphoreLike, actor: string, units: number): void {
  let left = units;
  const take = (book: HolderState[], who: (holder: HolderState) => boolean): HolderState[] => {
    const kept: HolderState[] = [];
    for (const holder of book) {
      if (left === 0 || !who(holder)) {
        kept.push(holder);
        continue;
      }
      const taken = Math.min(left, holder.count);
      left -= taken;
      if (holder.count > taken) kept.push({ ...holder, count: holder.count - taken });
    }
    return kept;
  };
  state.holders = take(state.holders, (holder) => holder.actor === actor);
  state.endedHolders = take(state.endedHolders, (holder) => holder.actor !== actor);
  state.holders = take(state.holders, (holder) => holder.actor !== actor);
}

type QueueLike = Extract<PrimitiveState, { kind: 'Queue' | 'LifoQueue' | 'PriorityQueue' | 'JoinableQueue' }>;

function foldQueue(state: QueueLike, fact: SyncFact): void {
  switch (fact.op) {
    case 'queue.put':
      dropWaiter(state.waiters, fact.actor, 'put');
      state.depth = fact.depth;
      state.unfinished += 1;
      state.puts += 1;
      rememberInList(state.producers, fact.actor);
      return;
    case 'queue.get':
      dropWaiter(state.waiters, fact.actor, 'get');
      state.depth = fact.depth;
      state.gets += 1;
      rememberInList(state.consumers, fact.actor);
      return;
    case 'queue.fullWait':
      state.waiters.push(waiter(fact, 'put', fact.timeoutMs));
      return;
    case 'queue.emptyWait':
      state.waiters.push(waiter(fact, 'get', fact.timeoutMs));
      return;
    case 'queue.timedOut':
      dropWaiter(state.waiters, fact.actor);
      return;
    case 'queue.taskDone':
      state.unfinished = fact.unfinished;
      return;
    case 'queue.putsCounted':
      state.unfinished += fact.puts;
      state.puts += fact.puts;
      return;
    case 'queue.getsCounted':
      state.gets += fact.gets;
      return;
    case 'queue.tasksDoneCounted':
      state.unfinished -= fact.tasks;
      return;
    case 'queue.join':
      state.waiters.push({ actor: fact.actor, op: 'join', since: fact.t, timeoutMs: null });
      return;
    case 'queue.joined':
      dropWaiter(state.waiters, fact.actor, 'join');
      return;
    case 'queue.shutdown':
      // An immediate shutdown drops the items, a task done for each.
      state.unfinished = Math.max(0, state.unfinished - (state.depth - fact.depth));
      state.depth = fact.depth;
      state.shutdown = true;
      return;
    default:
      return mismatch(state, fact);
  }
}

/**
 * An actor ended: a semaphore's units it took stay taken (no owner, as in Python), remembered as an ended
 * holder's. Locks need nothing here: their `lock.ownerDied` fact says it. In place, as foldFact.
 */
export function foldActorEnded(state: PrimitiveState, actor: string): boolean {
  if (state.kind !== 'Semaphore' && state.kind !== 'BoundedSemaphore') return false;
  const mine = state.holders.find((holder) => holder.actor === actor);
  if (mine === undefined) return false;
  state.holders = state.holders.filter((holder) => holder !== mine);
  state.endedHolders = [...state.endedHolders.filter((holder) => holder.actor !== actor), mine];
  return true;
}

/**
 * A `sync.write` (data-facts.ts): a Value, Array, Dict or List holds these contents now. False for any other
 * kind (the emitter's bug, left unfolded: a cold fact names its primitive only by name). In place, as foldFact.
 */
export function foldWrite(state: PrimitiveState, contents: string): boolean {
  if (state.kind !== 'Value' && state.kind !== 'Array' && state.kind !== 'Dict' && state.kind !== 'List') return false;
  state.contents = contents;
  return true;
}

/** A `sync.held` entry: what a queue, dict or list holds of the memory budget now. False for kinds that show none. */
export function foldHeld(state: PrimitiveState, bytes: number): boolean {
  switch (state.kind) {
    case 'Queue':
    case 'LifoQueue':
    case 'PriorityQueue':
    case 'JoinableQueue':
    case 'Dict':
    case 'List':
      state.held = bytes;
      return true;
    default:
      return false;
  }
}

/** A fact of another kind than the state's. A function of its own, not a closure: folds run for every fact. */
function mismatch(state: PrimitiveState, fact: SyncFact): never {
  throw new TypeError(`${fact.op} on ${fact.primitive}, a ${state.kind}`);
}

/** Every primitive's view state by name, folded from creations, deletions, facts and ended actors (host keyframes, tests). */
export class PrimitiveFold {
  /** Creation order: names are never integer-like (a letter or _ first), so a Map's order is theirs. */
  readonly states = new Map<string, PrimitiveState>();
  /** Facts about names never created (a recording cut before their creation): counted, not guessed at. */
  unknown = 0;

  created(spec: CreatePrimitive, origin: Origin = 'lab'): void {
    for (const state of createdStates(spec, origin)) this.states.set(state.name, state);
  }

  deleted(names: readonly string[]): void {
    for (const name of names) this.states.delete(name);
  }

  apply(fact: SyncFact): void {
    const state = this.states.get(fact.primitive);
    if (state === undefined) this.unknown += 1;
    else foldFact(state, fact);
  }

  written(primitive: string, contents: string): void {
    const state = this.states.get(primitive);
    if (state === undefined) this.unknown += 1;
    else foldWrite(state, contents);
  }

  heldNow(held: readonly { primitive: string; bytes: number }[]): void {
    for (const { primitive, bytes } of held) {
      const state = this.states.get(primitive);
      if (state !== undefined) foldHeld(state, bytes);
    }
  }

  actorEnded(actor: string): void {
    for (const state of this.states.values()) foldActorEnded(state, actor);
  }

  /** A copy that later folds do not touch (a keyframe). */
  list(): PrimitiveState[] {
    return [...this.states.values()].map(ownCopy);
  }
}
