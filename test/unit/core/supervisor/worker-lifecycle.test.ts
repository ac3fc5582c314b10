import { describe, expect, it } from 'vitest';
import type { Launched } from '../../../../src/core/supervisor/launched';
import { START_TIMEOUT_MS, WorkerLifecycle, type EndHow, type LifecyclePhase } from '../../../../src/core/supervisor/worker-lifecycle';
import type { LabEventBody } from '../../../../src/shared/protocol';
import { ManualClock } from '../sync/harness';

/** What happens to a worker: the supervisor's facts, the user's commands, the lab's stop, time passing. */
type Step =
  | 'launch'
  | 'ready'
  | 'kill'
  | 'signal'
  | { terminate: number }
  | { stop: { daemon: boolean; graceMs: number; since: number } }
  | { exit: number }
  | { advance: number };

interface Row {
  readonly name: string;
  readonly kind?: 'thread' | 'process';
  /** The steps that bring the worker into the state the row is about (their effects are not the row's). */
  readonly given: readonly Step[];
  readonly when: Step;
  readonly phase: LifecyclePhase;
  readonly how?: EndHow | null;
  /** What was done to the worker and reported, in order: handle calls, returned reports, timer facts. */
  readonly effects: readonly string[];
  /** Timers left (a start timeout, an escalation). */
  readonly pending: number;
}

const PID = 4242;

function harness(kind: 'thread' | 'process') {
  const clock = new ManualClock();
  const effects: string[] = [];
  const handle = {
    pid: PID,
    terminate: () => effects.push(`terminate() at ${clock.monotonic()}`),
    kill: () => effects.push(`kill() at ${clock.monotonic()}`),
    requestStop: () => effects.push(`requestStop() at ${clock.monotonic()}`),
  } as unknown as Launched;
  let launched: Launched | null = null;
  const describeEvent = (event: LabEventBody): string => JSON.stringify(event);
  const lifecycle: WorkerLifecycle = new WorkerLifecycle(kind, {
    workerId: 'w1',
    clock,
    handle: () => launched,
    emit: (event) => effects.push(`emitted ${describeEvent(event)}`),
    failStart: (reason) => {
      effects.push(`failStart ${reason}`);
      lifecycle.failedToStart(reason);
    },
  });
  const run = (step: Step): void => {
    if (step === 'launch') {
      lifecycle.launching();
      launched = handle;
    } else if (step === 'ready') lifecycle.becameReady();
    else if (step === 'kill') report(lifecycle.kill());
    else if (step === 'signal') lifecycle.signalled();
    else if ('terminate' in step) report(lifecycle.terminate(step.terminate));
    else if ('stop' in step) report(lifecycle.stop(step.stop.daemon, step.stop.graceMs, step.stop.since));
    else if ('exit' in step) lifecycle.exited(step.exit);
    else clock.advance(step.advance);
  };
  const report = (events: LabEventBody[]) => events.forEach((event) => effects.push(`reported ${describeEvent(event)}`));
  return { clock, effects, lifecycle, run };
}

const running: Step[] = ['launch', 'ready'];
const sigterm = (graceMs: number) => `reported {"type":"terminate.sent","workerId":"w1","how":"SIGTERM","graceMs":${graceMs}}`;
const escalated = (afterMs: number) => `emitted {"type":"terminate.escalated","workerId":"w1","afterMs":${afterMs}}`;
const sigkill = `reported {"type":"signal.sent","workerId":"w1","signal":"SIGKILL","pids":[${PID}]}`;
const threadTerminated = 'reported {"type":"terminate.sent","workerId":"w1","how":"terminate()","graceMs":null}';
const beforeLaunch = 'failStart ended before it was launched (it was waiting for its turn to start)';

