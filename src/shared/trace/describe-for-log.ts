import { describeScenarioProgress } from '../scenario-run';
import { describeHeld, describeReleased, describeReplay, describeStepMode } from '../describe-step';
import { describeCycleStep } from '../sync';
import { describeComparison } from '../describe-comparison';
import { describeStartLesson } from '../start-lesson';
import { describePythonProcess, describePythonStart } from '../python-words';
import { assertNever } from '../assert-never';
import { describeCounted } from '../describe-counted';
import { describePoolCreation, describePoolState } from '../describe-pool';
import { argOf, SYNC_FACT_ARGS, type SyncFact } from '../facts';
import { describeJoinReturned, describeJoinWaiting } from '../joins';
import type { LabEvent } from '../protocol';

/**
 * The event log's lines in plain words, for the CSV (events-csv.ts). The page's own wording
 * (src/renderer/format/describe-event.ts) is pure too but leans on renderer formatting modules; until it
 * moves to src/shared this says the same things more plainly. Samples and output are not log lines: null.
 */
export function describeForLog(event: LabEvent, nameOf: (workerId: string) => string): { readonly workerId: string | null; readonly what: string } | null {
  const lab = (what: string) => ({ workerId: null, what });
  const about = (workerId: string, what: string) => ({ workerId, what });
  switch (event.type) {
    case 'lab.started':
      return lab(`started (host pid ${event.hostPid}, ${event.cores} cores, ${event.platform})`);
    case 'lab.configured':
      return lab(`settings: sample every ${event.config.samplePeriodMs} ms, grace ${event.config.gracePeriodMs} ms`);
    case 'lab.system':
      return lab(`host: ${event.system.cpuModel}, ${event.system.os}`);
    case 'lab.stopping':
      return lab(`stopping: ${event.reason}`);
    case 'worker.starting':
      return about(event.worker.id, `starting (${event.worker.kind === 'thread' ? 'thread' : `process, ${event.worker.method}`})`);
    case 'worker.spawned':
      return about(event.workerId, `spawned (pid ${event.pid}, ppid ${event.ppid})`);
    case 'worker.ready':
      return about(event.workerId, `ready (pid ${event.pid}${event.tid === null ? '' : `, tid ${event.tid}`}, after ${Math.round(event.latencyMs)} ms)`);
    case 'worker.startFailed':
      return about(event.workerId, `failed to start: ${event.reason}`);
    case 'worker.exited':
      return about(event.workerId, `exited with code ${event.exitCode}${event.signal === null ? '' : ` (${event.signal})`}${event.detail === null || event.detail === '' ? '' : `: ${event.detail}`}`);
    case 'worker.messageRejected':
      return about(event.workerId, `sent a malformed message (dropped): ${event.reason}`);
    case 'worker.closed':
      return about(event.workerId, 'closed');
    case 'join.started':
      return about(event.workerId, event.timeoutMs === null ? 'join started (no timeout)' : `join started (timeout ${event.timeoutMs} ms)`);
    case 'join.finished':
      return about(event.workerId, `joined after ${Math.round(event.waitedMs)} ms`);
    case 'join.timedOut':
      return about(event.workerId, `join timed out after ${event.timeoutMs} ms, still running`);
    case 'join.waiting':
      return about(event.workerId, describeJoinWaiting(nameOf(event.target), event.timeoutMs));
    case 'join.returned':
      return about(event.workerId, describeJoinReturned(nameOf(event.target), event.outcome));
    case 'terminate.sent':
      return about(event.workerId, `terminate sent (${event.how}${event.graceMs === null ? '' : `, grace ${event.graceMs} ms`})`);
    case 'terminate.escalated':
      return about(event.workerId, `escalated to SIGKILL after ${event.afterMs} ms`);
    case 'signal.sent':
      return about(event.workerId, `signal ${event.signal} sent to pid ${event.pids.join(', ')}`);
    case 'process.signalled':
      return lab(`${event.escalated ? 'SIGKILL after the grace period' : `signal ${event.signal}`} sent to pid ${event.pid} (${event.name})`);
    case 'process.reparented':
      return lab(`pid ${event.pid} (${event.name}) reparented from ${event.fromPpid} to ${event.toPpid}`);
    case 'sync.created':
      return lab(`created ${event.primitive.kind} ${event.primitive.name}${event.where === undefined ? '' : ` at ${event.where}`}`);
    case 'python.process':
      return about(event.workerId, `observed: ${describePythonProcess(event.role, event.startMethod, event.version)} (pid ${event.pid})`);
    case 'python.started':
      return about(event.workerId, describePythonStart(event.startMethod, event.latencyMs, event.parentThreads));
    case 'python.unobserved':
      return event.workerId === null ? lab(`a Python connection was closed: ${event.reason}`) : about(event.workerId, `unobserved: ${event.reason}`);
    case 'python.limited':
      return event.workerId === null ? lab(event.reason) : about(event.workerId, event.reason);
    case 'sync.operated':
      return lab(event.outcome);
    case 'sync.deleted':
      return lab(`deleted ${event.removed.join(', ')}`);
    case 'sync.timerFired':
      return lab(`timer ${event.name} fired: set ${event.event}`);
    case 'sync.memoryRefused':
      return event.workerId === 'lab' ? lab(`MemoryError: adding ${event.bytes} bytes to ${event.primitive} refused`) : about(event.workerId, `MemoryError: adding ${event.bytes} bytes to ${event.primitive} refused`);
    case 'sync.ownerDied':
      return about(event.workerId, `died holding ${event.primitive}`);
    case 'sync.fastPathCounted':
      return about(event.workerId, describeCounted(event.ops, event.total));
    case 'deadlock.detected':
      return lab(`deadlock: ${event.cycle.map((step) => describeCycleStep(step, nameOf)).join('; ')}`);
    case 'deadlock.cleared':
      return lab('deadlock cleared');
    case 'step.mode':
      return lab(describeStepMode(event.on));
    case 'step.held':
      return about(event.workerId, describeHeld(event.primitive, event.op));
    case 'step.released':
      return about(event.workerId, describeReleased(event.primitive, event.op, event.by));
    case 'step.replay':
      return event.replay.state === 'running' ? null : lab(describeReplay(event.replay));
    case 'worker.stdio':
    case 'worker.output':
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
      return lab(`created ${describePoolCreation(event.pool)}`);
    case 'pool.state':
      return lab(describePoolState(event.pool, event.state, event.reason));
    case 'pool.deleted':
      return lab(`deleted pool ${event.pool}`);
    case 'pool.slot':
    case 'pool.tasks':
      return null;
    case 'lesson.comparison':
      return event.comparison.state === 'running' ? null : lab(describeComparison(event.comparison));
    case 'lesson.startMethods':
      return event.lesson.state === 'running' ? null : lab(describeStartLesson(event.lesson));
    case 'scenario.library':
      return null;
    case 'scenario.progress':
      return event.decided === true ? lab(describeScenarioProgress(event.progress)) : null;
    case 'lab.sampling':
      return lab(event.reason === null ? `sampling every ${event.periodMs} ms again, as configured` : `sampling every ${event.periodMs} ms instead of ${event.configuredMs} ms: ${event.reason}`);
    default:
      return assertNever(event);
  }
}

/** One fact in words: "lock.acquired lockA (count 1)". */
export function describeFact(fact: SyncFact): string {
  const field = SYNC_FACT_ARGS[fact.op];
  return `${fact.op} ${fact.primitive}${field === null ? '' : ` (${field} ${argOf(fact)})`}`;
}
