import { describe, expect, it } from 'vitest';
import { RUN_LIMIT_MS, ThreadsVsProcesses } from '../../../../src/core/lessons/threads-vs-processes';
import { INITIAL_STATE } from '../../../../src/shared/lab-state';
import type { Comparison } from '../../../../src/shared/lessons';
import type { CommandOutcome, LabEvent, LabEventBody } from '../../../../src/shared/protocol';
import type { ProcessSample, ThreadSample } from '../../../../src/shared/samples';
import type { StartSpec } from '../../../../src/shared/start-spec';
import { ManualClock } from '../sync/harness';

/**
 * The comparison's steps without interpreters: it starts the threads run, folds what the samples say of it,
 * starts the processes run when the first ends, and says where it stands. The runs' own behaviour on a real
 * python3 is test/integration/python/threads-vs-processes.test.ts.
 */
const COMMAND = { type: 'lesson.compare', workers: 2, count: 1_000_000, interpreter: 'python3' } as const;

const thread = (tid: number, cpu: number, queue: number): ThreadSample => ({ tid, name: 'python3', state: 'S', cpu, queue });
const process = (pid: number, ppid: number, cpu: number, threads: ThreadSample[]): ProcessSample => ({
  pid,
  ppid,
  start: pid,
  startedAt: 0,
  name: 'python3',
  command: 'python3',
  state: 'S',
  cpu,
  cpuTimeMs: 0,
  rss: 0,
  threads,
  orphan: false,
});

function setUp(startOutcome: (spec: StartSpec, n: number) => CommandOutcome = (_spec, n) => ({ ok: true, result: { workerIds: [`w${n}`] } })) {
  const clock = new ManualClock();
  const emitted: Comparison[] = [];
  const starts: StartSpec[] = [];
  const killed: string[] = [];
  let seq = 0;
  const runner = new ThreadsVsProcesses({
    clock,
    start: (spec) => {
      starts.push(spec);
      return startOutcome(spec, starts.length);
    },
    kill: (ids) => killed.push(...ids),
    emit: (event: LabEventBody) => {
      if (event.type === 'lesson.comparison') emitted.push(event.comparison);
    },
    state: () => INITIAL_STATE,
    script: '/lab/resources/python/lessons/threads_vs_processes.py',
  });
  const feed = (...bodies: LabEventBody[]) => runner.observe(bodies.map((body) => ({ ...body, seq: ++seq, t: 1000 * seq }) as LabEvent));
  return { runner, emitted, starts, killed, feed, clock, last: () => emitted.at(-1)! };
}

describe('ThreadsVsProcesses', () => {
  it('runs the lesson program as threads, then as processes, with the figures of its samples', () => {
    const { runner, starts, feed, last } = setUp();
    expect(runner.run(COMMAND)).toEqual({ ok: true, result: { workerIds: ['w1'] } });
    expect(starts[0]).toMatchObject({ kind: 'python', interpreter: 'python3', args: ['--mode', 'threads', '--workers', '2', '--count', '1000000'] });
    feed({ type: 'python.process', workerId: 'w1', pid: 500, role: 'main', startMethod: null, version: '3.11.7' });
    feed({ type: 'metrics.cpu', cores: [60, 40], total: 50 });
    // Two counters taking turns for the GIL (gil.test.ts's shares), the main thread asleep in join.
    feed({ type: 'metrics.processes', processes: [process(500, 1, 100, [thread(500, 0, 0), thread(501, 50, 1), thread(502, 49, 0)])] });
    expect(last().runs[0]).toMatchObject({ state: 'running', samples: 1, totalCpu: 100, gilBound: 1, cores: [60, 40] });
    expect(last().runs[0]!.units.map((unit) => unit.id)).toEqual([501, 502, 500]);
    feed({ type: 'worker.exited', workerId: 'w1', code: 0, signal: null, exitCode: 0, detail: null });
    expect(last().runs[0]).toMatchObject({ state: 'done', wallMs: 3000 });
    expect(starts[1]!.kind === 'python' && starts[1]!.args[1]).toBe('processes');
    // The processes run: the root and its two children, each a whole core, never asleep.
    feed({ type: 'python.process', workerId: 'w2', pid: 600, role: 'main', startMethod: null, version: '3.11.7' });
    feed({ type: 'metrics.processes', processes: [process(600, 1, 0, [thread(600, 0, 0)]), process(601, 600, 95, [thread(601, 95, 5)]), process(602, 600, 97, [thread(602, 97, 3)])] });
    expect(last().runs[1]).toMatchObject({ state: 'running', totalCpu: 192, gilBound: 0 });
    expect(last().runs[1]!.units.map((unit) => unit.id)).toEqual([602, 601]);
    feed({ type: 'worker.exited', workerId: 'w2', code: 0, signal: null, exitCode: 0, detail: null });
    expect(last()).toMatchObject({ state: 'done', runs: [{ state: 'done' }, { state: 'done' }] });
    expect(runner.run(COMMAND).ok).toBe(true); // another may start once this one has ended
  });

  it('one at a time; a run that fails ends the comparison with its sentence', () => {
    const { runner, feed, last, starts } = setUp();
    runner.run(COMMAND);
    expect(runner.run(COMMAND)).toEqual({ ok: false, error: 'a comparison is running already: wait for it to end' });
    feed({ type: 'worker.startFailed', workerId: 'w1', reason: 'spawn python3.99 ENOENT' });
    expect(last()).toMatchObject({ state: 'failed', runs: [{ state: 'failed', error: 'the interpreter did not start: spawn python3.99 ENOENT' }, { state: 'waiting' }] });
    expect(starts).toHaveLength(1);
  });

  it('a start the lab refuses is the command refused, with the reason', () => {
    const { runner, last } = setUp(() => ({ ok: false, error: 'the lab runs 256 live workers already' }));
    expect(runner.run(COMMAND)).toEqual({ ok: false, error: 'the lab runs 256 live workers already' });
    expect(last()).toMatchObject({ state: 'failed', runs: [{ state: 'failed' }, { state: 'waiting' }] });
  });

  it('a run past its limit is killed and said to have failed', () => {
    const { runner, clock, killed, last } = setUp();
    runner.run(COMMAND);
    clock.advance(RUN_LIMIT_MS);
    expect(killed).toEqual(['w1']);
    expect(last()).toMatchObject({ state: 'failed', runs: [{ state: 'failed' }, { state: 'waiting' }] });
    expect(last().runs[0]!.error).toContain('took longer than 180 s');
  });
});
