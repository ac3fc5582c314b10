import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { pageHistorySchema, type PageHistory } from '../../../src/shared/page-history';
import type { LabEvent } from '../../../src/shared/protocol';
import { reduceBatch } from '../../../src/shared/reducer';
import type { LabEndpoint } from '../../../src/server/replay-endpoint';
import { bridgeSocket } from '../../../src/server/ws-bridge';
import { worstHistory } from '../../support/worst-history';

/** The bridge's limit on what a slow page may fall behind (ws-bridge.ts). */
const LIMIT_BYTES = 16 * 1024 * 1024;
const CHUNK = 'x'.repeat(16 * 1024 - 1) + '\n';

let closeAll: (() => Promise<void>) | null = null;
afterEach(async () => {
  await closeAll?.();
  closeAll = null;
});

/** The real bridge on a loopback WebSocket server, over an endpoint that has `history` and emits what the test says. */
async function bridged(history: PageHistory) {
  const listeners = new Set<(events: readonly LabEvent[]) => void>();
  const lab: LabEndpoint = {
    history: () => history,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    execute: () => Promise.resolve({ ok: false, error: 'not in this test' }),
  };
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(server, 'listening');
  const sockets: WebSocket[] = [];
  server.on('connection', (socket) => {
    sockets.push(socket);
    bridgeSocket(socket, lab);
  });
  closeAll = async () => {
    for (const socket of server.clients) socket.terminate();
    await new Promise((resolve) => server.close(resolve));
  };
  const emit = (events: readonly LabEvent[]) => listeners.forEach((listener) => listener(events));
  return { url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`, sockets, emit };
}

describe('a slow page joining a lab at its worst', () => {
  it('gets the whole history and the live events after it, and is not cut while it reads the history', async () => {
    const history = worstHistory();
    const bytes = Buffer.byteLength(JSON.stringify(history));
    // Full output tails (1 Mi characters; 4 Mi made ~13 MiB) and a keyframe interval of facts: ~8.7 MiB, over half the limit alone.
    expect(bytes).toBeGreaterThan(8 * 1024 * 1024);
    const { url, sockets, emit } = await bridged(history);
    const page = new WebSocket(url);
    const messages: string[] = [];
    let closed = false;
    page.on('message', (data) => messages.push(data.toString()));
    page.on('close', () => (closed = true));
    await once(page, 'open');
    // The page is busy (a slow machine, a page still booting): it reads nothing while the lab goes on.
    page.pause();
    const socket = await waitUntil(() => sockets[0]);
    let seq = history.events.at(-1)!.seq;
    let batches = 0;
    // Live output until what waits for the page is past the limit by 2 MiB (the history counted in), at most 200 batches.
    while (socket.readyState === socket.OPEN && socket.bufferedAmount < LIMIT_BYTES + 2 * 1024 * 1024 && batches < 200) {
      const t = history.keyframe.t + batches;
      emit(Array.from({ length: 16 }, (_, i) => ({ type: 'worker.output', seq: ++seq, t, workerId: 'w1', stream: 'stdout', from: (batches * 16 + i) * CHUNK.length, to: (batches * 16 + i + 1) * CHUNK.length, text: CHUNK }) as LabEvent));
      batches += 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(socket.bufferedAmount).toBeGreaterThan(LIMIT_BYTES);
    page.resume();
    await waitUntil(() => (messages.length === batches + 1 ? true : undefined), 30_000);
    expect(closed).toBe(false);
    const first = pageHistorySchema.safeParse(JSON.parse(messages[0]!));
    expect(first.success).toBe(true);
    // A whole state: the tail folds onto the keyframe as it was made, every fact of it.
    const state = reduceBatch(first.data!.keyframe.state, first.data!.events);
    expect(Object.keys(state.workers)).toHaveLength(Object.keys(history.keyframe.state.workers).length);
    expect(first.data!.events.reduce((sum, event) => sum + (event.type === 'sync.facts' ? event.facts.length : 0), 0)).toBe(87_000);
    expect(JSON.parse(messages.at(-1)!)).toMatchObject({ type: 'events' });
  });

  it('still cuts a page that falls the limit behind once it has the history', async () => {
    const history = worstHistory();
    const { url, sockets, emit } = await bridged(history);
    const page = new WebSocket(url);
    let historyRead = false;
    page.on('message', (data) => {
      if (!historyRead && data.toString().startsWith('{"type":"history"')) historyRead = true;
    });
    await once(page, 'open');
    await waitUntil(() => (historyRead ? true : undefined), 30_000);
    page.pause();
    const socket = sockets[0]!;
    let seq = history.events.at(-1)!.seq;
    let batches = 0;
    while (socket.readyState === socket.OPEN && batches < 400) {
      emit(Array.from({ length: 16 }, () => ({ type: 'worker.output', seq: ++seq, t: history.keyframe.t, workerId: 'w1', stream: 'stdout', from: 0, to: CHUNK.length, text: CHUNK }) as LabEvent));
      batches += 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(socket.readyState).not.toBe(socket.OPEN);
    // Cut past the limit, not before: at least 16 MiB of batches were sent.
    expect(batches * 16 * CHUNK.length).toBeGreaterThan(LIMIT_BYTES);
  });
});

async function waitUntil<T>(value: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = value();
    if (found !== undefined) return found;
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
