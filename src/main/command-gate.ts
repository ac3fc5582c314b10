import type { Lab } from '../core/lab-api';
import { describeFailure } from '../shared/describe-failure';
import { exceedsCommandLimits } from '../shared/command-limits';
import { PendingCommands } from '../shared/pending-commands';
import type { CommandOutcome } from '../shared/protocol';

/**
 * What the IPC bridge does with one command from a renderer, kept free of electron so it runs (and is
 * tested) in plain Node. Structured clone carries more than JSON can (cycles, BigInt, sparse arrays of a
 * billion, 40,000 levels of nesting), so the command is bounded first; then it is run, and whatever
 * happens the renderer gets an outcome, never a rejected invoke. `pending` is the window's: its commands
 * waiting for answers are bounded (pending-commands.ts); left out (a test of one command), the call's own.
 */
export async function answerCommand(lab: Lab, fromOwnWindow: () => boolean, command: unknown, pending: PendingCommands = new PendingCommands()): Promise<CommandOutcome> {
  try {
    if (!fromOwnWindow()) return { ok: false, error: 'refused: not the lab window' };
    const tooBig = exceedsCommandLimits(command);
    if (tooBig !== null) return { ok: false, error: `bad command: ${tooBig}` };
    return await pending.run(() => lab.execute(command));
  } catch (error) {
    console.error('lab: a command from the window could not be handled:', error);
    return { ok: false, error: `the lab could not do that: ${describeFailure(error)}` };
  }
}
