import { MessageChannel } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type { TaskReport } from '../../../src/shared/task-wire';
import { failureOf, jsonProblem, reportResult } from '../../../src/worker/task-results';
import { callTaskFunction } from '../../../src/worker/task-library';

const channels: MessageChannel[] = [];
afterEach(() => {
  for (const channel of channels.splice(0)) channel.port1.close();
});

/** A thread's send: the real structured clone of postMessage, which throws on what it cannot clone. */
function threadSend(reports: TaskReport[]): (report: TaskReport) => void {
  const channel = new MessageChannel();
  channels.push(channel);
  return (report) => {
    channel.port1.postMessage(report);
    reports.push(report);
  };
}

describe('a served task\'s result on the wire', () => {
  it('from a thread: a clonable value goes as it is, a function is refused in words', () => {
    const reports: TaskReport[] = [];
    const send = threadSend(reports);
    reportResult(send, true, 1, new Map([['a', 1]]));
    reportResult(send, true, 2, { fn: () => 1 });
    expect(reports[0]).toEqual({ type: 'task.result', taskId: 1, value: new Map([['a', 1]]) });
    expect(reports[1]).toMatchObject({ type: 'task.error', taskId: 2, error: { type: 'TypeError' } });
    expect((reports[1] as { error: { message: string } }).error.message).toMatch(/^a result must be a structured-clone value from a thread: .*could not be cloned.*\(Python: must be picklable\)$/);
  });

  it('from a process: only what JSON carries unchanged; a Map, NaN, undefined inside or a bigint is refused in words', () => {
    const reports: TaskReport[] = [];
    const send = (report: TaskReport) => reports.push(report);
    reportResult(send, false, 1, { squares: [1, 4, 9], name: 'x', none: null });
    for (const [taskId, value] of [[2, new Map()], [3, [1, Number.NaN]], [4, { a: undefined }], [5, 10n]] as const) reportResult(send, false, taskId, value);
    expect(reports[0]).toEqual({ type: 'task.result', taskId: 1, value: { squares: [1, 4, 9], name: 'x', none: null } });
    expect(reports.slice(1).map((report) => (report.type === 'task.error' ? report.error.message.match(/not (.*) \(Python/)?.[1] : report.type))).toEqual(['a Map', 'NaN', 'undefined inside it', 'a bigint']);
    expect(reports[1]).toMatchObject({ type: 'task.error', error: { type: 'TypeError', message: expect.stringContaining('a result must be a JSON value from a process') } });
  });

  it('past the host\'s limits (too deep, a cycle) is refused before it is sent, for either runtime', () => {
    const reports: TaskReport[] = [];
    const send = (report: TaskReport) => reports.push(report);
    const cycle: { self?: unknown } = {};
    cycle.self = cycle;
    let deep: unknown = 1;
    for (let level = 0; level < 40; level += 1) deep = [deep];
    reportResult(send, false, 1, cycle);
    reportResult(send, true, 2, deep);
    expect(reports.map((report) => report.type === 'task.error' && report.error.message)).toEqual([
      'a result must fit one message: this one is nested more than 32 levels deep',
      'a result must fit one message: this one is nested more than 32 levels deep',
    ]);
    expect(jsonProblem({ a: [1, 'b', true, null, { c: 2.5 }] })).toBeNull();
  });
});

describe('the task library', () => {
  it('squares, fails with the type and message asked for, and names an unknown function or bad arguments as Python would', async () => {
    expect(await callTaskFunction('square', [12])).toBe(144);
    expect(await callTaskFunction('sleep', [0])).toBeNull();
    const failure = async (fn: string, args: unknown[]) => failureOf(await callTaskFunction(fn, args).then(() => null, (error: unknown) => error));
    expect(await failure('fail', ['no good', 'KeyError'])).toEqual({ type: 'KeyError', message: 'no good' });
    expect(await failure('fail', [])).toEqual({ type: 'ValueError', message: 'task failed' });
    expect(await failure('cube', [2])).toEqual({ type: 'AttributeError', message: 'no task function "cube"; use one of square, sleep, burn, fail' });
    expect(await failure('square', ['7'])).toEqual({ type: 'TypeError', message: 'square() takes a number, not string' });
    expect(await failure('square', [])).toEqual({ type: 'TypeError', message: 'square() takes exactly 1 argument (0 given)' });
    expect(await failure('burn', [-1])).toEqual({ type: 'ValueError', message: 'burn() takes 0 to 86400000 milliseconds, not -1' });
  });
});
