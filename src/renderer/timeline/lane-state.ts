import { describeHeld } from '../../shared/describe-step';
import type { SyncFactOp } from '../../shared/facts';

/**
 * What a worker's lane shows at a moment. `blocked` is waiting for a lock or semaphore (the wait-for
 * graph's edges), `waiting` is parked on a queue, event, condition, barrier or join; both name the
 * primitive. The others come from the lifecycle and from /proc samples: R reads `running` (running or
 * runnable: /proc does not tell them apart), S, I and D read `sleeping`, T `stopped` (SIGSTOP).
 */
export type LaneState =
  | { readonly kind: 'starting' }
  | { readonly kind: 'running' }
  | { readonly kind: 'sleeping' }
  /** A Python thread that wanted to run but slept while another thread held its interpreter's GIL (gil.ts). */
  | { readonly kind: 'gil' }
  | { readonly kind: 'stopped' }
  | { readonly kind: 'blocked'; readonly primitive: string; readonly op: WaitOp }
  | { readonly kind: 'waiting'; readonly primitive: string; readonly op: WaitOp }
  /** Held by the person in step mode (step-mode.ts) before this operation takes effect. */
  | { readonly kind: 'held'; readonly primitive: string; readonly op: string }
  | { readonly kind: 'exited'; readonly exitCode: number | null };

/** The facts that park their actor, and the word for what it waits to do. */
export const WAIT_OPS = {
  'lock.waiting': 'acquire',
  'semaphore.waiting': 'acquire',
  'event.wait': 'wait',
  'condition.wait': 'wait',
  'queue.fullWait': 'put',
  'queue.emptyWait': 'get',
  'barrier.arrive': 'wait',
  'queue.join': 'join',
} as const satisfies Partial<Record<SyncFactOp, string>>;

export type WaitStartOp = keyof typeof WAIT_OPS;
export type WaitOp = (typeof WAIT_OPS)[WaitStartOp];

export function isWaitStart(op: SyncFactOp): op is WaitStartOp {
  return op in WAIT_OPS;
}

/** A lock or semaphore blocks (a wait-for edge); the rest is waiting. */
export function waitStateOf(op: WaitStartOp, primitive: string): LaneState {
  const kind = op === 'lock.waiting' || op === 'semaphore.waiting' ? 'blocked' : 'waiting';
  return { kind, primitive, op: WAIT_OPS[op] };
}

/** Facts that end every wait on their primitive, whoever states them (a barrier releases all its parties). */
export const RELEASES_ALL: ReadonlySet<SyncFactOp> = new Set<SyncFactOp>(['barrier.trip', 'barrier.broken', 'barrier.reset']);

/** The /proc letter in lane words; null where it says nothing new (Z: the exit says it). */
export function sampledState(letter: string): LaneState | null {
  switch (letter) {
    case 'R':
      return { kind: 'running' };
    case 'S':
    case 'I':
    case 'D':
      return { kind: 'sleeping' };
    case 'T':
    case 't':
      return { kind: 'stopped' };
    default:
      return null;
  }
}

export function sameState(a: LaneState, b: LaneState): boolean {
  switch (a.kind) {
    case 'blocked':
    case 'waiting':
    case 'held':
      return b.kind === a.kind && b.primitive === a.primitive && b.op === a.op;
    case 'exited':
      return b.kind === 'exited' && b.exitCode === a.exitCode;
    default:
      return a.kind === b.kind;
  }
}

/** The words of a state, for the lane's tooltip and the legend. */
export function describeLaneState(state: LaneState): string {
  switch (state.kind) {
    case 'starting':
    case 'running':
    case 'sleeping':
    case 'stopped':
      return state.kind;
    case 'gil':
      return 'runnable, waiting for the GIL';
    case 'blocked':
    case 'waiting':
      return `${state.kind} (${state.op} ${state.primitive})`;
    case 'held':
      return describeHeld(state.primitive, state.op);
    case 'exited':
      return state.exitCode === null ? 'failed to start' : `exited with code ${state.exitCode}`;
  }
}
