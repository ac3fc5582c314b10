import { isLive } from '../../shared/lab-state';
import type { TreeLine } from '../model/tree-rows';
import { Badge } from './Badge';
import { BlockedBadge } from './BlockedBadge';
import { CpuCell } from './CpuCell';
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
          {/* Once it has ended, its exit says more than its channels: the command line keeps its room. */}
          {worker !== undefined && <WorkerBadges worker={worker} compact={!isLive(worker)} />}
          {worker !== undefined && <BlockedBadge workerId={worker.id} />}
          {thread.gilWait !== null && <GilBadge waiting={thread.gilWait} />}
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
        <StateLabel worker={worker} letter={thread.state} />
      </td>
      <CpuCell cpu={thread.cpu} />
      <td />
    </tr>
  );
}

/** Inferred from /proc (src/shared/gil.ts): it wanted to run, and slept while another thread held the GIL. */
function GilBadge({ waiting }: { waiting: number }) {
  const title = `runnable, waiting for the GIL: asleep ${Math.round(waiting)}% of the last interval while another thread of its interpreter ran (inferred from /proc; see docs/python.md)`;
  return (
    <Badge tone="gil" title={title}>
      waits for the GIL {Math.round(waiting)}%
    </Badge>
  );
}
