import { describe, expect, it } from 'vitest';
import { CheckWatch, SETTLE_MS } from '../../../../src/core/scenarios/check-watch';
import { RunMembers } from '../../../../src/core/scenarios/run-members';
import type { SyncFact } from '../../../../src/shared/facts';
import type { LabEvent, LabEventBody } from '../../../../src/shared/protocol';
import { scenarioCheckSchema } from '../../../../src/shared/scenario';
import type { ProcessSample } from '../../../../src/shared/samples';
import type { CreatePrimitive } from '../../../../src/shared/sync';
import type { WorkerDescriptor } from '../../../../src/shared/worker';

/**
 * Each kind of check over a recorded sequence of the lab's events, as a real run of the seed's program
 * makes them (the same shapes: worker.output chunks, deadlock.detected, process samples, sync facts): the
 * verdict it tells, when it decides, and what it leaves alone (another group's workers). The real programs
 * are test/integration/scenarios/scenarios.test.ts.
 */

const T0 = 1_000_000;
const GROUP = 'g1';

function descriptor(id: string, name: string, kind: 'thread' | 'process' = 'process', groupId = GROUP): WorkerDescriptor {
  return { id, name, groupId, kind, method: 'python', command: null, task: null, daemon: false, detached: false, ipc: false };
}

/** A run of one check: the root worker w1 (pid 100) started at T0, events fed in order at their times. */
function watchOf(check: unknown) {
  const members = new RunMembers(['w1'], [GROUP]);
  const watch = new CheckWatch(scenarioCheckSchema.parse(check), members, T0);
  let seq = 0;
  const feed = (at: number, ...bodies: LabEventBody[]) => {
    for (const body of bodies) {
      const event = { ...body, seq: ++seq, t: T0 + at } as LabEvent;
      members.observe(event);
      watch.observe(event);
    }
    watch.tick(T0 + at);
    return watch.progress();
  };
  feed(0, { type: 'worker.starting', worker: descriptor('w1', 'race-1') }, { type: 'worker.ready', workerId: 'w1', pid: 100, ppid: 1, tid: null, latencyMs: 5 });
  return { watch, feed };
}

const verdict = { pass: 'pass: {value} ({expected})', fail: 'fail: {value} ({expected})', pending: 'pending: {value}' };
const exited = (workerId: string, exitCode: number): LabEventBody => ({ type: 'worker.exited', workerId, code: exitCode >= 0 ? exitCode : null, signal: exitCode < 0 ? 'SIGTERM' : null, exitCode, detail: null });
const output = (workerId: string, text: string, from = 0): LabEventBody => ({ type: 'worker.output', workerId, stream: 'stdout', from, to: from + text.length, text });
const facts = (...list: SyncFact[]): LabEventBody => ({ type: 'sync.facts', facts: list });
const created = (primitive: CreatePrimitive): LabEventBody => ({ type: 'sync.created', primitive, origin: 'observed' });
const sample = (pid: number, ppid: number, cpu: number | null): ProcessSample => ({ pid, ppid, start: pid, startedAt: T0, name: 'python3', command: 'python3', state: 'R', cpu, cpuTimeMs: 0, rss: 0, threads: null, orphan: false });
const processes = (...list: ProcessSample[]): LabEventBody => ({ type: 'metrics.processes', processes: list });

