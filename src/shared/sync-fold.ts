import { assertNever } from './assert-never';
import type { SyncFact } from './facts';
import type { CreatePrimitive } from './sync';

/**
 * Each primitive's state rebuilt from its facts alone (no snapshot): who holds a lock and how often, who
 * waits, in order, a queue's depth, an event's flag. Folding every fact from the start gives what the broker
 * has now (fold equivalence, test/integration/sync/fold-equivalence.test.ts). The reducer's sync view is to
 * read this in a later step; for now it is the recorder's check and the timeline's source.
 */
export type FoldedPrimitive =
  | { readonly family: 'lock'; holder: string | null; count: number; readonly waiters: string[] }
  | { readonly family: 'semaphore'; value: number; readonly waiters: string[] }
  | { readonly family: 'event'; flag: boolean; readonly waiters: string[] }
  | { readonly family: 'condition'; readonly waiters: string[] }
  | { readonly family: 'barrier'; waiting: string[]; broken: boolean }
  | { readonly family: 'queue'; depth: number; unfinished: number; shutdown: boolean; readonly getters: string[]; readonly putters: string[]; readonly joiners: string[] }
  | { readonly family: 'timer'; state: 'new' | 'waiting' | 'fired' | 'cancelled' }
  /** Pipes, Values, Arrays, dicts, lists: their facts are counted only (the written values are not in facts yet). */
  | { readonly family: 'data'; facts: number };

/** The state a primitive starts in, from what created it. */
export function initialFold(spec: CreatePrimitive): FoldedPrimitive {
  switch (spec.kind) {
    case 'Lock':
    case 'RLock':
      return { family: 'lock', holder: null, count: 0, waiters: [] };
    case 'Semaphore':
    case 'BoundedSemaphore':
      return { family: 'semaphore', value: spec.value, waiters: [] };
    case 'Event':
      return { family: 'event', flag: false, waiters: [] };
    case 'Condition':
      return { family: 'condition', waiters: [] };
    case 'Barrier':
      return { family: 'barrier', waiting: [], broken: false };
    case 'Queue':
    case 'LifoQueue':
    case 'PriorityQueue':
    case 'JoinableQueue':
      return { family: 'queue', depth: 0, unfinished: 0, shutdown: false, getters: [], putters: [], joiners: [] };
    case 'Timer':
      return { family: 'timer', state: 'new' };
    case 'Pipe':
    case 'Value':
    case 'Array':
    case 'Dict':
    case 'List':
      return { family: 'data', facts: 0 };
    default:
      return assertNever(spec);
  }
}

const drop = (list: string[], actor: string): void => {
  const index = list.indexOf(actor);
  if (index >= 0) list.splice(index, 1);
};

/**
 * Applies one fact to its primitive's state, in place. A fact of another family than the state's is a bug in
 * the emitter, and is thrown as one (the fold must not guess).
 */
