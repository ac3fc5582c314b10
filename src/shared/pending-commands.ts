import type { CommandOutcome } from './protocol';

/**
 * The commands one client (a page's WebSocket, the Electron window) may have waiting for their answers at
 * once. A command's answer can wait for ever (a join without a timeout, behind a worker that never ends,
 * as Python's would), and each one waiting holds its promise and its command; unbounded, a client that
 * sent joins in a loop would hold the host's memory until it ran out. A page's own clicks never come near;
 * a script that pipelines commands over the socket waits for answers past this many.
 */
export const MAX_PENDING_COMMANDS = 1_000;

export class PendingCommands {
  private waiting = 0;

  constructor(private readonly max = MAX_PENDING_COMMANDS) {}

  /** How many of this client's commands wait for their answers now. */
  get size(): number {
    return this.waiting;
  }

  /** Runs the command unless `max` of the client's wait already; then it is answered at once, in words. */
  async run(execute: () => Promise<CommandOutcome>): Promise<CommandOutcome> {
    if (this.waiting >= this.max) {
      return { ok: false, error: `refused: ${this.max} commands from here are still waiting for their answers (a join or a get without a timeout waits as long as its worker runs); send more once some are answered` };
    }
    this.waiting += 1;
    try {
      return await execute();
    } finally {
      this.waiting -= 1;
    }
  }
}
