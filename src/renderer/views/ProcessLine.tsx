import { isLive } from '../../shared/lab-state';
import type { TreeLine } from '../model/tree-rows';
import { formatMiB } from '../format/units';
import { Badge } from './Badge';
import { BlockedBadge } from './BlockedBadge';
import { HeldBadge } from './HeldBadge';
import { CpuCell } from './CpuCell';
import { StateLabel } from './StateLabel';
import { WorkerBadges } from './WorkerBadges';
import { UnobservedPython } from './PythonBadges';

type ProcessTreeLine = Extract<TreeLine, { type: 'process' }>;

interface ProcessLineProps {
  readonly line: ProcessTreeLine;
  readonly selected: boolean;
  onSelect(): void;
  onToggle(): void;
  onToggleRuntime(): void;
}

const INDENT_PX = 20;

/** One process of the tree: fold toggle, who it is (worker name and badges, or process name), PIDs, state, load. */
export function ProcessLine({ line, selected, onSelect, onToggle, onToggleRuntime }: ProcessLineProps) {
  const { node, worker, isHost } = line;
  const text = node.command !== '' ? node.command : node.name;
  const classes = ['line', 'line-process', selected && 'selected', node.ghost && 'ghost', isHost && 'host'].filter(Boolean).join(' ');
  return (
    <tr className={classes} aria-selected={selected} data-pid={node.pid} data-worker-id={worker?.id} data-state={worker?.state} onClick={onSelect}>
      <td className="name-cell">
        <span className="name-inner" style={{ paddingLeft: line.depth * INDENT_PX }}>
          {line.expandable ? (
            <button
              type="button"
              className="fold"
              aria-label={`${line.collapsed ? 'Expand' : 'Collapse'} ${node.pid}`}
              aria-expanded={!line.collapsed}
              onClick={(event) => {
                event.stopPropagation();
                onToggle();
              }}
            >
              {line.collapsed ? '▸' : '▾'}
            </button>
          ) : (
            <span className="fold-space" aria-hidden="true" />
          )}
          {isHost && <Badge tone="host">lab host</Badge>}
          {worker !== undefined && <span className="worker-name">{worker.name}</span>}
          {/* Once it has ended, its exit says more than its channels: the command line keeps its room. */}
          {worker !== undefined && <WorkerBadges worker={worker} compact={!isLive(worker)} />}
          {worker !== undefined && <BlockedBadge workerId={worker.id} />}
          {worker !== undefined && <HeldBadge workerId={worker.id} />}
          {worker === undefined && <UnobservedPython name={node.name} />}
          {node.orphan && (
            <Badge tone="orphan" title="its parent died; the kernel gave it to init or a subreaper">
              orphan, reparented to PPID {node.ppid}
            </Badge>
          )}
          {node.missingParent && (
            <Badge tone="muted" title="its parent was not in the last sample (it may just have exited)">
              parent not seen
            </Badge>
          )}
          <span className={worker === undefined ? 'process-text' : 'process-text dim'} title={text}>
            {text}
          </span>
          {!isHost && line.runtimeThreads > 0 && (
            <button
              type="button"
              className="threads-chip"
              aria-expanded={line.runtimeShown}
              aria-label={`${line.runtimeShown ? 'Hide' : 'Show'} ${line.runtimeThreads} threads of ${node.pid}`}
              title="its runtime threads (V8, libuv...)"
              onClick={(event) => {
                event.stopPropagation();
                onToggleRuntime();
              }}
            >
              {line.runtimeThreads} thr
            </button>
          )}
        </span>
      </td>
      <td className="num mono">{node.pid === 0 ? '–' : node.pid}</td>
      <td className="num mono dim">{node.ppid}</td>
      <td>
        <StateLabel worker={worker} letter={node.state} />
      </td>
      <CpuCell cpu={node.cpu} />
      <td className="num mono">{formatMiB(node.rss)}</td>
    </tr>
  );
}
