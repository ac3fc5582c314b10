import type { CommandToSend } from '../../shared/protocol';

/** A pool.* command as sent (zod's input: a map's items may be {range: n}). */
export type PoolCommandToSend = Extract<CommandToSend, { type: `pool.${string}` }>;

/**
 * What a pool's card may do, handed down once and kept the same from render to render (PoolsView), so a
 * card whose pool did not change is not drawn again.
 */
export interface PoolActions {
  run(command: PoolCommandToSend): void;
  /** Kill a pool's worker (asks first: ConfirmKill). */
  askKill(workerId: string): void;
  /** Show a worker in the details panel. */
  selectWorker(workerId: string): void;
  /** A card's own refusal (a map of no items), told as the lab's refusals are: a toast. */
  refuse(title: string, message: string): void;
}
