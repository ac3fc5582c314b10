import type { PoolReply } from '../../shared/pool-calls';
import type { CommandOutcome, LabCommand } from '../../shared/protocol';
import type { Item } from '../../shared/sync';
import type { Clock } from '../clock';
import { PythonError } from './python-errors';

/** The commands a pool's facade runs; create, resize and delete are the registry's own. */
export type FacadeCommand = Extract<LabCommand, { type: 'pool.apply' | 'pool.map' | 'pool.cancel' | 'pool.close' | 'pool.terminate' | 'pool.join' | 'pool.shutdown' }>;

/** Python's Pool, or an executor, as the registry drives it from a command. */
export interface PoolFacade {
  /** Tasks ended whose results still wait for the result handler: they count as unfinished (admission.ts). */
  readonly undelivered: number;
  run(command: FacadeCommand): CommandOutcome | Promise<CommandOutcome>;
  /** A script's call (pool-calls.ts): as run, but apply and map answer with the tasks' values. */
  call(command: FacadeCommand): Promise<PoolReply>;
}

export const answered = (value?: Item): CommandOutcome => ({ ok: true, result: value === undefined ? { workerIds: [] } : { workerIds: [], value } });
export const refusedWith = (error: string): CommandOutcome => ({ ok: false, error });

/** Runs a facade's command; what it raised in Python's words ("ValueError: Pool not running"). Anything else is a bug, thrown on. */
export async function refusingPython(run: () => Promise<CommandOutcome>): Promise<CommandOutcome> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof PythonError) return refusedWith(error.describe());
    throw error;
  }
}

/**
 * The UI's stand-in for a user's callback: one that takes `ms` (async: it holds up the results behind it in
 * the pool's result handler, never the host's loop). None when no time was asked.
 */
export function standInCallback(clock: Clock, ms: number | undefined): (() => Promise<void>) | undefined {
  if (ms === undefined) return undefined;
  return () => new Promise<void>((resolve) => void clock.setTimeout(resolve, ms));
}

/** A command's outcome as a script's reply: a refusal "Type: message" raised as that type (ValueError otherwise). */
export function replyOf(outcome: CommandOutcome): PoolReply {
  if (outcome.ok) return { ok: true, value: outcome.result.value ?? null };
  const typed = /^([A-Z][A-Za-z0-9_]*): ([\s\S]*)$/.exec(outcome.error);
  return typed === null ? { ok: false, error: 'ValueError', message: outcome.error } : { ok: false, error: typed[1]!, message: typed[2]! };
}

/** What a call raised, as a script's reply; anything but a Python error is a bug, thrown on. */
export function raisedReply(error: unknown): PoolReply {
  if (error instanceof PythonError) return { ok: false, error: error.type, message: error.message };
  throw error;
}
