import type { CommandOutcome } from '../../shared/protocol';

/** What an observed Python worker is to the lab's controls: a process to signal by pid, or a thread it cannot end. */
export type ObservedTarget = { readonly kind: 'process'; readonly pid: number; readonly name: string } | { readonly kind: 'thread'; readonly name: string; readonly processName: string };

/**
 * Terminate, kill and signal on workers, some of them observed Python processes or threads: the lab did not
 * start those, so it has no handle on them. A process is acted on through its pid, as any process of the
 * lab's tree is (process-control.ts: only while it is the very process the sampler saw); a thread is
 * refused in words (Python has no way to end a thread from outside); the other ids go to the supervisor.
 */
export function withObserved(
  ids: readonly string[],
  targetOf: (workerId: string) => ObservedTarget | null,
  startOf: (pid: number) => number | null,
  act: (pid: number, start: number) => CommandOutcome,
  rest: (ids: readonly string[]) => CommandOutcome | Promise<CommandOutcome>,
): CommandOutcome | Promise<CommandOutcome> {
  const observed = ids.map((id) => [id, targetOf(id)] as const).filter((pair): pair is readonly [string, ObservedTarget] => pair[1] !== null);
  if (observed.length === 0) return rest(ids);
  const thread = observed.find(([, target]) => target.kind === 'thread');
  if (thread !== undefined && thread[1].kind === 'thread') {
    return { ok: false, error: `${thread[1].name} is a Python thread: Python has no way to end a thread from outside; act on its process, ${thread[1].processName}` };
  }
  const done: string[] = [];
  for (const [id, target] of observed) {
    if (target.kind !== 'process') continue;
    const start = startOf(target.pid);
    if (start === null) return { ok: false, error: `${target.name} (pid ${target.pid}) is not in the lab's process tree yet: try again in a moment` };
    const outcome = act(target.pid, start);
    if (!outcome.ok) return outcome;
    done.push(id);
  }
  const others = ids.filter((id) => targetOf(id) === null);
  if (others.length === 0) return { ok: true, result: { workerIds: done } };
  const merge = (outcome: CommandOutcome): CommandOutcome => (outcome.ok ? { ok: true, result: { workerIds: [...done, ...outcome.result.workerIds] } } : outcome);
  const outcome = rest(others);
  return outcome instanceof Promise ? outcome.then(merge) : merge(outcome);
}
