import { MessageChannel } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { MESSAGE_LIMITS } from '../../../src/shared/message-limits';
import { parseWorkerMessage } from '../../../src/shared/worker-messages';
import { MAX_REPORTS_PER_MESSAGE, type TaskReport, type TaskReports } from '../../../src/shared/task-wire';
import { ReportBatch } from '../../../src/worker/task-report-batch';

const turn = () => new Promise((resolve) => setImmediate(resolve));
const channels: MessageChannel[] = [];
afterEach(() => {
  for (const channel of channels.splice(0)) channel.port1.close();
});

function recorder() {
  const messages: (TaskReport | TaskReports)[] = [];
  const alone: TaskReport[] = [];
  const batch = new ReportBatch(
    (message) => messages.push(message),
    (report) => alone.push(report),
  );
  return { batch, messages, alone };
}

describe('a served worker\'s reports of one turn', () => {
  it('go as one message at the end of the turn, in order, and the host takes it', async () => {
    const { batch, messages } = recorder();
    batch.add({ type: 'task.started', taskId: 1 });
    batch.add({ type: 'task.result', taskId: 1, value: 1 });
    batch.add({ type: 'task.started', taskId: 2 });
    expect(messages).toEqual([]);
    await turn();
    expect(messages).toEqual([
      {
        type: 'task.reports',
        reports: [
          { type: 'task.started', taskId: 1 },
          { type: 'task.result', taskId: 1, value: 1 },
          { type: 'task.started', taskId: 2 },
        ],
      },
    ]);
    expect(parseWorkerMessage(messages[0]).ok).toBe(true);
  });

  it('a lone report goes as itself; flush sends what is batched at once', () => {
    const { batch, messages } = recorder();
    batch.add({ type: 'task.started', taskId: 7 });
    batch.flush();
    expect(messages).toEqual([{ type: 'task.started', taskId: 7 }]);
  });

  it('never more than MAX_REPORTS_PER_MESSAGE, nor more than the host\'s limits, in one message', async () => {
    const { batch, messages } = recorder();
    for (let taskId = 1; taskId <= 450; taskId += 1) batch.add({ type: 'task.started', taskId });
    // Two results of 8,000 values each: together past the 20,000 values a message may have.
    const big = Array.from({ length: 8_000 }, (_, index) => index);
    batch.add({ type: 'task.result', taskId: 1, value: big });
    batch.add({ type: 'task.result', taskId: 2, value: big });
    batch.add({ type: 'task.result', taskId: 3, value: big });
    await turn();
    const counts = messages.map((message) => (message.type === 'task.reports' ? message.reports.length : 1));
    expect(counts.reduce((sum, count) => sum + count, 0)).toBe(453);
    expect(Math.max(...counts)).toBeLessThanOrEqual(MAX_REPORTS_PER_MESSAGE);
    for (const message of messages) expect(parseWorkerMessage(message)).toMatchObject({ ok: true });
    const flat = messages.flatMap((message) => (message.type === 'task.reports' ? message.reports : [message]));
    expect(flat.map((report) => report.taskId)).toEqual([...Array.from({ length: 450 }, (_, index) => index + 1), 1, 2, 3]);
  });

  it('a report that fits a message only by itself (nested to the limit) goes alone, after what came before it', () => {
    const { batch, messages, alone } = recorder();
    let deep: unknown = 1;
    for (let level = 0; level < MESSAGE_LIMITS.maxDepth - 2; level += 1) deep = [deep];
    batch.add({ type: 'task.started', taskId: 1 });
    batch.add({ type: 'task.result', taskId: 1, value: deep });
    expect(messages).toEqual([{ type: 'task.started', taskId: 1 }]);
    expect(alone).toEqual([{ type: 'task.result', taskId: 1, value: deep }]);
  });

  it('a thread\'s batch with a value it cannot clone: each report is sent alone, so only that one fails', () => {
    const channel = new MessageChannel();
    channels.push(channel);
    const sent: unknown[] = [];
    const alone: TaskReport[] = [];
    const batch = new ReportBatch(
      (message) => {
        channel.port1.postMessage(message);
        sent.push(message);
      },
      (report) => alone.push(report),
    );
    batch.add({ type: 'task.result', taskId: 1, value: 1 });
    batch.add({ type: 'task.result', taskId: 2, value: { fn: () => 2 } });
    batch.flush();
    expect(sent).toEqual([]);
    expect(alone.map((report) => report.taskId)).toEqual([1, 2]);
  });
});
