import { memo, useMemo } from 'react';
import type { LabState } from '../../shared/lab-state';
import { describeCycle } from '../../shared/sync';
import { useElementSize } from '../hooks/use-element-size';
import { waitedOnEntries } from '../model/primitive-list';
import { layoutWaitGraph, type GraphArrow, type GraphNode } from '../model/wait-graph';
import { joinsOf } from '../model/wait-graph-model';
import { workerNameOf } from '../model/worker-names';
import { describeHeld } from '../../shared/describe-step';
import type { HeldAt } from '../../shared/step-mode';
import type { StepCommand } from './StepControls';

/**
 * The "Wait-for graph" region: an arrow from each blocked worker to the worker holding the lock it waits
 * for, labelled with the lock (or "join", to the thread or process it joins); a semaphore (or a lock many wait for) is a node between its waiters and its
 * holders. A cycle is a deadlock; it is drawn in red. It reads the primitives and the workers' names only:
 * drawn again, and laid out again, only when those change (not for every frame of a busy lab's output).
 */
export const WaitForGraph = memo(
  WaitForGraphPanel,
  (before, after) => before.state.sync === after.state.sync && before.state.workers === after.state.workers && before.state.step === after.state.step && before.offReason === after.offReason,
);

interface WaitForGraphProps {
  readonly state: LabState;
  readonly offReason: string | null;
  /** Step mode's commands: a click on a held worker's node releases it. */
  step(command: StepCommand): void;
}

function WaitForGraphPanel({ state, offReason, step }: WaitForGraphProps) {
  const [box, size] = useElementSize<HTMLDivElement>();
  const { deadlock } = state.sync;
  const primitives = waitedOnEntries(state.sync);
  const { workers } = state;
  const nameOf = useMemo(() => workerNameOf({ workers }), [workers]);
  const joins = useMemo(() => joinsOf(workers), [workers]);
  const graph = useMemo(() => layoutWaitGraph(primitives, deadlock?.cycle ?? null, size, nameOf, joins), [primitives, deadlock, size, nameOf, joins]);
  const { dx, dy, scale } = graph.transform;
  return (
    <section className="panel graph-panel" aria-label="Wait-for graph">
      <header className="panel-head">
        <h2>Wait-for graph</h2>
        <span className="panel-note">{deadlock === null ? 'waiter → holder' : <span className="graph-deadlock">deadlock: cycle in red</span>}</span>
      </header>
      <div className="graph-body" ref={box}>
        {graph.nodes.length === 0 ? (
          <p className="empty">No one waits for a lock another worker holds, nor in a join. When one does, an arrow goes from the waiter to the holder.</p>
        ) : (
          <svg className="wait-graph" width={size.width} height={size.height} role="img" aria-label={deadlock === null ? graph.words : `${describeCycle(deadlock.cycle, nameOf)}. ${graph.words}`}>
            <defs>
              <marker id="wait-arrow" viewBox="0 0 10 10" refX="1" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                <path d="M 0 0 L 10 5 L 0 10 z" className="arrow-head" />
              </marker>
              <marker id="wait-arrow-cycle" viewBox="0 0 10 10" refX="1" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                <path d="M 0 0 L 10 5 L 0 10 z" className="arrow-head in-cycle" />
              </marker>
            </defs>
            <g transform={scale === 1 ? `translate(${dx} ${dy})` : `translate(${dx} ${dy}) scale(${scale})`}>
              {/* The cycle's arrows last, so red is drawn over grey where they cross. */}
              {[...graph.arrows].sort((a, b) => Number(a.inCycle) - Number(b.inCycle)).map((arrow) => (
                <Arrow key={arrow.key} arrow={arrow} />
              ))}
              {graph.nodes.map((node) => (
                <Node key={node.id} node={node} held={node.type === 'worker' ? state.step.held[node.workerId] : undefined} release={offReason === null ? step : null} />
              ))}
            </g>
          </svg>
        )}
      </div>
    </section>
  );
}

function Arrow({ arrow }: { arrow: GraphArrow }) {
  return (
    <g className={['arrow', arrow.inCycle && 'in-cycle', arrow.timed && 'timed'].filter(Boolean).join(' ')} data-from={arrow.from} data-to={arrow.to}>
      <path d={arrow.path} markerEnd={`url(#${arrow.inCycle ? 'wait-arrow-cycle' : 'wait-arrow'})`} />
      {arrow.label !== null && arrow.label !== '' && (
        <text x={arrow.labelX} y={arrow.labelY} textAnchor="middle" dominantBaseline="middle" className="arrow-label" paintOrder="stroke">
          {arrow.label}
        </text>
      )}
    </g>
  );
}

interface NodeProps {
  readonly node: GraphNode;
  /** Where step mode holds this worker, if it does. */
  readonly held: HeldAt | undefined;
  /** Releases a held worker on a click; null while commands cannot be sent. */
  readonly release: ((command: StepCommand) => void) | null;
}

function Node({ node, held, release }: NodeProps) {
  const box = { x: node.x - node.halfWidth, y: node.y - node.halfHeight, width: node.halfWidth * 2, height: node.halfHeight * 2 };
  const cycle = node.inCycle ? ' in-cycle' : '';
  switch (node.type) {
    case 'worker': {
      if (held === undefined)
        return (
          <g className={`node worker-node${cycle}`} data-worker-id={node.workerId}>
            <rect {...box} rx={node.halfHeight} />
            <text x={node.x} y={node.y} textAnchor="middle" dominantBaseline="central">
              {node.label}
            </text>
          </g>
        );
      const words = `${node.label}: ${describeHeld(held.primitive, held.op)}`;
      const go = () => release?.({ type: 'sync.release', workerId: node.workerId });
      return (
        <g
          className={`node worker-node held${cycle}`}
          data-worker-id={node.workerId}
          role="button"
          tabIndex={release === null ? -1 : 0}
          aria-label={`Release ${words}`}
          onClick={go}
          onKeyDown={(event) => (event.key === 'Enter' || event.key === ' ') && go()}
        >
          <title>{`${words}. Click to release it for one step.`}</title>
          <rect {...box} rx={node.halfHeight} />
          <text x={node.x} y={node.y} textAnchor="middle" dominantBaseline="central">
            {node.label}
          </text>
          <text x={node.x} y={node.y + node.halfHeight + 12} textAnchor="middle" dominantBaseline="central" className="held-label">
            ▶ release
          </text>
        </g>
      );
    }
    case 'primitive':
      return (
        <g className={`node primitive-node${cycle}`} data-primitive={node.name}>
          <rect {...box} rx={6} />
          <text x={node.x} y={node.y - 8} textAnchor="middle" dominantBaseline="central" className="primitive-label">
            {node.name}
          </text>
          <text x={node.x} y={node.y + 10} textAnchor="middle" dominantBaseline="central" className="primitive-detail">
            {node.detail}
          </text>
        </g>
      );
    case 'group':
      return (
        <g className="node group-node" data-group={node.role} data-count={node.names.length}>
          <title>{`${node.role === 'waiting' ? 'waiting for' : 'holding'} ${node.primitive}: ${node.names.join(', ')}`}</title>
          <rect {...box} rx={node.halfHeight} />
          <text x={node.x} y={node.y} textAnchor="middle" dominantBaseline="central">
            {node.label}
          </text>
        </g>
      );
  }
}
