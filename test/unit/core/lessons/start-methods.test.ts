import { describe, expect, it } from 'vitest';
import { START_RUN_LIMIT_MS, StartMethodsLesson } from '../../../../src/core/lessons/start-methods';
import type { CommandOutcome, LabEvent, LabEventBody } from '../../../../src/shared/protocol';
import type { MemorySample, ProcessSample } from '../../../../src/shared/samples';
import type { StartLesson } from '../../../../src/shared/start-lesson';
import type { StartSpec } from '../../../../src/shared/start-spec';
import { ManualClock } from '../sync/harness';

/**
 * The lesson's steps without interpreters: a run per start method and one of fork among threads, each folded
 * from the events the lab would emit of it. Its behaviour on real interpreters is
 * test/integration/python/start-lesson.test.ts.
 */
const COMMAND = { type: 'lesson.startMethods', children: 2, megabytes: 100, interpreter: 'python3' } as const;
const MB = 1024 * 1024;

const sample = (pid: number, ppid: number, memory?: MemorySample): ProcessSample => ({
  pid,
  ppid,
  start: pid,
  startedAt: 0,
  name: 'python3',
  command: 'python3',
  state: 'S',
  cpu: 0,
  cpuTimeMs: 0,
  rss: 0,
  threads: null,
  orphan: false,
  ...(memory === undefined ? {} : { memory }),
});

function setUp(startOutcome: (spec: StartSpec, n: number) => CommandOutcome = (_spec, n) => ({ ok: true, result: { workerIds: [`w${n}`] } })) {
  const clock = new ManualClock();
  const emitted: StartLesson[] = [];
  const starts: StartSpec[] = [];
  const killed: string[] = [];
  let seq = 0;
  const lesson = new StartMethodsLesson({
    clock,
    start: (spec) => {
      starts.push(spec);
      return startOutcome(spec, starts.length);
    },
    kill: (ids) => killed.push(...ids),
    emit: (event: LabEventBody) => {
      if (event.type === 'lesson.startMethods') emitted.push(event.lesson);
    },
    script: '/lab/resources/python/lessons/start_methods.py',
  });
  const feed = (...bodies: LabEventBody[]) => lesson.observe(bodies.map((body) => ({ ...body, seq: ++seq, t: 1000 * seq }) as LabEvent));
  return { lesson, emitted, starts, killed, feed, clock, last: () => emitted.at(-1)! };
}

/** What the lab emits of one observed child: its worker's ready, its hello, its start latency. */
function child(workerId: string, pid: number, ppid: number, startMethod: 'fork' | 'spawn' | 'forkserver', latencyMs: number, parentThreads = 1): LabEventBody[] {
  return [
    { type: 'worker.ready', workerId, pid, ppid, tid: null, latencyMs: 0 },
    { type: 'python.process', workerId, pid, role: 'process', startMethod, version: '3.12.1' },
    { type: 'python.started', workerId, pid, startMethod, latencyMs, clock: 'monotonic', parentThreads },
  ];
}

