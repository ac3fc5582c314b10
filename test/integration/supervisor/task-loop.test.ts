import { constants } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/clock';
import { shutdown } from '../../../src/core/supervisor/shutdown';
import { Supervisor } from '../../../src/core/supervisor/supervisor';
import { DEFAULT_CONFIG } from '../../../src/shared/config';
import { DEFAULT_SHELL } from '../../../src/shared/launch-plan';
import { parseCommand, type LabEventBody } from '../../../src/shared/protocol';
import type { TaskOrder, TaskOrders, TaskReport } from '../../../src/shared/task-wire';
import { BUILT_ENTRIES } from '../../support/lab-harness';
import { waitFor } from '../../support/wait';

let supervisor: Supervisor | null = null;
afterEach(async () => {
  if (supervisor !== null) await shutdown({ supervisor, clock: systemClock, boundProcesses: () => [] });
  supervisor = null;
});

/** A real supervisor, as the lab composes it, whose task reports are kept in the order they arrive. */
function supervised() {
  const events: LabEventBody[] = [];
  const reports: TaskReport[] = [];
  const serving = new Set<string>();
  const made = new Supervisor({
    clock: systemClock,
    emit: (event) => events.push(event),
    entries: BUILT_ENTRIES,
    config: () => DEFAULT_CONFIG,
    signalNumbers: { ...constants.signals },
    setpriv: null,
    shell: DEFAULT_SHELL,
    labEnvironment: {},
    claims: { claim: () => undefined, claimThread: () => undefined },
    // A turn's reports arrive as one message (task.reports): kept one by one, in their order.
    onMessage: (worker, message) => {
      if (message.type === 'task.reports') reports.push(...message.reports);
      else if (message.type === 'task.serving') serving.add(worker.descriptor.id);
      else if (message.type.startsWith('task.')) reports.push(message as TaskReport);
    },
  });
  supervisor = made;
  return { supervisor: made, events, reports, serving };
}

describe('a worker serving tasks (serve-tasks)', () => {
  it.each([{ kind: 'thread' }, { kind: 'process', method: 'fork' }])(
    'runs the tasks sent, one at a time and in order, with a failing one\'s error and a queued one cancelled ($kind)',
    async (spec) => {
      const { supervisor, events, reports, serving } = supervised();
      const command = parseCommand({ type: 'start', spec: { count: 1, ...spec, task: { name: 'serve-tasks' } } });
      if (!command.ok) throw new Error(command.error);
      if (command.command.type !== 'start') throw new Error('not a start');
      const started = supervisor.start(command.command.spec);
      if (!started.ok) throw new Error(started.error);
      const workerId = (started.result as { workerIds: string[] }).workerIds[0]!;
      await waitFor('the worker is ready', () => events.find((event) => event.type === 'worker.ready' && event.workerId === workerId), 20_000);
      await waitFor('the worker says it serves tasks', () => serving.has(workerId), 20_000);
      const post = (order: TaskOrder | TaskOrders) => supervisor.workers.get(workerId)!.launched!.post(order);
      // All sent at once: the worker queues them itself. The cancel reaches it while task 1 sleeps.
      post({ type: 'task.run', taskId: 1, fn: 'sleep', args: [300] });
      post({ type: 'task.run', taskId: 2, fn: 'fail', args: ['no such account', 'KeyError'] });
      post({ type: 'task.run', taskId: 3, fn: 'square', args: [12] });
      post({ type: 'task.run', taskId: 4, fn: 'square', args: [5] });
      post({ type: 'task.cancel', taskId: 4 });
      post({ type: 'task.run', taskId: 5, fn: 'cube', args: [2] });
      await waitFor('the last task\'s end', () => reports.find((report) => report.taskId === 5 && report.type !== 'task.started'), 20_000);
      expect(reports).toEqual([
        { type: 'task.started', taskId: 1 },
        { type: 'task.cancelled', taskId: 4 },
        { type: 'task.result', taskId: 1, value: null },
        { type: 'task.started', taskId: 2 },
        { type: 'task.error', taskId: 2, error: { type: 'KeyError', message: 'no such account' } },
        { type: 'task.started', taskId: 3 },
        { type: 'task.result', taskId: 3, value: 144 },
        { type: 'task.started', taskId: 5 },
        { type: 'task.error', taskId: 5, error: { type: 'AttributeError', message: 'no task function "cube"; use one of square, sleep, burn, fail' } },
      ]);
      // Still serving after all that, and nothing it sent was refused; several orders in one message, a chunk among them.
      post({
        type: 'task.orders',
        orders: [
          { type: 'task.run', taskId: 6, fn: 'square', args: [3] },
          { type: 'task.runChunk', taskId: 7, fn: 'square', calls: [[1], [2], [3]] },
          { type: 'task.runChunk', taskId: 8, fn: 'square', calls: [[4], ['five'], [6]] },
        ],
      });
      await waitFor('the chunks\' ends', () => reports.find((report) => report.taskId === 8 && report.type !== 'task.started'), 20_000);
      expect(reports.slice(-6)).toEqual([
        { type: 'task.started', taskId: 6 },
        { type: 'task.result', taskId: 6, value: 9 },
        { type: 'task.started', taskId: 7 },
        { type: 'task.result', taskId: 7, value: [1, 4, 9] },
        { type: 'task.started', taskId: 8 },
        // Python's mapstar: the first call that raises is the chunk's error.
        { type: 'task.error', taskId: 8, error: { type: 'TypeError', message: 'square() takes a number, not string' } },
      ]);
      expect(events.filter((event) => event.type === 'worker.messageRejected')).toEqual([]);
      expect(events.filter((event) => event.type === 'worker.exited')).toEqual([]);
    },
  );
});
