import type { SyncFact } from './facts';
import { createdStates, foldActorEnded, foldFact, foldHeld, foldWrite, ownCopy, type Origin } from './primitive-fold';
import type { PrimitiveState } from './primitive-state';
import { withoutKeys } from './record-without';
import type { CreatePrimitive } from './sync';

/**
 * The reducer's steps for SyncView.states (each primitive's view state, folded from facts), pure: a batch of
 * facts copies the map once and each primitive it touches once, then folds into those copies; nothing a
 * previous state holds is written. Names are never integer-like, so the record keeps creation order.
 */
export type PrimitiveStates = Readonly<Record<string, PrimitiveState>>;

export function withFacts(states: PrimitiveStates, facts: readonly SyncFact[]): PrimitiveStates {
  let next: Record<string, PrimitiveState> | null = null;
  const own = new Set<string>();
  for (const fact of facts) {
    const state = (next ?? states)[fact.primitive];
    // A fact about a primitive this state never saw created (a page that connected late gets a keyframe first).
    if (state === undefined) continue;
    next ??= { ...states };
    if (!own.has(fact.primitive)) {
      next[fact.primitive] = ownCopy(state);
      own.add(fact.primitive);
    }
    foldFact(next[fact.primitive]!, fact);
  }
  return next ?? states;
}

/** A `sync.write`: the primitive's contents now (one copy of it and of the map). */
export function withWrite(states: PrimitiveStates, primitive: string, contents: string): PrimitiveStates {
  const state = states[primitive];
  if (state === undefined) return states;
  const copy = ownCopy(state);
  return foldWrite(copy, contents) ? { ...states, [primitive]: copy } : states;
}

/** A `sync.held`: each listed primitive's share of the memory budget now. */
export function withHeld(states: PrimitiveStates, held: readonly { primitive: string; bytes: number }[]): PrimitiveStates {
  let next: Record<string, PrimitiveState> | null = null;
  for (const { primitive, bytes } of held) {
    const state = (next ?? states)[primitive];
    if (state === undefined) continue;
    const copy = ownCopy(state);
    if (!foldHeld(copy, bytes)) continue;
    next ??= { ...states };
    next[primitive] = copy;
  }
  return next ?? states;
}

export function withCreated(states: PrimitiveStates, spec: CreatePrimitive): PrimitiveStates {
  return withCreatedFrom(states, spec, 'lab');
}

/** A creation whose state lives where `origin` says: the lab's broker, or an observed Python program. */
export function withCreatedFrom(states: PrimitiveStates, spec: CreatePrimitive, origin: Origin): PrimitiveStates {
  const next = { ...states };
  for (const state of createdStates(spec, origin)) next[state.name] = state;
  return next;
}

export function withoutNames(states: PrimitiveStates, removed: ReadonlySet<string>): PrimitiveStates {
  return withoutKeys(states, removed);
}

/** A worker ended: the semaphore units it took stay taken, as an ended holder's. */
export function withActorEnded(states: PrimitiveStates, actor: string): PrimitiveStates {
  let next: Record<string, PrimitiveState> | null = null;
  for (const [name, state] of Object.entries(states)) {
    if ((state.kind !== 'Semaphore' && state.kind !== 'BoundedSemaphore') || !state.holders.some((holder) => holder.actor === actor)) continue;
    const copy = ownCopy(state);
    foldActorEnded(copy, actor);
    next ??= { ...states };
    next[name] = copy;
  }
  return next ?? states;
}

/** Primitive states listed, by name (as a keyframe of them). */
export function fromKeyframe(primitives: readonly PrimitiveState[]): PrimitiveStates {
  return Object.fromEntries(primitives.map((state) => [state.name, state]));
}
