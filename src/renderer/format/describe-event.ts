import { describeHeld, describeReleased, describeReplay, describeStepMode } from '../../shared/describe-step';
import { describeComparison } from '../../shared/describe-comparison';
import { describeStartLesson } from '../../shared/start-lesson';
import { describePythonProcess, describePythonStart } from '../../shared/python-words';
import { describeScenarioProgress } from '../../shared/scenario-run';
import { assertNever } from '../../shared/assert-never';
import { describeExitCode } from '../../shared/exit-code';
import type { LabState } from '../../shared/lab-state';
import type { LabEvent } from '../../shared/protocol';
import { describeCounted } from '../../shared/describe-counted';
import { describePoolCreation, describePoolState } from '../../shared/describe-pool';
import { describeJoinReturned, describeJoinWaiting } from '../../shared/joins';
import { describeCycle } from '../../shared/sync';
import { describeCreation } from './describe-primitive';
import { formatBytes, formatMs } from './units';

/** How a line of the log is coloured: what happened went well, needs attention, or went wrong. */
export type EventTone = 'info' | 'good' | 'warn' | 'bad';

export interface EventLine {
  readonly seq: number;
  readonly t: number;
  /** Whose line it is: a worker's name, a process's name, or "lab". */
  readonly who: string;
  readonly workerId: string | null;
  readonly what: string;
  readonly tone: EventTone;
}

/**
 * One event of the log in words a teacher can read aloud: "worker-3 exited with code -15 (SIGTERM)".
 * Pure (no DOM, no clock), so it can move to src/shared. Samples are not log lines: they give null.
 */
