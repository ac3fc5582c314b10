import type { LabState } from '../../shared/lab-state';
import { formatClock, formatMiB, formatPercent, describeProcessState } from '../format/units';
import type { Selection } from '../model/selection';
import { Fact } from './Fact';

/** A process or thread the lab did not start (the host, a runtime thread, a grandchild): what the sample says. */
export function ProcessFacts({ state, selection }: { state: LabState; selection: Extract<Selection, { kind: 'process' | 'thread' }> }) {
  if (selection.kind === 'thread') {
    const owner = state.processes.find((process) => process.threads?.some((thread) => thread.tid === selection.tid));
    const thread = owner?.threads?.find((each) => each.tid === selection.tid);
    if (owner === undefined || thread === undefined) return <p className="empty">Thread {selection.tid} is gone.</p>;
    return (
      <dl className="facts">
        <Fact term="Thread">{thread.name}</Fact>
        <Fact term="TID" mono>
          {thread.tid}
        </Fact>
        <Fact term="In process" mono>
          {`${owner.pid} (${owner.name})`}
        </Fact>
        <Fact term="State">{describeProcessState(thread.state)}</Fact>
        <Fact term="CPU %" mono>
          {formatPercent(thread.cpu)}
        </Fact>
      </dl>
    );
  }
  const process = state.processes.find((each) => each.pid === selection.pid);
  if (process === undefined) return <p className="empty">Process {selection.pid} is gone.</p>;
  return (
    <dl className="facts">
      <Fact term="Process" wide>
        {process.pid === state.host?.pid ? `${process.name} (the lab host)` : process.name}
      </Fact>
      <Fact term="PID" mono>
        {process.pid}
      </Fact>
      <Fact term="PPID" mono>
        {process.ppid}
      </Fact>
      <Fact term="State">{describeProcessState(process.state)}</Fact>
      <Fact term="Started at" mono>
        {formatClock(process.startedAt, true)}
      </Fact>
      <Fact term="CPU %" mono>
        {formatPercent(process.cpu)}
      </Fact>
      <Fact term="RSS" mono>
        {formatMiB(process.rss)}
      </Fact>
      <Fact term="Threads" mono>
        {process.threads?.length ?? '–'}
      </Fact>
      <Fact term="Orphan">{process.orphan ? 'yes' : 'no'}</Fact>
      <Fact term="Command" mono wide>
        {process.command || '–'}
      </Fact>
    </dl>
  );
}
