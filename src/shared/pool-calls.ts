/**
 * A user's worker script drives pools through the same `pool.*` commands as the UI (shared/pools.ts), sent
 * as a `poolCall` message and answered by a `poolReply`. Zod-free (the worker side loads it). The answers
 * differ from the UI's where Python's calls give values: apply gives the task's result, map the list of
 * results (imap_unordered's in the order they ended), join and cancel their booleans.
 */

/** A failure as Python raises it: "ValueError" and "Pool not running", a task's own "KeyError"... */
export type PoolReply = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string; readonly message: string };