export function describeEvent(event: LabEvent, state: Pick<LabState, 'workers'>): EventLine | null {
  const line = (who: string, what: string, tone: EventTone = 'info', workerId: string | null = null): EventLine => ({
    seq: event.seq,
    t: event.t,
    who,
    workerId,
    what,
    tone,
  });
  const about = (workerId: string, what: string, tone: EventTone = 'info') =>
    line(state.workers[workerId]?.name ?? workerId, what, tone, workerId);

  switch (event.type) {
    case 'lab.started':
      return line('lab', `started (host pid ${event.hostPid}, ${event.cores} cores, ${event.platform})`, 'good');
    case 'lab.configured':
      return line('lab', `settings: sample every ${event.config.samplePeriodMs} ms, grace ${event.config.gracePeriodMs} ms`);
    case 'lab.system':
      return line('lab', `host: ${event.system.cpuModel}, ${event.system.os}`);
    case 'lab.stopping':
      return line('lab', `stopping: ${event.reason}`, 'warn');
    case 'worker.starting': {
      const { worker } = event;
      const how = worker.kind === 'thread' ? 'thread' : `process, ${worker.method}`;
      return about(worker.id, `starting (${how})`);
    }
    case 'worker.spawned':
      return about(event.workerId, `spawned (pid ${event.pid}, ppid ${event.ppid})`);
    case 'worker.ready': {
      const worker = state.workers[event.workerId];
      const where = worker?.kind === 'thread' ? `pid ${event.pid}, tid ${event.tid ?? '?'}` : `pid ${event.pid}, ppid ${event.ppid}`;
      return about(event.workerId, `started (${where}, ${worker?.method ?? '?'}, ${formatMs(event.latencyMs)}), ready`, 'good');
    }
    case 'worker.startFailed':
      return about(event.workerId, `failed to start: ${event.reason}`, 'bad');
    case 'worker.exited': {
      const code = describeExitCode(event.exitCode, event.signal);
      // "killed by SIGKILL" says nothing the code "-9 (SIGKILL)" did not.
      const detail = event.detail === null || event.detail === '' || (event.signal !== null && event.detail.includes(event.signal)) ? '' : ` — ${event.detail}`;
      return about(event.workerId, `exited with code ${code}${detail}`, event.exitCode === 0 ? 'good' : 'bad');
    }
    case 'worker.messageRejected':
      return about(event.workerId, `sent a malformed message (dropped): ${event.reason}`, 'warn');
    case 'worker.closed':
      return line(event.name, 'closed: the lab keeps nothing of it but these lines', 'info', event.workerId);
    case 'worker.stdio':
    case 'worker.output':
      return null;
    case 'join.started':
      return about(event.workerId, event.timeoutMs === null ? 'join started (no timeout)' : `join started (timeout ${event.timeoutMs} ms)`);
    case 'join.finished':
      return about(event.workerId, `joined after ${Math.round(event.waitedMs)} ms`, 'good');
    case 'join.timedOut':
      return about(event.workerId, `join timed out after ${event.timeoutMs} ms — still running`, 'warn');
    case 'join.waiting':
      return about(event.workerId, describeJoinWaiting(state.workers[event.target]?.name ?? event.target, event.timeoutMs));
    case 'join.returned':
      return about(event.workerId, describeJoinReturned(state.workers[event.target]?.name ?? event.target, event.outcome), event.outcome === 'joined' ? 'good' : 'warn');
    case 'terminate.sent':
      return about(event.workerId, event.graceMs === null ? `terminate sent (${event.how})` : `terminate sent (${event.how}, grace ${event.graceMs} ms)`, 'warn');
    case 'terminate.escalated':
      return about(event.workerId, `escalated to SIGKILL after ${event.afterMs} ms`, 'bad');
    case 'signal.sent': {
      const others = event.pids.length > 1 ? ` to ${event.pids.length} processes (${event.pids.join(', ')})` : '';
      const what = event.signal === 'SIGKILL' && others === '' ? 'killed (SIGKILL sent)' : `signal ${event.signal} sent${others}`;
      return about(event.workerId, what, event.signal === 'SIGKILL' ? 'bad' : 'warn');
    }
    case 'process.signalled':
      if (event.escalated) return line(event.name, `pid ${event.pid} escalated to SIGKILL after the grace period`, 'bad');
      return line(event.name, event.signal === 'SIGKILL' ? `pid ${event.pid} killed (SIGKILL sent)` : `signal ${event.signal} sent to pid ${event.pid}`, event.signal === 'SIGKILL' ? 'bad' : 'warn');
    case 'process.reparented':
      return line(event.name, `reparented: pid ${event.pid} now child of ${event.toPpid} (parent ${event.fromPpid} is gone)`, 'warn');
    case 'sync.created':
      return line('lab', `created ${describeCreation(event.primitive, event.firstItems)}${event.where === undefined ? '' : ` (a Python program's, at ${event.where})`}`, 'good');
    case 'sync.operated':
      // The core words it (describe-operation.ts): only it saw the primitive just before and after.
      return line('lab', event.outcome);
    case 'sync.deleted': {
      const also = event.removed.filter((name) => name !== event.name);
      return line('lab', `deleted ${event.name}${also.length > 0 ? ` (and ${also.join(', ')})` : ''}: the name is free again`);
    }
    case 'sync.timerFired':
      return line('lab', `timer ${event.name} fired: set ${event.event}`, 'good');
    case 'sync.memoryRefused': {
      const what = `MemoryError: the lab's memory budget (${formatBytes(event.limit)} for all queues, dicts, lists and pipes) is full; adding ${formatBytes(event.bytes)} to ${event.primitive} was refused (it holds ${formatBytes(event.held)}, all ${formatBytes(event.used)})`;
      return event.workerId === 'lab' ? line('lab', what, 'bad') : about(event.workerId, what, 'bad');
    }
    case 'sync.ownerDied':
      return about(event.workerId, `died holding ${event.primitive}; the next acquirer is told`, 'warn');
    case 'sync.fastPathCounted':
      return about(event.workerId, describeCounted(event.ops, event.total), 'warn');
    case 'python.process':
      return about(event.workerId, `observed: ${describePythonProcess(event.role, event.startMethod, event.version)}, pid ${event.pid}`, 'good');
    case 'python.started':
      return about(event.workerId, describePythonStart(event.startMethod, event.latencyMs, event.parentThreads), event.startMethod === 'fork' && event.parentThreads > 1 ? 'warn' : 'good');
    case 'python.unobserved':
      return event.workerId === null
        ? line('lab', `a Python connection was closed: ${event.reason}; the program runs on`, 'warn')
        : about(event.workerId, `unobserved from now on: ${event.reason}; the program runs on`, 'warn');
    case 'python.limited':
      return event.workerId === null ? line('lab', event.reason, 'warn') : about(event.workerId, event.reason, 'warn');
    case 'deadlock.detected':
      return line('lab', describeCycle(event.cycle, (workerId) => state.workers[workerId]?.name ?? workerId), 'bad');
    case 'deadlock.cleared':
      return line('lab', 'deadlock cleared: the cycle is broken', 'good');
    case 'step.mode':
      return line('lab', describeStepMode(event.on), 'warn');
    case 'step.held':
      return about(event.workerId, describeHeld(event.primitive, event.op), 'warn');
    case 'step.released':
      return about(event.workerId, describeReleased(event.primitive, event.op, event.by));
    case 'step.replay':
      return event.replay.state === 'running' ? null : line('lab', describeReplay(event.replay), event.replay.state === 'done' ? 'good' : 'warn');
    case 'python.interpreters':
    case 'metrics.cpu':
    case 'metrics.processes':
    case 'sync.facts':
    case 'sync.write':
    case 'sync.read':
    case 'sync.held':
    case 'metrics.cost':
      return null;
    case 'pool.created':
      return line('lab', `created ${describePoolCreation(event.pool)}`, 'good');
    case 'pool.state':
      return line('lab', describePoolState(event.pool, event.state, event.reason), event.state === 'broken' ? 'bad' : event.state === 'running' || event.state === 'ended' ? 'info' : 'warn');
    case 'pool.deleted':
      return line('lab', `deleted pool ${event.pool}: the name is free again`);
    // Per turn of a busy pool: the Pools view draws them, the log would drown in them.
    case 'pool.slot':
    case 'pool.tasks':
      return null;
    case 'lesson.comparison':
      return event.comparison.state === 'running' ? null : line('lab', describeComparison(event.comparison), event.comparison.state === 'done' ? 'good' : 'bad');
    case 'lesson.startMethods':
      return event.lesson.state === 'running' ? null : line('lab', describeStartLesson(event.lesson), event.lesson.state === 'done' ? 'good' : 'bad');
    // The library is drawn by the Scenarios view; a run's line once its check is decided.
    case 'scenario.library':
      return null;
    case 'scenario.progress':
      return event.decided === true ? line('lab', describeScenarioProgress(event.progress), event.progress.check?.state === 'pass' ? 'good' : 'bad') : null;
    case 'lab.sampling':
      return event.reason === null
        ? line('lab', `sampling every ${event.periodMs} ms again, as configured: the lab is calm`, 'good')
        : line('lab', `sampling every ${event.periodMs} ms instead of ${event.configuredMs} ms: ${event.reason}`, 'warn');
    default:
      return assertNever(event);
  }
}
