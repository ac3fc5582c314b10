import { useMemo } from 'react';
import type { LabState } from '../../shared/lab-state';
import { describeCycle } from '../../shared/sync';
import { waitForEdges } from '../../shared/wait-for';
import { useElementSize } from '../hooks/use-element-size';
import { layoutWaitGraph } from '../model/wait-graph';
import { workerNameOf } from '../model/worker-names';

/**
 * The "Wait-for graph" region: an arrow from each blocked worker to the worker holding what it waits for,
 * labelled with the primitive. A cycle of arrows is a deadlock; it is drawn in red.
 */
export function WaitForGraph({ state }: { state: LabState }) {
  const [box, size] = useElementSize<HTMLDivElement>();
  const { primitives, deadlock } = state.sync;
  const edges = useMemo(() => waitForEdges(primitives), [primitives]);
  const nameOf = useMemo(() => workerNameOf(state), [state]);
  const graph = useMemo(() => layoutWaitGraph(edges, deadlock?.cycle ?? null, size, nameOf), [edges, deadlock, size, nameOf]);
  const words = graph.arrows.map((arrow) => `${nameOf(arrow.from)} waits for ${arrow.label} held by ${nameOf(arrow.to)}`).join('; ');
  return (
    <section className="panel graph-panel" aria-label="Wait-for graph">
      <header className="panel-head">
        <h2>Wait-for graph</h2>
        <span className="panel-note">{deadlock === null ? 'waiter → holder' : <span className="graph-deadlock">deadlock: cycle in red</span>}</span>
      </header>
      <div className="graph-body" ref={box}>
        {graph.nodes.length === 0 ? (
          <p className="empty">No one waits for a lock another worker holds. When one does, an arrow goes from the waiter to the holder.</p>
        ) : (
          <svg className="wait-graph" width={size.width} height={size.height} role="img" aria-label={deadlock === null ? words : `${describeCycle(deadlock.cycle, nameOf)}. ${words}`}>
            <defs>
              <marker id="wait-arrow" viewBox="0 0 10 10" refX="1" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                <path d="M 0 0 L 10 5 L 0 10 z" className="arrow-head" />
              </marker>
              <marker id="wait-arrow-cycle" viewBox="0 0 10 10" refX="1" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                <path d="M 0 0 L 10 5 L 0 10 z" className="arrow-head in-cycle" />
              </marker>
            </defs>
            {graph.arrows.map((arrow) => (
              <g key={arrow.key} className={['arrow', arrow.inCycle && 'in-cycle', arrow.timed && 'timed'].filter(Boolean).join(' ')} data-from={arrow.from} data-to={arrow.to}>
                <path d={arrow.path} markerEnd={`url(#${arrow.inCycle ? 'wait-arrow-cycle' : 'wait-arrow'})`} />
                <text x={arrow.labelX} y={arrow.labelY} textAnchor="middle" dominantBaseline="middle" className="arrow-label" paintOrder="stroke">
                  {arrow.label}
                </text>
              </g>
            ))}
            {graph.nodes.map((node) => (
              <g key={node.id} className={node.inCycle ? 'node in-cycle' : 'node'} data-worker-id={node.id}>
                <rect x={node.x - node.halfWidth} y={node.y - node.halfHeight} width={node.halfWidth * 2} height={node.halfHeight * 2} rx={node.halfHeight} />
                <text x={node.x} y={node.y} textAnchor="middle" dominantBaseline="central">
                  {node.label}
                </text>
              </g>
            ))}
          </svg>
        )}
      </div>
    </section>
  );
}
