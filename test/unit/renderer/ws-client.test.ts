import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { INITIAL_STATE } from '../../../src/shared/lab-state';
import type { LabEvent } from '../../../src/shared/protocol';
import type { ConnectionStatus } from '../../../src/renderer/transport/lab-client';
import { createWsClient, type SocketHandlers } from '../../../src/renderer/transport/ws-client';
import { eventStream, labStarted } from '../shared/event-factory';

class FakeSocket {
  readyState = 0;
  readonly sent: string[] = [];
  constructor(
    readonly url: string,
    readonly on: SocketHandlers,
  ) {}
  send(text: string) {
    this.sent.push(text);
  }
  close() {
    this.readyState = 3;
    this.on.close();
  }
  open() {
    this.readyState = 1;
    this.on.open();
  }
  receive(message: unknown) {
    this.on.message(JSON.stringify(message));
  }
}

function setup() {
  const sockets: FakeSocket[] = [];
  const client = createWsClient({ protocol: 'http:', host: '127.0.0.1:5000', search: '?token=abc' }, (url, on) => {
    const socket = new FakeSocket(url, on);
    sockets.push(socket);
    return socket;
  });
  const batches: LabEvent[][] = [];
  const statuses: ConnectionStatus[] = [];
  const stop = client.subscribe(
    (events) => batches.push(events),
    (status) => statuses.push(status),
  );
  return { client, sockets, batches, statuses, stop };
}

describe('the browser-mode WebSocket client', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('connects to /ws on the page host with the page token and passes event batches on', () => {
    const { sockets, batches, statuses } = setup();
    expect(sockets[0]?.url).toBe('ws://127.0.0.1:5000/ws?token=abc');
    sockets[0]!.open();
    const event = eventStream().event(labStarted());
    sockets[0]!.receive({ type: 'events', events: [event] });
    expect(batches).toEqual([[event]]);
    expect(statuses).toEqual(['connecting', 'connected']);
  });

  it('passes a history on with its keyframe, validated (a keyframe that is not a state is dropped)', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const keyframes: unknown[] = [];
    const client = createWsClient({ protocol: 'http:', host: '127.0.0.1:5000', search: '?token=abc' }, (url, on) => {
      const socket = new FakeSocket(url, on);
      setTimeout(() => {
        socket.open();
        const event = eventStream().event(labStarted());
        socket.receive({ type: 'history', keyframe: { seq: 0, t: 5, state: { ...INITIAL_STATE, now: 5 } }, events: [event] });
        socket.receive({ type: 'history', keyframe: { seq: 0, t: 5, state: { now: 5 } }, events: [] });
      });
      return socket;
    });
    client.subscribe(
      (events, from) => keyframes.push([events.length, from?.state.now]),
      () => undefined,
    );
    vi.runOnlyPendingTimers();
    expect(keyframes).toEqual([[1, 5]]);
    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();
  });

  it('closes a connection whose history is not one: the page says disconnected and connects again', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { sockets, batches, statuses } = setup();
    sockets[0]!.open();
    sockets[0]!.receive({ type: 'history', keyframe: { seq: 0, t: 5, state: { now: 5 } }, events: [] });
    expect(batches).toEqual([]);
    expect(statuses).toEqual(['connecting', 'connected', 'disconnected']);
    vi.runOnlyPendingTimers();
    expect(sockets).toHaveLength(2);
    warn.mockRestore();
  });

  it('drops and reports a message that does not match the protocol', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { sockets, batches } = setup();
    sockets[0]!.open();
    sockets[0]!.receive({ type: 'events', events: [{ type: 'nonsense' }] });
    sockets[0]!.on.message('not json');
    expect(batches).toEqual([]);
    expect(warn).toHaveBeenCalledTimes(2);
    warn.mockRestore();
  });

  it('matches replies to commands by id', async () => {
    const { client, sockets } = setup();
    sockets[0]!.open();
    const first = client.send({ type: 'terminateAll' });
    const second = client.send({ type: 'kill', workerIds: ['w1'] });
    const [a, b] = sockets[0]!.sent.map((text) => JSON.parse(text) as { id: string; command: unknown });
    expect(a?.command).toEqual({ type: 'terminateAll' });
    sockets[0]!.receive({ type: 'reply', id: b!.id, ok: false, error: 'no worker w1' });
    sockets[0]!.receive({ type: 'reply', id: a!.id, ok: true, result: { workerIds: [] } });
    await expect(second).resolves.toEqual({ ok: false, error: 'no worker w1' });
    await expect(first).resolves.toEqual({ ok: true, result: { workerIds: [] } });
  });

  it('refuses to send while disconnected, and fails commands in flight when the socket closes', async () => {
    const { client, sockets } = setup();
    await expect(client.send({ type: 'terminateAll' })).resolves.toMatchObject({ ok: false });
    sockets[0]!.open();
    const waiting = client.send({ type: 'terminateAll' });
    sockets[0]!.close();
    await expect(waiting).resolves.toMatchObject({ ok: false, error: expect.stringContaining('closed') });
  });

  it('reconnects with a growing delay after the connection drops', () => {
    const { sockets, statuses } = setup();
    sockets[0]!.open();
    sockets[0]!.close();
    expect(statuses.at(-1)).toBe('disconnected');
    vi.advanceTimersByTime(250);
    expect(sockets).toHaveLength(2);
    sockets[1]!.close();
    vi.advanceTimersByTime(250);
    expect(sockets).toHaveLength(2);
    vi.advanceTimersByTime(250);
    expect(sockets).toHaveLength(3);
    sockets[2]!.open();
    expect(statuses.at(-1)).toBe('connected');
  });

  it('stops reconnecting once unsubscribed', () => {
    const { sockets, statuses, stop } = setup();
    sockets[0]!.open();
    stop();
    vi.advanceTimersByTime(10_000);
    expect(sockets).toHaveLength(1);
    expect(statuses.at(-1)).toBe('connected');
  });
});
