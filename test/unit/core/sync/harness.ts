import type { Cancel, Clock } from '../../../../src/core/clock';
import { createSyncBroker, type SyncBroker, type SyncBrokerDeps } from '../../../../src/core/sync/broker';
import type { HostMessage, WorkerMessage } from '../../../../src/shared/worker-wire';
import { LabSync } from '../../../../src/worker/sync-client';
import { workerMessageSchema } from '../../../../src/shared/worker-messages';
import { createPrimitiveSchema, syncRequestSchema, type Item, type PrimitiveSnapshot, type SyncReply, type SyncRequest } from '../../../../src/shared/sync';

/** A clock that moves only when told to, firing due timers in time order. */
export class ManualClock implements Clock {
  private t = 0;
  private timers: { at: number; seq: number; callback: () => void }[] = [];
  private seq = 0;

  now(): number {
    return 1_700_000_000_000 + this.t;
  }

  monotonic(): number {
    return this.t;
  }

  setTimeout(callback: () => void, ms: number): Cancel {
    const timer = { at: this.t + ms, seq: this.seq++, callback };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((other) => other !== timer);
    };
  }

  get pending(): number {
    return this.timers.length;
  }

  /** Moves time on by `ms` (seconds in the helpers below), firing each timer as its moment comes. */
  advance(ms: number): void {
    const target = this.t + ms;
    for (;;) {
      const due = this.timers.filter((timer) => timer.at <= target).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (due === undefined) break;
      this.timers = this.timers.filter((timer) => timer !== due);
      this.t = due.at;
      due.callback();
    }
    this.t = target;
  }
}

/** A request whose reply may not have come yet. */
export interface Call {
  readonly settled: boolean;
  readonly reply: SyncReply | undefined;
}

/** Lets promise callbacks run, so replies that were granted are visible. */
export const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * A broker on a manual clock, driven the way a worker or the UI would: requests go through the schema
 * (defaults applied, as on the wire), and each call is tracked so a test can ask whether it is still blocked.
 */
export function lab(onOwnerDied?: (primitive: string, workerId: string) => void, deps: Omit<SyncBrokerDeps, 'clock' | 'onOwnerDied'> = {}) {
  const clock = new ManualClock();
  const broker: SyncBroker = createSyncBroker({ ...deps, clock, onOwnerDied });
  const track = (promise: Promise<SyncReply>): Call => {
    const call: { settled: boolean; reply: SyncReply | undefined } = { settled: false, reply: undefined };
    void promise.then((reply) => {
      call.settled = true;
      call.reply = reply;
    });
    return call;
  };
  return {
    clock,
    broker,
    create(spec: Record<string, unknown>): void {
      const result = broker.create(createPrimitiveSchema.parse(spec));
      if (!result.ok) throw new Error(result.error);
    },
    /** A worker's request, not awaited: check `.settled` / `.reply` after `flush()`. */
    send(workerId: string, request: SyncRequest): Call {
      return track(broker.request(workerId, syncRequestSchema.parse(request)));
    },
    /** A worker's request that must be answered at once. */
    async now(workerId: string, request: SyncRequest): Promise<SyncReply> {
      const call = track(broker.request(workerId, syncRequestSchema.parse(request)));
      await flush();
      if (!call.settled) throw new Error(`${workerId} ${request.op} ${request.name} blocked`);
      return call.reply!;
    },
    operate(request: SyncRequest): Promise<SyncReply> {
      return broker.operate(syncRequestSchema.parse(request));
    },
    /** Seconds, like the timeouts. */
    async advance(seconds: number): Promise<void> {
      clock.advance(seconds * 1000);
      await flush();
    },
    view(name: string): PrimitiveSnapshot {
      const found = broker.snapshot().find((primitive) => primitive.name === name);
      if (found === undefined) throw new Error(`no snapshot for ${name}`);
      return found;
    },
  };
}

export type Lab = ReturnType<typeof lab>;

/**
 * A worker's real client (LabSync) wired to the broker in this process: `sharedMemory` makes it a thread,
 * which attaches Lock and RLock cells and FIFO queues' rings; `sent` is every message it sent.
 */
export function client(t: Lab, workerId: string, sharedMemory: boolean, options: { parkMs?: number; batchQueues?: boolean } = {}) {
  // A batch's age is wall-clock time: a test's sends must not depend on how busy the machine is.
  let handler: (message: HostMessage) => void = () => undefined;
  const sent: WorkerMessage[] = [];
  const refused: string[] = [];
  const sync = new LabSync(
    {
      send: (message) => {
        sent.push(message);
        if (message.type === 'syncAttach') {
          const lock = t.broker.attach(workerId, message.name);
          const queue = lock === null ? t.broker.attachQueue(workerId, message.name) : null;
          // Answered in the order it was sent, before any request sent after it (as on a real channel).
          void Promise.resolve().then(() => handler({ type: 'syncAttached', id: message.id, lock, queue, recording: null }));
        } else if (message.type === 'sync') {
          void t.broker.request(workerId, syncRequestSchema.parse(message.request)).then((reply) => handler({ type: 'syncReply', id: message.id, reply }));
        } else if (message.type === 'queueBatch') {
          // Checked as the host checks it (worker-messages.ts), then applied; refusals kept for the test.
          const checked = workerMessageSchema.parse(message);
          if (checked.type === 'queueBatch') refused.push(...t.broker.queueBatch(workerId, checked.name, checked.ops));
        }
      },
      onMessage: (h) => (handler = h),
    },
    { sharedMemory, batchMaxAgeMs: 60_000, ...options },
  );
  return { sync, sent, refused };
}

/** The reply of a successful operation. */
export const done = (value: Item = null): SyncReply => ({ ok: true, value });
