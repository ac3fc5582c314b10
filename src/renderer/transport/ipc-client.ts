import { z } from 'zod';
import type { LabBridge } from '../../shared/bridge';
import { pageHistorySchema } from '../../shared/page-history';
import { commandResultSchema, labEventSchema, type CommandOutcome, type LabEvent } from '../../shared/protocol';
import type { LabClient } from './lab-client';

const outcomeSchema = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true), result: commandResultSchema }),
  z.strictObject({ ok: z.literal(false), error: z.string() }),
]);
const eventsSchema = z.array(labEventSchema);

/**
 * The Electron window: the preload's `window.lab`. It subscribes before asking for the history and
 * buffers what arrives meanwhile, so no event is lost between the two and none is folded twice.
 */
export function createIpcClient(bridge: LabBridge): LabClient {
  return {
    async send(command): Promise<CommandOutcome> {
      try {
        const parsed = outcomeSchema.safeParse(await bridge.command(command));
        if (parsed.success) return parsed.data;
        console.warn('lab: dropped a reply that does not match the protocol', parsed.error.issues);
        return { ok: false, error: 'the lab answered with something this window does not understand' };
      } catch (error) {
        return { ok: false, error: `the lab did not answer: ${error instanceof Error ? error.message : String(error)}` };
      }
    },

    subscribe(onEvents, onStatus) {
      let buffered: LabEvent[] | null = [];
      let stopped = false;
      onStatus('connecting');
      const unsubscribe = bridge.onEvents((raw) => {
        const parsed = eventsSchema.safeParse(raw);
        if (!parsed.success) return console.warn('lab: dropped an event batch that does not match the protocol', parsed.error.issues);
        if (buffered !== null) buffered.push(...parsed.data);
        else if (!stopped) onEvents(parsed.data);
      });
      bridge.history().then(
        (raw) => {
          if (stopped) return;
          const parsed = pageHistorySchema.safeParse(raw);
          if (!parsed.success) {
            // Nothing to fold the live events onto: not connected, rather than a partial lab shown as whole.
            console.warn('lab: the history does not match the protocol', parsed.error.issues);
            buffered = null;
            stopped = true;
            unsubscribe();
            return onStatus('disconnected');
          }
          const history = parsed.data.events;
          const lastSeq = history.at(-1)?.seq ?? parsed.data.keyframe.seq;
          const after = (buffered ?? []).filter((event) => event.seq > lastSeq);
          buffered = null;
          onStatus('connected');
          onEvents([...history, ...after], parsed.data.keyframe);
        },
        (error: unknown) => {
          console.warn('lab: could not read the history', error);
          onStatus('disconnected');
        },
      );
      return () => {
        stopped = true;
        unsubscribe();
      };
    },
  };
}
