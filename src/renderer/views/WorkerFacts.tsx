import { describeExitCode, exitMeaning } from '../../shared/exit-code';
import { isLive, type WorkerView } from '../../shared/lab-state';
import type { MemorySample } from '../../shared/samples';
import { describeForkHazard } from '../../shared/python-words';
import { describeTask } from '../../shared/tasks';
import { formatBytes, formatClock, formatDuration, formatMiB, formatMs, formatPercent } from '../format/units';
import { describeBlockedOn, type BlockedOn } from '../model/blocked-on';
import { describeActivity, elapsedMs } from '../model/worker-activity';
import { Fact } from './Fact';

const yesNo = (value: boolean) => (value ? 'yes' : 'no');

interface WorkerFactsProps {
  readonly worker: WorkerView;
  readonly now: number;
  /** The primitive it waits on now, if any. */
  readonly blocked: BlockedOn | undefined;
  /** A Python process's smaps_rollup figures (PSS, shared), when the lab has read them. */
  readonly memory?: MemorySample | undefined;
  nameOf(workerId: string): string;
}

/** Everything known about one worker, as a two-column list of facts. */
export function WorkerFacts({ worker, now, blocked, memory, nameOf }: WorkerFactsProps) {
  const { exit } = worker;
  return (
    <dl className="facts">
      <Fact term="State">
        <span className={`state state-${worker.startFailure !== null ? 'failed' : worker.state}`}>{worker.startFailure !== null ? 'failed' : worker.state}</span>
      </Fact>
      <Fact term="Doing" wide>
        {describeActivity(worker, now)}
      </Fact>
      {isLive(worker) && (
        <Fact term="Blocked on" wide>
          {blocked === undefined ? <span className="dim">nothing</span> : <span className="blocked-on">{describeBlockedOn(blocked, now, nameOf)}</span>}
        </Fact>
      )}
      {exit !== null && (
        <>
          <Fact term="Exit code" mono wide>
            <span className={`exit exit-${exitMeaning(exit.exitCode)}`}>{describeExitCode(exit.exitCode, exit.signal)}</span>
          </Fact>
          <Fact term="Node code" mono>
            {exit.code ?? 'null'}
          </Fact>
          <Fact term="Node signal" mono>
            {exit.signal ?? 'null'}
          </Fact>
          {exit.detail !== null && (
            <Fact term="Detail" wide>
              {exit.detail}
            </Fact>
          )}
        </>
      )}
      <Fact term="Id" mono>
        {worker.id}
      </Fact>
      <Fact term="Kind">{worker.kind}</Fact>
      <Fact term="Method">{worker.method}</Fact>
      <Fact term="PID" mono>
        {worker.pid ?? '–'}
      </Fact>
      <Fact term="PPID" mono>
        {worker.ppid ?? '–'}
      </Fact>
      <Fact term="TID" mono>
        {worker.tid ?? '–'}
      </Fact>
      <Fact term="Started" mono>
        {formatClock(worker.requestedAt, true)}
      </Fact>
      <Fact term="Elapsed" mono>
        {formatDuration(elapsedMs(worker, now))}
      </Fact>
      <Fact term="Start latency" mono>
        {worker.python?.startMethod === null || worker.python === undefined ? (
          worker.latencyMs === null ? '–' : formatMs(worker.latencyMs)
        ) : (
          <span title="from its parent's Process.start() call to its first report to the lab (time.monotonic(), one clock for every process)">{worker.latencyMs === null ? '–' : formatMs(worker.latencyMs)}</span>
        )}
      </Fact>
      {worker.python?.forkedAmongThreads !== undefined && (
        <Fact term="Fork hazard" wide>
          <span className="fact-hazard">{describeForkHazard(worker.python.forkedAmongThreads)}</span>
        </Fact>
      )}
      <Fact term="CPU %" mono>
        {formatPercent(worker.cpu)}
      </Fact>
      <Fact term="CPU time" mono>
        {formatDuration(worker.cpuTimeMs)}
      </Fact>
      <Fact term="RSS" mono>
        {worker.kind === 'thread' ? 'shared' : formatMiB(worker.rss)}
      </Fact>
      {memory !== undefined && (
        <>
          <Fact term="PSS" mono>
            <span title="proportional set size: each page shared with other processes counted as its share (/proc/PID/smaps_rollup)">{formatMiB(memory.pss)}</span>
          </Fact>
          <Fact term="Shared" mono>
            <span title="resident pages shared with other processes: after a fork, the parent's, copy-on-write until written">{formatMiB(memory.shared)}</span>
          </Fact>
        </>
      )}
      <Fact term="IPC">{yesNo(worker.ipc)}</Fact>
      <Fact term="Daemon">{yesNo(worker.daemon)}</Fact>
      <Fact term="Detached">{yesNo(worker.detached)}</Fact>
      <Fact term="stdout" mono>
        {formatBytes(worker.stdoutBytes)}
      </Fact>
      <Fact term="stderr" mono>
        {formatBytes(worker.stderrBytes)}
      </Fact>
      <Fact term="Group" mono>
        {worker.groupId}
      </Fact>
      <Fact term="Task" mono wide>
        {worker.task === null ? '–' : describeTask(worker.task)}
      </Fact>
      {worker.command !== null && (
        <Fact term="Command" mono wide>
          {worker.command}
        </Fact>
      )}
    </dl>
  );
}
