import { pageHistorySchema, type PageHistory } from '../../shared/page-history';
import { serverMessageSchema, type CommandOutcome, type ServerMessage } from '../../shared/protocol';
import type { LabClient } from './lab-client';

const REPLY_TIMEOUT_MS = 30_000;
const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 5000;
const OPEN = 1;

/** The part of the browser's WebSocket this client uses (so tests can give it a fake one). */
export interface SocketLike {
  readonly readyState: number;
  send(text: string): void;
  close(): void;
}

export interface SocketHandlers {
  open(): void;
  message(data: unknown): void;
  close(): void;
}

export type OpenSocket = (url: string, handlers: SocketHandlers) => SocketLike;

export interface PageAddress {
  readonly protocol: string;
  readonly host: string;
  readonly search: string;
}

/**
 * Browser mode: one WebSocket to the page's own host, authenticated by the token in the page's URL. The
 * server sends the history (a keyframe and the events after it) first on every connection, so a
 * reconnection rebuilds the state.
 */
export function createWsClient(page: PageAddress, openSocket: OpenSocket): LabClient {
  const token = new URLSearchParams(page.search).get('token') ?? '';
  const scheme = page.protocol === 'https:' ? 'wss:' : 'ws:';
  const url = `${scheme}//${page.host}/ws?token=${encodeURIComponent(token)}`;
  /** Commands waiting for their reply, with the socket that carried them. */
  const pending = new Map<string, { readonly socket: SocketLike; readonly resolve: (outcome: CommandOutcome) => void }>();
  const idPrefix = Math.random().toString(36).slice(2, 8);
  let socket: SocketLike | null = null;
  let commandCount = 0;

  const settle = (id: string, outcome: CommandOutcome) => {
    pending.get(id)?.resolve(outcome);
    pending.delete(id);
  };

  return {
    send(command) {
      const open = socket;
      if (open === null || open.readyState !== OPEN) {
        return Promise.resolve({ ok: false, error: 'not connected to the lab (is it still running?)' });
      }
      const id = `${idPrefix}-${++commandCount}`;
      return new Promise<CommandOutcome>((resolve) => {
        const timer = setTimeout(() => settle(id, { ok: false, error: 'the lab did not answer within 30 s' }), REPLY_TIMEOUT_MS);
        pending.set(id, {
          socket: open,
          resolve: (outcome) => {
            clearTimeout(timer);
            resolve(outcome);
          },
        });
        open.send(JSON.stringify({ type: 'command', id, command }));
      });
    },

    subscribe(onEvents, onStatus) {
      let stopped = false;
      let retryMs = FIRST_RETRY_MS;
      let retry: ReturnType<typeof setTimeout> | null = null;

      const receive = (message: ServerMessage | PageHistory) => {
        if (message.type === 'history') return onEvents(message.events, message.keyframe);
        if (message.type === 'events') return onEvents(message.events);
        settle(message.id, message.ok ? { ok: true, result: message.result } : { ok: false, error: message.error });
      };

      const connect = () => {
        onStatus('connecting');
        const ws: SocketLike = openSocket(url, {
          open: () => {
            if (stopped) return;
            retryMs = FIRST_RETRY_MS;
            onStatus('connected');
          },
          message: (data) => {
            if (stopped) return;
            const raw = parseJson(data);
            const history = isHistory(raw);
            const parsed = history ? pageHistorySchema.safeParse(raw) : serverMessageSchema.safeParse(raw);
            if (parsed.success) return receive(parsed.data);
            console.warn('lab: dropped a message that does not match the protocol', parsed.error.issues);
            // Without its history the page has nothing to fold live events onto: this connection is no use.
            // Closed, so the page says "disconnected" and connects again (a fresh history) after the usual wait.
            if (history) ws.close();
          },
          close: () => {
            if (socket === ws) socket = null;
            for (const [id, entry] of [...pending]) {
              if (entry.socket === ws) settle(id, { ok: false, error: 'the connection to the lab closed before it answered' });
            }
            if (stopped) return;
            onStatus('disconnected');
            retry = setTimeout(connect, retryMs);
            retryMs = Math.min(MAX_RETRY_MS, retryMs * 2);
          },
        });
        socket = ws;
      };

      connect();
      return () => {
        stopped = true;
        if (retry !== null) clearTimeout(retry);
        socket?.close();
      };
    },
  };
}

/** The history has its own schema (its keyframe holds a whole state): chosen by the message's type. */
function isHistory(raw: unknown): boolean {
  return typeof raw === 'object' && raw !== null && (raw as { type?: unknown }).type === 'history';
}

function parseJson(data: unknown): unknown {
  if (typeof data !== 'string') return null;
  try {
    return JSON.parse(data);
  } catch {
    return null;
  }
}
