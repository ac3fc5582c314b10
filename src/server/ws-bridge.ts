import type { WebSocket } from 'ws';
import { clientMessageSchema, type LabEvent, type ServerMessage } from '../shared/protocol';
import type { Lab } from '../core/lab-api';

/** A slow client that falls this far behind is dropped; it reconnects and rebuilds from the history. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

/**
 * One renderer connection: the history first (the state is a fold of it), then live event batches; every
 * frame it sends is validated, and a bad one is answered with a message rather than acted on.
 */
export function bridgeSocket(socket: WebSocket, lab: Lab): void {
  const send = (message: ServerMessage) => {
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) return socket.terminate();
    socket.send(JSON.stringify(message));
  };
  send({ type: 'events', events: lab.history() });
  const unsubscribe = lab.subscribe((events: readonly LabEvent[]) => send({ type: 'events', events: [...events] }));
  socket.on('close', unsubscribe);
  socket.on('error', unsubscribe);

  socket.on('message', (data, isBinary) => {
    if (isBinary) return socket.close(1003, 'text frames only');
    let raw: unknown;
    try {
      raw = JSON.parse(data.toString());
    } catch {
      return send({ type: 'reply', id: '', ok: false, error: 'malformed frame: not JSON' });
    }
    const envelope = clientMessageSchema.safeParse(raw);
    if (!envelope.success) {
      const id = typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id.slice(0, 64) : '';
      return send({ type: 'reply', id, ok: false, error: 'malformed frame: expected {"type":"command","id":"...","command":{...}}' });
    }
    const { id, command } = envelope.data;
    void lab.execute(command).then((outcome) => send({ type: 'reply', id, ...outcome }));
  });
}
