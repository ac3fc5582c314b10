import type { PrimitiveState } from '../../src/shared/primitive-state';
import type { PrimitiveSnapshot } from '../../src/shared/sync';

/**
 * Fold equivalence for the view state (primitive-state.ts): the broker's snapshot and the PrimitiveState
 * folded from facts, in one plain shape per primitive: holders with their counts, waiters per op in order
 * with their timeouts, values, flags, depths, totals, producers and consumers, shared data's contents
 * (`sync.write`), budget bytes (`sync.held`) and a pipe's waiters in order. Holders' `since` is left out (a
 * fast-path holder's is when the host saw it, not when it took it).
 */
type Person = { readonly actor: string; readonly count: number };
type Wait = { readonly actor: string; readonly timeoutMs: number | null };

const holdersOf = (list: readonly { workerId?: string; actor?: string; count: number }[]): Person[] => list.map((h) => ({ actor: (h.workerId ?? h.actor)!, count: h.count }));
const round = (ms: number | null) => (ms === null ? null : Math.round(ms));

/** A pipe's waiters, readers first then senders, each in the order they parked (the snapshot's order). */
function pipeWaiters(waiters: readonly { actor: string; op: string; timeoutMs: number | null }[]) {
  return [...waiters.filter((w) => !w.op.startsWith('pipe_send')), ...waiters.filter((w) => w.op.startsWith('pipe_send'))];
}

export function comparableSnapshots(snapshots: readonly PrimitiveSnapshot[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const s of snapshots) {
    const waits = (op: string): Wait[] => s.waiters.filter((w) => w.op === op).map((w) => ({ actor: w.workerId, timeoutMs: round(w.timeoutMs) }));
    switch (s.kind) {
      case 'Lock':
      case 'RLock':
        out[s.name] = { kind: s.kind, holders: holdersOf(s.holders), acquire: waits('acquire'), ownerDied: s.ownerDied };
        break;
      case 'Semaphore':
      case 'BoundedSemaphore':
        out[s.name] = { kind: s.kind, value: s.value, holders: holdersOf(s.holders), ended: holdersOf(s.endedHolders), acquire: waits('acquire') };
        break;
      case 'Event':
        out[s.name] = { kind: s.kind, flag: s.flag, wait: waits('wait') };
        break;
      case 'Condition':
        out[s.name] = { kind: s.kind, lock: s.lock, wait: waits('wait') };
        break;
      case 'Barrier':
        out[s.name] = { kind: s.kind, parties: s.parties, broken: s.broken, wait: waits('wait') };
        break;
      case 'Queue':
      case 'LifoQueue':
      case 'PriorityQueue':
      case 'JoinableQueue':
        out[s.name] = {
          kind: s.kind,
          depth: s.depth,
          maxsize: s.maxsize,
          ...(s.kind === 'JoinableQueue' ? { unfinished: s.unfinished } : {}),
          puts: s.puts,
          gets: s.gets,
          shutdown: s.shutdown,
          producers: [...s.producers].sort(),
          consumers: [...s.consumers].sort(),
          get: waits('get'),
          put: waits('put'),
          join: waits('join'),
          held: s.bytes,
        };
        break;
      case 'Pipe':
        // The snapshot says which ends are closed only in its text ("duplex; end 0 closed"): read here, in the test.
        out[s.name] = {
          kind: s.kind,
          inFlight: s.depth,
          bytes: s.bytes,
          sends: s.puts,
          receives: s.gets,
          closed: [0, 1].map((end) => s.contents?.includes(`end ${end} closed`) ?? false),
          senders: [...s.producers].sort(),
          receivers: [...s.consumers].sort(),
          // The snapshot lists readers, then senders; a worker waits in one call at a time.
          waiters: pipeWaiters(s.waiters.map((w) => ({ actor: w.workerId, op: w.op, timeoutMs: round(w.timeoutMs) }))),
        };
        break;
      case 'Value':
      case 'Array':
        out[s.name] = { kind: s.kind, contents: s.contents };
        break;
      case 'Dict':
      case 'List':
        out[s.name] = { kind: s.kind, contents: s.contents, held: s.bytes };
        break;
      default:
        out[s.name] = { kind: s.kind };
    }
  }
  return out;
}

export function comparableStates(states: Iterable<PrimitiveState>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const s of states) {
    const waits = (op: string): Wait[] => s.kind === 'Pipe' || !('waiters' in s) ? [] : s.waiters.filter((w) => w.op === op).map((w) => ({ actor: w.actor, timeoutMs: w.timeoutMs }));
    switch (s.kind) {
      case 'Lock':
      case 'RLock':
        out[s.name] = { kind: s.kind, holders: s.holder === null ? [] : holdersOf([s.holder]), acquire: waits('acquire'), ownerDied: s.ownerDied };
        break;
      case 'Semaphore':
      case 'BoundedSemaphore':
        out[s.name] = { kind: s.kind, value: s.value, holders: holdersOf(s.holders), ended: holdersOf(s.endedHolders), acquire: waits('acquire') };
        break;
      case 'Event':
        out[s.name] = { kind: s.kind, flag: s.flag, wait: waits('wait') };
        break;
      case 'Condition':
        out[s.name] = { kind: s.kind, lock: s.lock, wait: waits('wait') };
        break;
      case 'Barrier':
        out[s.name] = { kind: s.kind, parties: s.parties, broken: s.broken, wait: waits('wait') };
        break;
      case 'Queue':
      case 'LifoQueue':
      case 'PriorityQueue':
      case 'JoinableQueue':
        out[s.name] = {
          kind: s.kind,
          depth: s.depth,
          maxsize: s.maxsize,
          ...(s.kind === 'JoinableQueue' ? { unfinished: s.unfinished } : {}),
          puts: s.puts,
          gets: s.gets,
          shutdown: s.shutdown,
          producers: [...s.producers].sort(),
          consumers: [...s.consumers].sort(),
          get: waits('get'),
          put: waits('put'),
          join: waits('join'),
          held: s.held,
        };
        break;
      case 'Pipe':
        out[s.name] = {
          kind: s.kind,
          inFlight: s.inFlight,
          bytes: s.bytes,
          sends: s.sends,
          receives: s.receives,
          closed: [...s.closed],
          senders: [...s.senders].sort(),
          receivers: [...s.receivers].sort(),
          waiters: pipeWaiters(s.waiters.map((w) => ({ actor: w.actor, op: w.op, timeoutMs: w.timeoutMs }))),
        };
        break;
      case 'Value':
      case 'Array':
        out[s.name] = { kind: s.kind, contents: s.contents };
        break;
      case 'Dict':
      case 'List':
        out[s.name] = { kind: s.kind, contents: s.contents, held: s.held };
        break;
      default:
        out[s.name] = { kind: s.kind };
    }
  }
  return out;
}