describe('StartMethodsLesson', () => {
  it('runs the program once per method, then fork among threads, with what the lab saw of each run', () => {
    const { lesson, starts, feed, last } = setUp();
    expect(lesson.run(COMMAND)).toEqual({ ok: true, result: { workerIds: ['w1'] } });
    expect(starts[0]).toMatchObject({ kind: 'python', interpreter: 'python3', args: ['--method', 'fork', '--children', '2', '--megabytes', '100', '--hold', '3'] });
    feed({ type: 'python.process', workerId: 'w1', pid: 500, role: 'main', startMethod: null, version: '3.12.1' });
    feed({ type: 'worker.ready', workerId: 'py1', pid: 501, ppid: 500, tid: null, latencyMs: 0 }, { type: 'python.process', workerId: 'py1', pid: 501, role: 'resource-tracker', startMethod: 'spawn', version: '3.12.1' });
    feed(...child('py2', 502, 500, 'fork', 12), ...child('py3', 503, 500, 'fork', 20));
    // A thread of the child (its ready names its own process) and a process of another program are not the run's.
    feed({ type: 'worker.ready', workerId: 'py2.1', pid: 502, ppid: 502, tid: 502, latencyMs: 0 }, ...child('other', 900, 1, 'fork', 5));
    feed({ type: 'metrics.processes', processes: [sample(502, 500, { rss: 110 * MB, pss: 40 * MB, shared: 108 * MB, private: 2 * MB }), sample(503, 500, { rss: 90 * MB, pss: 30 * MB, shared: 88 * MB, private: 2 * MB })] });
    // A line cut in two by the pipe is counted once whole; the parent's own top-level line is not a re-import.
    feed({ type: 'worker.output', workerId: 'w1', stream: 'stdout', from: 0, to: 60, text: 'top level of the main module, in pid 500 (__main__)\nfork: child pid 502 started' });
    expect(last().version).toBe('3.12.1');
    expect(last().runs[0]).toMatchObject({ state: 'running', latencies: [12, 20], helpers: ['resource-tracker'], reimports: 0, forkedAmongThreads: null, childMemory: { rss: 110 * MB, pss: 40 * MB, shared: 108 * MB } });
    feed({ type: 'worker.exited', workerId: 'w1', code: 0, signal: null, exitCode: 0, detail: null });
    expect(last().runs[0]!.state).toBe('done');

    expect(starts[1]!.kind === 'python' && starts[1]!.args.slice(0, 2)).toEqual(['--method', 'spawn']);
    feed({ type: 'python.process', workerId: 'w2', pid: 600, role: 'main', startMethod: null, version: '3.12.1' });
    feed(...child('py4', 601, 600, 'spawn', 800), ...child('py5', 602, 600, 'spawn', 900));
    feed({ type: 'worker.output', workerId: 'w2', stream: 'stdout', from: 0, to: 40, text: 'top level of the main module, in pid 601 (__mp_' });
    feed({ type: 'worker.output', workerId: 'w2', stream: 'stdout', from: 40, to: 100, text: 'main__)\ntop level of the main module, in pid 602 (__mp_main__)\n' });
    feed({ type: 'worker.exited', workerId: 'w2', code: 0, signal: null, exitCode: 0, detail: null });
    expect(last().runs[1]).toMatchObject({ state: 'done', latencies: [800, 900], reimports: 2 });

    expect(starts[2]!.kind === 'python' && starts[2]!.args.slice(0, 2)).toEqual(['--method', 'forkserver']);
    feed({ type: 'python.process', workerId: 'w3', pid: 700, role: 'main', startMethod: null, version: '3.12.1' });
    feed({ type: 'worker.ready', workerId: 'py6', pid: 701, ppid: 700, tid: null, latencyMs: 0 }, { type: 'python.process', workerId: 'py6', pid: 701, role: 'forkserver', startMethod: 'spawn', version: '3.12.1' });
    // The forkserver's children: their parent is the server, below the program.
    feed(...child('py7', 702, 701, 'forkserver', 400), ...child('py8', 703, 701, 'forkserver', 60));
    feed({ type: 'worker.exited', workerId: 'w3', code: 0, signal: null, exitCode: 0, detail: null });
    expect(last().runs[2]).toMatchObject({ state: 'done', latencies: [400, 60], helpers: ['forkserver'] });

    expect(starts[3]!.kind === 'python' && starts[3]!.args).toContain('--with-thread');
    feed({ type: 'python.process', workerId: 'w4', pid: 800, role: 'main', startMethod: null, version: '3.12.1' });
    feed(...child('py9', 801, 800, 'fork', 30, 2), ...child('py10', 802, 800, 'fork', 35, 3));
    feed({ type: 'worker.output', workerId: 'w4', stream: 'stderr', from: 0, to: 200, text: 'popen_fork.py:66: DeprecationWarning: This process (pid=800) is multi-threaded, use of fork() may lead to deadlocks in the child.\n' });
    feed({ type: 'worker.exited', workerId: 'w4', code: 0, signal: null, exitCode: 0, detail: null });
    expect(last()).toMatchObject({ state: 'done', runs: [{ state: 'done' }, { state: 'done' }, { state: 'done' }, { state: 'done', forkedAmongThreads: 3, warned: true }] });
    expect(lesson.run(COMMAND).ok).toBe(true);
  });

  it('one at a time; a run that fails ends the lesson with its sentence', () => {
    const { lesson, feed, last, starts } = setUp();
    lesson.run(COMMAND);
    expect(lesson.run(COMMAND)).toEqual({ ok: false, error: 'the start methods lesson is running already: wait for it to end' });
    feed({ type: 'worker.exited', workerId: 'w1', code: 1, signal: null, exitCode: 1, detail: null });
    expect(last()).toMatchObject({ state: 'failed', runs: [{ state: 'failed', error: 'the program exited with code 1' }, { state: 'waiting' }, { state: 'waiting' }, { state: 'waiting' }] });
    expect(starts).toHaveLength(1);
  });

  it('a start the lab refuses is the command refused; a run past its limit is killed and said to have failed', () => {
    const refused = setUp(() => ({ ok: false, error: 'the lab runs 256 live workers already' }));
    expect(refused.lesson.run(COMMAND)).toEqual({ ok: false, error: 'the lab runs 256 live workers already' });
    expect(refused.last()).toMatchObject({ state: 'failed' });
    const { lesson, clock, killed, last } = setUp();
    lesson.run(COMMAND);
    clock.advance(START_RUN_LIMIT_MS);
    expect(killed).toEqual(['w1']);
    expect(last().runs[0]!.error).toContain('took longer than 120 s');
  });
});