export function foldSyncFact(state: FoldedPrimitive, fact: SyncFact): void {
  if (fact.op === 'wait.ended') {
    for (const list of waitLists(state)) drop(list, fact.actor);
    return;
  }
  switch (fact.op) {
    case 'lock.requested':
    case 'lock.fastPath':
      if (state.family !== 'lock') mismatch(state, fact);
      return;
    case 'lock.waiting':
      if (state.family !== 'lock') return mismatch(state, fact);
      state.waiters.push(fact.actor);
      return;
    case 'lock.acquired':
      if (state.family !== 'lock') return mismatch(state, fact);
      drop(state.waiters, fact.actor);
      state.holder = fact.actor;
      state.count = fact.count;
      return;
    case 'lock.timedOut':
      if (state.family !== 'lock') return mismatch(state, fact);
      drop(state.waiters, fact.actor);
      return;
    case 'lock.released':
      if (state.family !== 'lock') return mismatch(state, fact);
      state.count = fact.count;
      if (fact.count === 0) state.holder = null;
      return;
    case 'lock.ownerDied':
      if (state.family !== 'lock') return mismatch(state, fact);
      state.holder = null;
      state.count = 0;
      return;
    case 'lock.restated':
      if (state.family !== 'lock') return mismatch(state, fact);
      state.holder = fact.count === 0 ? null : fact.actor;
      state.count = fact.count;
      return;
    case 'semaphore.acquired':
      if (state.family !== 'semaphore') return mismatch(state, fact);
      drop(state.waiters, fact.actor);
      state.value = fact.units;
      return;
    case 'semaphore.released':
      if (state.family !== 'semaphore') return mismatch(state, fact);
      state.value += fact.units;
      return;
    case 'semaphore.waiting':
      if (state.family !== 'semaphore') return mismatch(state, fact);
      state.waiters.push(fact.actor);
      return;
    case 'semaphore.timedOut':
      if (state.family !== 'semaphore') return mismatch(state, fact);
      drop(state.waiters, fact.actor);
      return;
    case 'event.set':
    case 'event.clear':
      if (state.family !== 'event') return mismatch(state, fact);
      state.flag = fact.op === 'event.set';
      return;
    case 'event.wait':
      if (state.family !== 'event') return mismatch(state, fact);
      state.waiters.push(fact.actor);
      return;
    case 'event.woken':
    case 'event.timedOut':
      if (state.family !== 'event') return mismatch(state, fact);
      drop(state.waiters, fact.actor);
      return;
    case 'condition.wait':
      if (state.family !== 'condition') return mismatch(state, fact);
      state.waiters.push(fact.actor);
      return;
    case 'condition.notify':
      if (state.family !== 'condition') mismatch(state, fact);
      return;
    case 'condition.woken':
    case 'condition.timedOut':
      if (state.family !== 'condition') return mismatch(state, fact);
      drop(state.waiters, fact.actor);
      return;
    case 'barrier.arrive':
      if (state.family !== 'barrier') return mismatch(state, fact);
      state.waiting.push(fact.actor);
      return;
    case 'barrier.trip':
      if (state.family !== 'barrier') return mismatch(state, fact);
      state.waiting = [];
      return;
    case 'barrier.broken':
    case 'barrier.reset':
      if (state.family !== 'barrier') return mismatch(state, fact);
      state.waiting = [];
      state.broken = fact.op === 'barrier.broken';
      return;
    case 'queue.put':
      if (state.family !== 'queue') return mismatch(state, fact);
      drop(state.putters, fact.actor);
      state.depth = fact.depth;
      state.unfinished += 1;
      return;
    case 'queue.get':
      if (state.family !== 'queue') return mismatch(state, fact);
      drop(state.getters, fact.actor);
      state.depth = fact.depth;
      return;
    case 'queue.fullWait':
      if (state.family !== 'queue') return mismatch(state, fact);
      state.putters.push(fact.actor);
      return;
    case 'queue.emptyWait':
      if (state.family !== 'queue') return mismatch(state, fact);
      state.getters.push(fact.actor);
      return;
    case 'queue.timedOut':
      if (state.family !== 'queue') return mismatch(state, fact);
      drop(state.getters, fact.actor);
      drop(state.putters, fact.actor);
      return;
    case 'queue.taskDone':
      if (state.family !== 'queue') return mismatch(state, fact);
      state.unfinished = fact.unfinished;
      return;
    case 'queue.putsCounted':
      if (state.family !== 'queue') return mismatch(state, fact);
      state.unfinished += fact.puts;
      return;
    case 'queue.getsCounted':
      if (state.family !== 'queue') return mismatch(state, fact);
      return;
    case 'queue.tasksDoneCounted':
      if (state.family !== 'queue') return mismatch(state, fact);
      state.unfinished -= fact.tasks;
      return;
    case 'queue.join':
      if (state.family !== 'queue') return mismatch(state, fact);
      state.joiners.push(fact.actor);
      return;
    case 'queue.joined':
      if (state.family !== 'queue') return mismatch(state, fact);
      drop(state.joiners, fact.actor);
      return;
    case 'queue.shutdown':
      if (state.family !== 'queue') return mismatch(state, fact);
      // An immediate shutdown drops the items, a task done for each.
      state.unfinished = Math.max(0, state.unfinished - (state.depth - fact.depth));
      state.depth = fact.depth;
      state.shutdown = true;
      return;
    case 'timer.start':
    case 'timer.cancel':
    case 'timer.fired':
      if (state.family !== 'timer') return mismatch(state, fact);
      state.state = nextTimerState(state.state, fact.op);
      return;
    case 'pipe.send':
    case 'pipe.recv':
    case 'pipe.close':
    case 'pipe.recvWait':
    case 'pipe.pollWait':
    case 'pipe.sendWait':
    case 'value.write':
    case 'array.write':
    case 'dict.write':
    case 'list.write':
      if (state.family !== 'data') return mismatch(state, fact);
      state.facts += 1;
      return;
    default:
      return assertNever(fact);
  }
}

/** A fact of another family than the state's. A function of its own, not a closure: folds run for every fact. */
function mismatch(state: FoldedPrimitive, fact: SyncFact): never {
  throw new TypeError(`${fact.op} on ${fact.primitive}, a ${state.family}`);
}

function nextTimerState(now: 'new' | 'waiting' | 'fired' | 'cancelled', op: 'timer.start' | 'timer.cancel' | 'timer.fired') {
  if (op === 'timer.fired') return now === 'waiting' ? 'fired' : now;
  if (op === 'timer.cancel') return now === 'new' || now === 'waiting' ? 'cancelled' : now;
  return now === 'new' ? 'waiting' : now;
}

function waitLists(state: FoldedPrimitive): string[][] {
  switch (state.family) {
    case 'lock':
    case 'semaphore':
    case 'event':
    case 'condition':
      return [state.waiters];
    case 'barrier':
      return [state.waiting];
    case 'queue':
      return [state.getters, state.putters, state.joiners];
    case 'timer':
    case 'data':
      return [];
    default:
      return assertNever(state);
  }
}

/** Every primitive's folded state, by name: created ones start as their spec says; a fact for an unknown name is kept aside. */
export class SyncFold {
  readonly primitives = new Map<string, FoldedPrimitive>();
  /** Facts about names never created (a recording cut before their creation): counted, not guessed at. */
  unknown = 0;

  /** A creation, with the RLock it brings (a Condition's own, a Value's or Array's `lock`), as the broker makes them. */
  created(spec: CreatePrimitive): void {
    const ownLock = (spec.kind === 'Condition' && spec.lock === undefined) || ((spec.kind === 'Value' || spec.kind === 'Array') && spec.lock);
    if (ownLock) this.primitives.set(`${spec.name}.lock`, initialFold({ kind: 'RLock', name: `${spec.name}.lock` }));
    this.primitives.set(spec.name, initialFold(spec));
  }

  deleted(name: string): void {
    this.primitives.delete(name);
  }

  apply(fact: SyncFact): void {
    const state = this.primitives.get(fact.primitive);
    if (state === undefined) this.unknown += 1;
    else foldSyncFact(state, fact);
  }
}
