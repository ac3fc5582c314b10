import { Executor, type ExecutorKind } from '../../../../src/core/pools/executor';
import type { CrashPolicy } from '../../../../src/core/pools/runner-port';
import { ManualClock } from '../sync/harness';
import { RecordingSink, ScriptedRunner } from './scripted-runner';

/** An executor of `kind` over a scripted runner, with its clock, sink and log to look at. */
export function executor(kind: ExecutorKind = 'process', crash: CrashPolicy = kind === 'process' ? 'break' : 'lose') {
  const runner = new ScriptedRunner(2);
  const sink = new RecordingSink();
  const clock = new ManualClock();
  const logged: string[] = [];
  const facade = new Executor(kind, { runner, facts: sink, clock, crash, log: (line) => logged.push(line) });
  return { runner, sink, clock, logged, executor: facade };
}