const rows: Row[] = [
  { name: 'launched: the start timeout runs', given: [], when: 'launch', phase: 'launching', effects: [], pending: 1 },
  { name: 'ready: the start timeout is gone', given: ['launch'], when: 'ready', phase: 'running', effects: [], pending: 0 },
  { name: 'no sign of life: killed, a failed start', given: ['launch', { advance: START_TIMEOUT_MS - 1 }], when: { advance: 1 }, phase: 'ended', how: null, effects: ['kill() at 30000', 'failStart no sign of life within 30 s'], pending: 0 },
  { name: 'running long is fine', given: running, when: { advance: 2 * START_TIMEOUT_MS }, phase: 'running', effects: [], pending: 0 },
  { name: 'Terminate before launch: a start that never runs', given: [], when: { terminate: 2000 }, phase: 'ended', how: null, effects: [beforeLaunch], pending: 0 },
  { name: 'Kill before launch: a start that never runs', given: [], when: 'kill', phase: 'ended', how: null, effects: [beforeLaunch], pending: 0 },
  { name: 'the stop leaves one not launched to its launch turn', given: [], when: { stop: { daemon: false, graceMs: 1500, since: 0 } }, phase: 'waiting', effects: [], pending: 0 },
  { name: '... a daemon too', given: [], when: { stop: { daemon: true, graceMs: 1500, since: 0 } }, phase: 'waiting', effects: [], pending: 0 },
  { name: 'Terminate a process: SIGTERM, the escalation waits', given: running, when: { terminate: 2000 }, phase: 'ending', how: 'polite', effects: ['terminate() at 0', sigterm(2000)], pending: 1 },
  { name: 'the grace period runs out: SIGKILL', given: [...running, { terminate: 2000 }, { advance: 1999 }], when: { advance: 1 }, phase: 'ending', how: 'polite', effects: ['kill() at 2000', escalated(2000)], pending: 0 },
  { name: 'exits within the grace period: no SIGKILL', given: [...running, { terminate: 2000 }, { advance: 500 }], when: { exit: -15 }, phase: 'ended', how: 'polite', effects: [], pending: 0 },
  { name: 'a second Terminate starts the grace period again', given: [...running, { terminate: 2000 }, { advance: 1500 }], when: { terminate: 2000 }, phase: 'ending', how: 'polite', effects: ['terminate() at 1500', sigterm(2000)], pending: 1 },
  { name: '... and the first grace period no longer kills', given: [...running, { terminate: 2000 }, { advance: 1500 }, { terminate: 2000 }], when: { advance: 1999 }, phase: 'ending', how: 'polite', effects: [], pending: 1 },
  { name: '... the second does', given: [...running, { terminate: 2000 }, { advance: 1500 }, { terminate: 2000 }, { advance: 1999 }], when: { advance: 1 }, phase: 'ending', how: 'polite', effects: ['kill() at 3500', escalated(2000)], pending: 0 },
  { name: 'Kill during a polite end kills at once', given: [...running, { terminate: 2000 }, { advance: 300 }], when: 'kill', phase: 'ending', how: 'forceful', effects: ['kill() at 300', sigkill], pending: 0 },
  { name: 'Kill a running process: SIGKILL', given: running, when: 'kill', phase: 'ending', how: 'forceful', effects: ['kill() at 0', sigkill], pending: 0 },
  { name: 'Terminate a thread: terminate(), nothing to escalate', kind: 'thread', given: running, when: { terminate: 2000 }, phase: 'ending', how: 'polite', effects: ['terminate() at 0', threadTerminated], pending: 0 },
  { name: 'Kill a thread: terminate()', kind: 'thread', given: running, when: 'kill', phase: 'ending', how: 'forceful', effects: ['kill() at 0', threadTerminated], pending: 0 },
  { name: 'the stop kills a daemon at once', given: running, when: { stop: { daemon: true, graceMs: 1500, since: 0 } }, phase: 'ending', how: 'forceful', effects: ['kill() at 0', sigkill], pending: 0 },
  { name: 'the stop asks a process to finish', given: running, when: { stop: { daemon: false, graceMs: 1500, since: 0 } }, phase: 'ending', how: 'stop', effects: ['requestStop() at 0', sigterm(1500)], pending: 1 },
  { name: 'the stop asks a thread to finish', kind: 'thread', given: running, when: { stop: { daemon: false, graceMs: 1500, since: 0 } }, phase: 'ending', how: 'stop', effects: ['requestStop() at 0', 'reported {"type":"terminate.sent","workerId":"w1","how":"stop request","graceMs":1500}'], pending: 1 },
  { name: "the stop's grace period counts from when the stop began", given: [...running, { advance: 400 }, { stop: { daemon: false, graceMs: 1500, since: 0 } }, { advance: 1099 }], when: { advance: 1 }, phase: 'ending', how: 'stop', effects: ['kill() at 1500', escalated(1500)], pending: 0 },
  { name: 'a thread that ignores its stop request is killed', kind: 'thread', given: [...running, { stop: { daemon: false, graceMs: 1500, since: 0 } }], when: { advance: 1500 }, phase: 'ending', how: 'stop', effects: ['kill() at 1500', escalated(1500)], pending: 0 },
  { name: "the user's SIGTERM: ending, not escalated", given: running, when: 'signal', phase: 'ending', how: 'signal', effects: [], pending: 0 },
  { name: "Terminate after the user's SIGTERM escalates", given: [...running, 'signal'], when: { terminate: 2000 }, phase: 'ending', how: 'polite', effects: ['terminate() at 0', sigterm(2000)], pending: 1 },
  { name: 'ended by itself', given: running, when: { exit: 0 }, phase: 'ended', how: null, effects: [], pending: 0 },
  { name: 'Terminate once ended: nothing', given: [...running, { exit: 0 }], when: { terminate: 2000 }, phase: 'ended', how: null, effects: [], pending: 0 },
  { name: 'Kill once ended: nothing', given: [...running, { exit: 0 }], when: 'kill', phase: 'ended', how: null, effects: [], pending: 0 },
  { name: 'the stop once ended: nothing', given: [...running, { exit: 0 }], when: { stop: { daemon: false, graceMs: 1500, since: 0 } }, phase: 'ended', how: null, effects: [], pending: 0 },
  { name: 'Terminate while booting: the start timeout still runs', given: ['launch'], when: { terminate: 2000 }, phase: 'ending', how: 'polite', effects: ['terminate() at 0', sigterm(2000)], pending: 2 },
  { name: 'ready while ending: the start timeout is gone', given: ['launch', { terminate: 2000 }], when: 'ready', phase: 'ending', how: 'polite', effects: [], pending: 1 },
  { name: 'ending and never ready: the start timeout fails the start', given: ['launch', 'signal', { advance: START_TIMEOUT_MS - 1 }], when: { advance: 1 }, phase: 'ended', how: 'signal', effects: ['kill() at 30000', 'failStart no sign of life within 30 s'], pending: 0 },
];

