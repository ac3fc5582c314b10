import type { WorkerDescriptor } from '../shared/worker';
import type { CheckedWorkerMessage } from '../shared/worker-messages';
import type { HostMessage } from '../shared/worker-wire';

/**
 * Who may send a message type: a thread (it shares memory with the host), a forked process (its IPC
 * channel is JSON), or any worker with a two-way channel (thread or fork). A spawn or exec worker talks on
 * stdout only: it can say things but never read an answer, so no type that expects one is heard from it.
 */
export type Sender = 'thread' | 'forked' | 'ipc';

/** The types the supervisor hands on; ready, exiting and startChildren are the supervisor's own. */
export type RoutedType = Exclude<CheckedWorkerMessage['type'], 'ready' | 'exiting' | 'startChildren'>;
export type RoutedMessage<T extends RoutedType> = Extract<CheckedWorkerMessage, { type: T }>;

/** What a route needs of a worker: who it is, and how to answer it (null before it is launched). */
export interface RoutedWorker {
  readonly descriptor: WorkerDescriptor;
  readonly launched: { post(message: HostMessage): void } | null;
}

export interface Route<T extends RoutedType, W extends RoutedWorker = RoutedWorker> {
  readonly from: Sender;
  readonly handle: (worker: W, message: RoutedMessage<T>) => void;
  /**
   * A worker that may not send this type: `reason` is reported to the person (null: not heard at all), and
   * `answer`, if any, tells a worker that waits for a reply that there is none for it.
   */
  readonly refused: { readonly reason: string | null; readonly answer?: (worker: W, message: RoutedMessage<T>) => void };
  /**
   * One of this type that failed validation (its reason is already reported): a worker waiting for the
   * answer to it must get one, or it waits for ever. `raw` is what arrived, of any shape: read it with care.
   */
  readonly malformed?: (worker: W, raw: Readonly<Record<string, unknown>>, reason: string) => void;
}

type AnyRoute<W extends RoutedWorker> = { [T in RoutedType]: Route<T, W> }[RoutedType];

/** May this worker send a message meant for `from`? One place decides, from its descriptor. */
export function maySend(descriptor: WorkerDescriptor, from: Sender): boolean {
  switch (from) {
    case 'thread':
      return descriptor.kind === 'thread';
    case 'forked':
      return descriptor.kind === 'process' && descriptor.ipc;
    case 'ipc':
      return descriptor.ipc;
  }
}

/**
 * The one place a worker's message goes once the supervisor has checked it: each type's handler is
 * registered by the part of the lab that serves it (SyncHub's, WorkerQueries', later the pools'), with who
 * may send it and how a malformed one is answered. The composition root only composes.
 */
export class WorkerRouter<W extends RoutedWorker = RoutedWorker> {
  private readonly routes = new Map<RoutedType, AnyRoute<W>>();

  /** `report` tells the person that a worker's message was refused (a worker.messageRejected event). */
  constructor(private readonly report: (workerId: string, reason: string) => void) {}

  on<T extends RoutedType>(type: T, route: Route<T, W>): void {
    // Two owners of one type would be a wiring bug: said at start-up, not found by a worker later.
    if (this.routes.has(type)) throw new Error(`worker messages of type ${type} already have a route`);
    this.routes.set(type, route as unknown as AnyRoute<W>);
  }

  /** A validated message: handled, or refused when its sender may not send it. A type nobody serves is not heard. */
  route(worker: W, message: CheckedWorkerMessage): void {
    if (message.type === 'ready' || message.type === 'exiting' || message.type === 'startChildren') return;
    const route = this.routes.get(message.type) as Route<typeof message.type, W> | undefined;
    if (route === undefined) return;
    if (maySend(worker.descriptor, route.from)) return route.handle(worker, message);
    if (route.refused.reason !== null) this.report(worker.descriptor.id, route.refused.reason);
    route.refused.answer?.(worker, message);
  }

  /** A route that took a message it cannot use (a report of a task nobody sent): the person is told why. */
  refuse(workerId: string, reason: string): void {
    this.report(workerId, reason);
  }

  /** A message that failed validation: its type's route answers it, if the type is one it knows. */
  rejected(worker: W, raw: unknown, reason: string): void {
    if (typeof raw !== 'object' || raw === null) return;
    const type: unknown = (raw as { type?: unknown }).type;
    if (typeof type !== 'string') return;
    this.routes.get(type as RoutedType)?.malformed?.(worker, raw as Readonly<Record<string, unknown>>, reason);
  }
}

/** The id of a request that failed validation, when it has one the worker can be answered by. */
export function requestIdOf(raw: Readonly<Record<string, unknown>>): number | null {
  const id = raw['id'];
  return typeof id === 'number' && Number.isSafeInteger(id) ? id : null;
}
