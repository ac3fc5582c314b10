import type { RawData, WebSocket } from 'ws';
import { describeFailure } from '../shared/describe-failure';
import { exceedsCommandLimits } from '../shared/command-limits';
import { clientMessageSchema, type LabEvent, type ServerMessage } from '../shared/protocol';
import { PendingCommands } from '../shared/pending-commands';
import type { LabEndpoint } from './replay-endpoint';
import type { PageHistory } from '../shared/page-history';

/** A slow client that falls this far behind is dropped; it reconnects and rebuilds from the history. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
const ENVELOPE = 'expected {"type":"command","id":"...","command":{...}}';

/**
 * One renderer connection: the history first (a keyframe and the events after it), then live event batches. Every
 * frame it sends is bounded, then validated, and each gets exactly one reply: a bad one is answered with a
 * sentence rather than acted on, and nothing a frame holds can throw past this file.
 */
export function bridgeSocket(socket: WebSocket, lab: LabEndpoint): void {
  // The history's bytes not yet handed to the system: a page reads them first, however long that takes, so
  // they do not count against the limit. A lab at its worst makes a history of ~16 MiB (full output tails and
  // a keyframe interval of facts: test/integration/server/slow-page-history.test.ts), and counted, a page
  // slower than that was cut before it had its state, reconnected, was sent it again, and so on for ever.
  let historyUnsent = 0;
  const send = (message: ServerMessage | PageHistory) => {
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES + historyUnsent) return socket.terminate();
    try {
      const text = JSON.stringify(message);
      if (message.type !== 'history') return socket.send(text);
      historyUnsent = Buffer.byteLength(text);
      socket.send(text, () => (historyUnsent = 0));
    } catch (error) {
      console.error('lab: a message to the page could not be sent:', describeFailure(error));
    }
  };
  const refuse = (id: string, error: string) => send({ type: 'reply', id, ok: false, error });
  // Per connection: one page's waiting commands are bounded, another page's are its own.
  const pending = new PendingCommands();
  // The keyframe and the tail after it; live batches may repeat the tail's last events (the page skips them by seq).
  send(lab.history());
  const unsubscribe = lab.subscribe((events: readonly LabEvent[]) => send({ type: 'events', events: [...events] }));
  socket.on('close', unsubscribe);
  socket.on('error', unsubscribe);

  const accept = (data: RawData, isBinary: boolean) => {
    if (isBinary) return refuse('', 'malformed frame: the lab takes text frames of JSON, not binary ones');
    let raw: unknown;
    try {
      raw = JSON.parse(data.toString());
    } catch {
      return refuse('', 'malformed frame: not JSON');
    }
    const id = replyId(raw);
    const tooBig = exceedsCommandLimits(raw, typeof raw === 'object' && raw !== null ? (raw as { command?: unknown }).command : undefined);
    if (tooBig !== null) return refuse(id, `malformed frame: ${tooBig}`);
    const envelope = clientMessageSchema.safeParse(raw);
    if (!envelope.success) return refuse(id, `malformed frame: ${ENVELOPE}`);
    pending.run(() => lab.execute(envelope.data.command)).then(
      (outcome) => send({ type: 'reply', id: envelope.data.id, ...outcome }),
      (error: unknown) => refuse(envelope.data.id, `the lab could not do that: ${describeFailure(error)}`),
    );
  };
  socket.on('message', (data, isBinary) => {
    try {
      accept(data, isBinary);
    } catch (error) {
      // Only a bug gets here; the frame is answered and the connection (and the lab) carry on.
      console.error('lab: a frame could not be handled:', error);
      refuse('', `the lab could not handle that frame: ${describeFailure(error)}`);
    }
  });
}

/** The id to answer under, when the frame has a usable one; '' otherwise. */
function replyId(raw: unknown): string {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return '';
  const id = (raw as { id?: unknown }).id;
  return typeof id === 'string' ? id.slice(0, 64) : '';
}