describe('one worker lifecycle: (state, event) -> (state, effects)', () => {
  it.each(rows)('$name', (row) => {
    const t = harness(row.kind ?? 'process');
    row.given.forEach(t.run);
    t.effects.length = 0;
    t.run(row.when);
    const state = t.lifecycle.state;
    expect(state.phase).toBe(row.phase);
    if (row.how !== undefined) expect(state.phase === 'ending' || state.phase === 'ended' ? state.how : 'no how').toBe(row.how);
    expect(t.effects).toEqual(row.effects);
    expect(t.clock.pending).toBe(row.pending);
  });
});

describe('what the supervisor reads of a lifecycle', () => {
  it('an exit before ready is a failed start only if the lab did not ask it to end', () => {
    const unasked = harness('process');
    unasked.run('launch');
    expect(unasked.lifecycle.exitIsFailedStart).toBe(true);
    const asked = harness('process');
    (['launch', { terminate: 2000 }] satisfies Step[]).forEach(asked.run);
    expect(asked.lifecycle.exitIsFailedStart).toBe(false);
    const ready = harness('process');
    running.forEach(ready.run);
    expect(ready.lifecycle.exitIsFailedStart).toBe(false);
  });

  it('ends once: a second exit or failure changes nothing, and the book keeps the first', () => {
    const t = harness('process');
    running.forEach(t.run);
    expect(t.lifecycle.exited(-9)).toBe(true);
    expect(t.lifecycle.exited(0)).toBe(false);
    expect(t.lifecycle.failedToStart('late')).toBe(false);
    expect(t.lifecycle.state).toMatchObject({ phase: 'ended', exitCode: -9, startFailure: null, ready: true });
    expect(t.lifecycle.becameReady()).toBe(false);
  });

  it('says which it had to kill after the grace period, ended or not', () => {
    const t = harness('process');
    [...running, { stop: { daemon: false, graceMs: 1500, since: 0 } } as Step].forEach(t.run);
    expect(t.lifecycle.escalated).toBe(false);
    t.run({ advance: 1500 });
    expect(t.lifecycle.escalated).toBe(true);
    t.run({ exit: -9 });
    expect(t.lifecycle.escalated).toBe(true);
    const polite = harness('process');
    [...running, { stop: { daemon: false, graceMs: 1500, since: 0 } } as Step, { advance: 1499 } as Step, { exit: 0 } as Step].forEach(polite.run);
    expect(polite.lifecycle.escalated).toBe(false);
    expect(polite.clock.pending).toBe(0);
  });
});
