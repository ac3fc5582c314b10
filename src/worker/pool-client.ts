import type { PoolCommandInput, CreatePoolInput } from '../shared/pools';
import type { HostMessage } from '../shared/worker-wire';
import type { Requester } from './sync/requester';

/** What a pool call raised, named as Python names it: `error.name` is "ValueError", "TimeoutError", a task's "KeyError"... */
export class PoolError extends Error {
  constructor(type: string, message: string) {
    super(message);
    this.name = type;
  }
}

type WithoutPool<T> = T extends { readonly pool: unknown } ? Omit<T, 'type' | 'pool'> : never;
type Call<T extends PoolCommandInput['type']> = WithoutPool<Extract<PoolCommandInput, { type: T }>>;

/**
 * A user's script's handle on the lab's pools, passed to its main as `pools`: Python's Pool and executor
 * calls, made async. `const pool = await pools.create({ name: 'p', api: 'pool', runtime: 'process' })`, then
 * `await pool.map('square', [1, 2, 3])` is `[1, 4, 9]`, and the pool shows in the Pools view as it works.
 */
export class LabPools {
  constructor(private readonly requester: Requester) {}

  /** Creates a pool, as "New pool" does; a name taken or a bad size raises ValueError. */
  async create(spec: CreatePoolInput): Promise<PoolHandle> {
    await this.call({ type: 'pool.create', pool: spec });
    return new PoolHandle(spec.name, (command) => this.call(command));
  }

  /** A pool made elsewhere (the UI, another worker), by name. */
  attach(name: string): PoolHandle {
    return new PoolHandle(name, (command) => this.call(command));
  }

  private call(command: PoolCommandInput): Promise<unknown> {
    return this.requester.ask((id) => ({ type: 'poolCall', id, command })).then(valueOf);
  }
}

function valueOf(message: HostMessage): unknown {
  if (message.type !== 'poolReply') throw new PoolError('RuntimeError', 'the lab answered out of turn');
  if (!message.reply.ok) throw new PoolError(message.reply.error, message.reply.message);
  return message.reply.value;
}

/** One pool: Pool's calls (apply, map, starmap, close, join, terminate) and an executor's (submit, map, shutdown). */
export class PoolHandle {
  constructor(
    readonly name: string,
    private readonly send: (command: PoolCommandInput) => Promise<unknown>,
  ) {}

  /** Pool.apply / the result of executor.submit(fn, *args): the task's value, or what it raised. */
  apply(fn: Call<'pool.apply'>['fn'], args: Call<'pool.apply'>['args'] = []): Promise<unknown> {
    return this.send({ type: 'pool.apply', pool: this.name, fn, args });
  }

  /** executor.submit(fn, *args).result(). */
  submit(fn: Call<'pool.apply'>['fn'], args: Call<'pool.apply'>['args'] = []): Promise<unknown> {
    return this.apply(fn, args);
  }

  /** Pool.map (or with `unordered`, list(imap_unordered(...))) and executor.map: the list of values. */
  map(fn: Call<'pool.map'>['fn'], items: Call<'pool.map'>['items'], options: { readonly chunksize?: number; readonly unordered?: boolean } = {}): Promise<unknown[]> {
    return this.send({ type: 'pool.map', pool: this.name, fn, items, ...options }) as Promise<unknown[]>;
  }

  /** Pool.starmap: each item is the argument list. */
  starmap(fn: Call<'pool.map'>['fn'], items: Call<'pool.map'>['items'], options: { readonly chunksize?: number } = {}): Promise<unknown[]> {
    return this.send({ type: 'pool.map', pool: this.name, fn, items, star: true, ...options }) as Promise<unknown[]>;
  }

  close(): Promise<void> {
    return this.send({ type: 'pool.close', pool: this.name }).then(() => undefined);
  }

  /** Pool.join: ValueError unless closed or terminated first. */
  join(): Promise<void> {
    return this.send({ type: 'pool.join', pool: this.name }).then(() => undefined);
  }

  terminate(): Promise<void> {
    return this.send({ type: 'pool.terminate', pool: this.name }).then(() => undefined);
  }

  /** Executor.shutdown(wait=True, cancel_futures=False). */
  shutdown(options: { readonly wait?: boolean; readonly cancelFutures?: boolean } = {}): Promise<void> {
    return this.send({ type: 'pool.shutdown', pool: this.name, ...options }).then(() => undefined);
  }
}