describe('a printed check', () => {
  const check = { kind: 'printed', pattern: 'num:(-?\\d+)', notEquals: 0, verdict };

  it('matches a last line printed without a newline (end="") once the program ended', () => {
    const { feed } = watchOf(check);
    expect(feed(100, output('w1', 'num:7'))).toMatchObject({ state: 'pending' });
    feed(200, exited('w1', 0));
    expect(feed(200 + SETTLE_MS + 10)).toMatchObject({ state: 'pass', value: '7' });
  });

  it('sees the result line after a flood of lines in the same chunk (the first and the last lines are kept)', () => {
    const { feed } = watchOf(check);
    expect(feed(100, output('w1', `${'x\n'.repeat(500)}num:5\r\n`))).toMatchObject({ state: 'pass', value: '5' });
  });

  it('reads a line cut between two chunks once it is whole, and decides at it', () => {
    const { feed } = watchOf(check);
    expect(feed(100, output('w1', 'num:9'))).toMatchObject({ state: 'pending', verdict: 'pending: ?' });
    expect(feed(200, output('w1', '9,time0.1\n', 5))).toEqual({ state: 'pass', verdict: 'pass: 99 (!= 0)', value: '99', retries: 1 });
  });

  it('fails with what was printed when it is the wrong number; an ended program without the line fails once settled', () => {
    expect(watchOf(check).feed(100, output('w1', 'num:0,time1.0\n'))).toMatchObject({ state: 'fail', verdict: 'fail: 0 (!= 0)' });
    const { feed } = watchOf(check);
    expect(feed(100, output('w1', 'nothing here\n'), exited('w1', 0))).toMatchObject({ state: 'pending' });
    expect(feed(100 + SETTLE_MS, processes())).toMatchObject({ state: 'fail', verdict: 'fail: nothing matching (!= 0)' });
  });

  it('a program that failed says so, not that its line is missing', () => {
    const { feed } = watchOf(check);
    feed(100, exited('w1', 127));
    expect(feed(100 + SETTLE_MS, processes())).toMatchObject({ state: 'fail', value: 'the program exited with code 127' });
    const ends = watchOf({ kind: 'ends', expect: 'finishes', seconds: 30, verdict });
    expect(ends.feed(100, { type: 'worker.startFailed', workerId: 'w1', reason: 'spawn python3.99 ENOENT' })).toMatchObject({ state: 'fail', value: 'the program did not start: spawn python3.99 ENOENT' });
  });

  it("another group's output is not the program's", () => {
    const { feed } = watchOf(check);
    expect(feed(100, { type: 'worker.starting', worker: descriptor('w9', 'other-1', 'process', 'g2') }, output('w9', 'num:5\n'))).toMatchObject({ state: 'pending' });
  });

  it('undecided at its limit, it fails', () => {
    const { feed } = watchOf({ ...check, limit: 5 });
    expect(feed(4_000, processes())).toMatchObject({ state: 'pending' });
    expect(feed(5_001, processes())).toMatchObject({ state: 'fail', verdict: 'fail: undecided after 5 s (!= 0)' });
  });
});

describe('a deadlock check', () => {
  const thread = (id: string, name: string): LabEventBody => ({ type: 'worker.starting', worker: descriptor(id, name, 'thread') });
  const cycle: LabEventBody = { type: 'deadlock.detected', cycle: [{ workerId: 'py2', primitive: 'mutexB', heldBy: 'py3' }, { workerId: 'py3', primitive: 'mutexA', heldBy: 'py2' }] };

  it('a cycle of 2 among the program’s threads passes, naming them', () => {
    const { feed } = watchOf({ kind: 'deadlock', expect: 'cycle', cycle: 2, verdict: { ...verdict, pass: 'cycle of {value}: {worker}' } });
    expect(feed(300, thread('py2', 'Thread-1'), thread('py3', 'Thread-2'), cycle)).toMatchObject({ state: 'pass', verdict: 'cycle of 2: Thread-1, Thread-2' });
  });

  it('expect none: a detection fails at once; an end without one passes once settled', () => {
    expect(watchOf({ kind: 'deadlock', expect: 'none', verdict }).feed(300, thread('py2', 'Thread-1'), thread('py3', 'Thread-2'), cycle)).toMatchObject({ state: 'fail', value: '2' });
    const { feed } = watchOf({ kind: 'deadlock', expect: 'none', verdict });
    feed(2_500, exited('w1', 0));
    expect(feed(2_500 + SETTLE_MS, processes())).toMatchObject({ state: 'pass', verdict: 'pass: no deadlock (no deadlock)' });
  });
});

