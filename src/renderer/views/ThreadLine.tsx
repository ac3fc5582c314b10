import { isLive } from '../../shared/lab-state';
import type { TreeLine } from '../model/tree-rows';
import { BlockedBadge } from './BlockedBadge';
import { HeldBadge } from './HeldBadge';
import { CpuCell } from './CpuCell';
import { GilState } from './GilState';
import { StateLabel } from './StateLabel';
import { WorkerBadges } from './WorkerBadges';

type ThreadTreeLine = Extract<TreeLine, { type: 'thread' }>;

const INDENT_PX = 20;

/** A thread drawn inside its process: a thread icon, its TID, and its worker if it is one. */
export function ThreadLine({ line, selected, onSelect }: { line: ThreadTreeLine; selected: boolean; onSelect(): void }) {
  const { thread, worker } = line;
  const classes = ['line', 'line-thread', selected && 'selected', thread.ghost && 'ghost', worker === undefined && 'runtime'].filter(Boolean).join(' ');
  return (
    <tr
      className={classes}
      aria-selected={selected}
      data-tid={thread.tid ?? undefined}
      data-worker-id={worker?.id}
      data-state={worker?.state}
      onClick={line.selection === null ? undefined : onSelect}
    >
      <td className="name-cell">
        <span className="name-inner" style={{ paddingLeft: line.depth * INDENT_PX }}>
          <span className="fold-space" aria-hidden="true" />
          <span className="thread-icon" title="thread" aria-hidden="true">
            ⤷
          </span>
          {worker !== undefined && <span className="worker-name">{worker.name}</span>}
          <span className="tid mono" title="native thread id (TID)">
            tid {thread.tid ?? '?'}
          </span>
          {/* What it waits for first: the narrow name column cuts the badges at its end. */}
          {worker !== undefined && <BlockedBadge workerId={worker.id} />}
          {worker !== undefined && <HeldBadge workerId={worker.id} />}
          {/* Once it has ended, its exit says more than its channels: the command line keeps its room. */}
          {worker !== undefined && <WorkerBadges worker={worker} compact={!isLive(worker)} />}
          <span className={worker === undefined ? 'process-text' : 'process-text dim'} title={thread.name}>
            {worker !== undefined && thread.name === worker.name ? '' : thread.name}
          </span>
        </span>
      </td>
      <td className="num mono dim" title="the process it runs in">
        {line.process.pid}
      </td>
      <td />
      <td>
        {/* In the state's place, where the eye reads what a thread is doing: the name cell's badges may be cut. */}
        {thread.gilWait === null ? <StateLabel worker={worker} letter={thread.state} /> : <GilState waiting={thread.gilWait} />}
      </td>
      <CpuCell cpu={thread.cpu} />
      <td />
    </tr>
  );
}
