import { describe, expect, it, vi } from 'vitest';
import type { LabBridge } from '../../../src/shared/bridge';
import { INITIAL_STATE } from '../../../src/shared/lab-state';
import type { PageHistory } from '../../../src/shared/page-history';
import type { LabEvent } from '../../../src/shared/protocol';
import { createIpcClient } from '../../../src/renderer/transport/ipc-client';
import type { ConnectionStatus } from '../../../src/renderer/transport/lab-client';
import { descriptor, eventStream, labStarted } from '../shared/event-factory';

/** What the lab's history call answers: a keyframe (here the initial state) and the events after it. */
const historyOf = (events: LabEvent[]): PageHistory => ({ type: 'history', keyframe: { seq: 0, t: 0, state: INITIAL_STATE }, events });

function fakeBridge(history: unknown) {
  let listener: ((events: unknown) => void) | null = null;
  let answerHistory: (value: unknown) => void = () => undefined;
  const bridge: LabBridge = {
    command: vi.fn(async () => ({ ok: true, result: { workerIds: ['w1'] } })),
    history: () => new Promise((resolve) => (answerHistory = resolve)),
    saveRecording: async () => ({ ok: false, cancelled: true }),
    onEvents: (next) => {
      listener = next;
      return () => (listener = null);
    },
  };
  return { bridge, push: (events: unknown) => listener?.(events), answer: () => answerHistory(history) };
}

describe('the Electron IPC client', () => {
  it('subscribes before reading the history and folds the buffered events that came after it, once', async () => {
    const s = eventStream();
    const started = s.event(labStarted());
    const starting = s.event({ type: 'worker.starting', worker: descriptor('w1') });
    const spawned = s.event({ type: 'worker.spawned', workerId: 'w1', pid: 201, ppid: 100 });
    const fake = fakeBridge(historyOf([started, starting]));
    const batches: LabEvent[][] = [];
    const keyframes: unknown[] = [];
    const statuses: ConnectionStatus[] = [];
    createIpcClient(fake.bridge).subscribe(
      (events, from) => {
        batches.push(events);
        keyframes.push(from?.state);
      },
      (status) => statuses.push(status),
    );
    fake.push([starting, spawned]);
    fake.answer();
    await vi.waitFor(() => expect(batches).toHaveLength(1));
    expect(batches[0]!.map((event) => event.seq)).toEqual([started.seq, starting.seq, spawned.seq]);
    expect(keyframes).toEqual([INITIAL_STATE]);
    expect(statuses).toEqual(['connecting', 'connected']);
    const exited = s.event({ type: 'worker.startFailed', workerId: 'w1', reason: 'gone' });
    fake.push([exited]);
    expect(batches[1]).toEqual([exited]);
    expect(keyframes[1]).toBeUndefined();
  });

  it('says disconnected, and folds nothing, when the history is not one', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const s = eventStream();
    const fake = fakeBridge({ type: 'history', keyframe: { seq: 0, t: 0, state: { now: 1 } }, events: [] });
    const batches: LabEvent[][] = [];
    const statuses: ConnectionStatus[] = [];
    createIpcClient(fake.bridge).subscribe(
      (events) => batches.push(events),
      (status) => statuses.push(status),
    );
    fake.push([s.event(labStarted())]);
    fake.answer();
    await vi.waitFor(() => expect(statuses).toEqual(['connecting', 'disconnected']));
    fake.push([s.event({ type: 'worker.starting', worker: descriptor('w1') })]);
    expect(batches).toEqual([]);
    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();
  });

  it('validates events and replies', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const fake = fakeBridge(historyOf([]));
    const batches: LabEvent[][] = [];
    const client = createIpcClient(fake.bridge);
    client.subscribe((events) => batches.push(events), () => undefined);
    fake.answer();
    await vi.waitFor(() => expect(batches).toHaveLength(1));
    fake.push([{ type: 'worker.exited' }]);
    expect(batches).toHaveLength(1);
    await expect(client.send({ type: 'terminateAll' })).resolves.toEqual({ ok: true, result: { workerIds: ['w1'] } });
    vi.mocked(fake.bridge.command).mockResolvedValueOnce({ ok: 'maybe' });
    await expect(client.send({ type: 'terminateAll' })).resolves.toMatchObject({ ok: false });
    warn.mockRestore();
  });
});