describe('a cores check', () => {
  it('averages the program’s processes (its children found by their parent) over the samples in which it was busy', () => {
    const { feed } = watchOf({ kind: 'cores', atLeast: 1.7, verdict });
    // The first sample of each child has no CPU yet (first sight); an idle sample does not count.
    feed(500, processes(sample(100, 1, 1), sample(101, 100, null), sample(102, 100, null)));
    feed(1_000, processes(sample(100, 1, 0), sample(101, 100, 95), sample(102, 100, 97)));
    feed(1_500, processes(sample(100, 1, 0), sample(101, 100, 90), sample(102, 100, 88), sample(900, 1, 100)));
    feed(2_000, processes(sample(100, 1, 5)), exited('w1', 0));
    expect(feed(2_000 + SETTLE_MS, processes())).toMatchObject({ state: 'pass', value: '1.85 cores' });
  });

  it('wanted: the threads’ time on a CPU and in the run queue, which a busy machine does not lower', () => {
    const thread = (tid: number, cpu: number, queue: number) => ({ tid, name: 't', state: 'R', cpu, queue });
    const busy = (pid: number, cpu: number, queue: number): ProcessSample => ({ ...sample(pid, 100, cpu), threads: [thread(pid, cpu, queue)] });
    const { feed } = watchOf({ kind: 'cores', measure: 'wanted', atLeast: 1.7, verdict });
    // Two processes given a third of a core each on a loaded machine, each runnable the rest of the time.
    for (const at of [500, 1_000, 1_500]) feed(at, processes(sample(100, 1, 0), busy(101, 35, 60), busy(102, 30, 65)));
    feed(1_600, exited('w1', 0));
    expect(feed(1_600 + SETTLE_MS, processes())).toMatchObject({ state: 'pass', value: '1.90 cores' });
    // A sample before their run-queue time is known says what they used: it is not counted as what they wanted.
    const early = watchOf({ kind: 'cores', measure: 'wanted', atLeast: 1.7, verdict });
    for (const at of [200, 300, 400]) early.feed(at, processes(sample(100, 1, 0), sample(101, 100, 30), sample(102, 100, 30)));
    for (const at of [500, 1_000, 1_500]) early.feed(at, processes(sample(100, 1, 0), busy(101, 35, 60), busy(102, 30, 65)));
    early.feed(1_600, exited('w1', 0));
    expect(early.feed(1_600 + SETTLE_MS, processes())).toMatchObject({ state: 'pass', value: '1.90 cores' });
    // What they used was 0.65 of a core.
    const used = watchOf({ kind: 'cores', atLeast: 1.7, verdict });
    for (const at of [500, 1_000, 1_500]) used.feed(at, processes(sample(100, 1, 0), busy(101, 35, 60), busy(102, 30, 65)));
    used.feed(1_600, exited('w1', 0));
    expect(used.feed(1_600 + SETTLE_MS, processes())).toMatchObject({ state: 'fail', value: '0.65 cores' });
  });

  it('the samples where one of two processes has ended already do not move it: the middle of the busy samples counts', () => {
    const { feed } = watchOf({ kind: 'cores', atLeast: 1.7, verdict });
    const totals = [[60, 40], [95, 97], [96, 94], [98, 95], [97, 96], [99, 0]] as const;
    totals.forEach(([first, second], at) => feed(500 * (at + 1), processes(sample(100, 1, 0), sample(101, 100, first), sample(102, 100, second))));
    feed(3_100, exited('w1', 0));
    // Their mean is 1.61 cores; the middle of them, 1.91.
    expect(feed(3_100 + SETTLE_MS, processes())).toMatchObject({ state: 'pass', value: '1.91 cores' });
  });

  it('two threads of one process at one core pass atMost 1.2; too few busy samples fail', () => {
    const threads = watchOf({ kind: 'cores', atMost: 1.2, verdict });
    for (const at of [500, 1_000, 1_500]) threads.feed(at, processes(sample(100, 1, 99)));
    threads.feed(1_600, exited('w1', 0));
    expect(threads.feed(1_600 + SETTLE_MS, processes())).toMatchObject({ state: 'pass', value: '0.99 cores' });
    const short = watchOf({ kind: 'cores', atMost: 1.2, verdict });
    short.feed(500, processes(sample(100, 1, 99)), exited('w1', 0));
    expect(short.feed(500 + SETTLE_MS, processes())).toMatchObject({ state: 'fail', value: '1 busy samples: too few to tell' });
  });
});

describe('an exit check', () => {
  const check = { kind: 'exit', worker: 'slow_worker', equals: -15, verdict: { ...verdict, pass: '{worker}: {value}' } };

  it('the named worker’s exit code decides', () => {
    const { feed } = watchOf(check);
    expect(feed(800, { type: 'worker.starting', worker: descriptor('py2', 'slow_worker') }, exited('py2', -15))).toMatchObject({ state: 'pass', verdict: 'slow_worker: -15' });
    expect(watchOf(check).feed(800, { type: 'worker.starting', worker: descriptor('py2', 'slow_worker') }, exited('py2', 0))).toMatchObject({ state: 'fail', value: '0' });
  });

  it('a worker never seen fails once the program has ended', () => {
    const { feed } = watchOf(check);
    feed(800, exited('w1', 0));
    expect(feed(800 + SETTLE_MS, processes())).toMatchObject({ state: 'fail', value: 'slow_worker was never seen ending' });
  });
});

describe('an ends check', () => {
  it('refuses seconds that reach its limit when the file is read: the check could never pass', () => {
    const parsed = scenarioCheckSchema.safeParse({ kind: 'ends', expect: 'hangs', seconds: 90, verdict });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: ['seconds'], message: "seconds must be less than the check's limit (60 s): raise limit too" });
    expect(scenarioCheckSchema.safeParse({ kind: 'ends', expect: 'hangs', seconds: 90, limit: 120, verdict }).success).toBe(true);
  });

  const queue = created({ kind: 'Queue', name: 'q', maxsize: 0 });
  const consumer: LabEventBody = { type: 'worker.starting', worker: descriptor('py4', 'MainThread', 'thread') };

  it('hangs: still running at its seconds with one of its workers waiting on the queue', () => {
    const { feed } = watchOf({ kind: 'ends', expect: 'hangs', seconds: 6, waitingOn: 'q', verdict });
    feed(300, queue, consumer, facts({ t: T0 + 400, actor: 'py4', primitive: 'q', op: 'queue.emptyWait', timeoutMs: -1 }));
    expect(feed(5_900, processes())).toMatchObject({ state: 'pending' });
    expect(feed(6_000, processes())).toMatchObject({ state: 'pass', value: 'still waiting after 6 s' });
  });

  it('hangs fails when nothing of the program waits on the queue, or when the program ends', () => {
    const idle = watchOf({ kind: 'ends', expect: 'hangs', seconds: 6, waitingOn: 'q', verdict });
    idle.feed(300, queue, consumer, facts({ t: T0 + 400, actor: 'py4', primitive: 'q', op: 'queue.put', depth: 1 }));
    expect(idle.feed(6_000, processes())).toMatchObject({ state: 'fail', value: 'running, but not waiting on q' });
    const ended = watchOf({ kind: 'ends', expect: 'hangs', seconds: 6, verdict });
    ended.feed(2_000, exited('w1', 0));
    expect(ended.feed(2_000 + SETTLE_MS, processes())).toMatchObject({ state: 'fail', value: 'finished after 2 s' });
  });

  it('finishes: the program’s end within its seconds passes at once; still running after them fails', () => {
    expect(watchOf({ kind: 'ends', expect: 'finishes', seconds: 30, verdict }).feed(2_700, exited('w1', 0))).toMatchObject({ state: 'pass', value: 'finished in 2.70 s' });
    expect(watchOf({ kind: 'ends', expect: 'finishes', seconds: 3, verdict }).feed(3_100, processes())).toMatchObject({ state: 'fail', value: 'still running after 3 s' });
  });
});

describe('primitive and value checks', () => {
  it('the most holders a Semaphore had at once, from its facts', () => {
    const { feed } = watchOf({ kind: 'primitive', name: 'semaphore', measure: 'most-holders', equals: 5, verdict });
    feed(100, created({ kind: 'Semaphore', name: 'semaphore', value: 5 }));
    const acquire = (actor: string, units: number): SyncFact => ({ t: T0 + 200, actor, primitive: 'semaphore', op: 'semaphore.acquired', units });
    const release = (actor: string): SyncFact => ({ t: T0 + 1_200, actor, primitive: 'semaphore', op: 'semaphore.released', units: 1 });
    feed(200, facts(acquire('a', 4), acquire('b', 3), acquire('c', 2), acquire('d', 1), acquire('e', 0), { t: T0 + 200, actor: 'f', primitive: 'semaphore', op: 'semaphore.waiting', timeoutMs: -1 }));
    feed(1_200, facts(release('a'), acquire('f', 0), release('b'), release('c')));
    feed(2_000, exited('w1', 0));
    expect(feed(2_000 + SETTLE_MS, processes())).toMatchObject({ state: 'pass', value: '5' });
  });

  it("a Value's number as its last write left it", () => {
    const { feed } = watchOf({ kind: 'value', primitive: 'counter', equals: 0, verdict });
    feed(100, created({ kind: 'Value', name: 'counter', typecode: 'i', value: 100, lock: false }));
    expect(feed(500, { type: 'sync.write', primitive: 'counter', actor: 'py2', contents: '57' })).toMatchObject({ state: 'pending', verdict: 'pending: 57' });
    feed(900, { type: 'sync.write', primitive: 'counter', actor: 'py2', contents: '3' }, exited('w1', 0));
    expect(feed(900 + SETTLE_MS, processes())).toMatchObject({ state: 'fail', value: '3' });
  });

  it("a dict's key", () => {
    const { feed } = watchOf({ kind: 'value', primitive: 'd', key: 'count', atLeast: 10, verdict });
    feed(100, created({ kind: 'Dict', name: 'd' }), { type: 'sync.write', primitive: 'd', actor: 'py2', contents: "{'count': 12, 'other': 1}" }, exited('w1', 0));
    expect(feed(100 + SETTLE_MS, processes())).toMatchObject({ state: 'pass', value: '12' });
    // A dict whose writes are counted but whose contents the lab does not have: said so, not "never seen".
    const blind = watchOf({ kind: 'value', primitive: 'd', key: 'count', atLeast: 10, verdict });
    blind.feed(100, created({ kind: 'Dict', name: 'd' }), exited('w1', 0));
    expect(blind.feed(100 + SETTLE_MS, processes())).toMatchObject({ state: 'fail', value: 'd holds no such number ({})' });
  });
});
