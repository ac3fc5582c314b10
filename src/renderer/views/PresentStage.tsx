import { useLayoutEffect, useRef, type ReactNode } from 'react';
import type { LabState } from '../../shared/lab-state';
import { assertNever } from '../../shared/assert-never';
import type { PrimitiveCommand } from '../model/primitive-edits';
import type { PresentPanel } from '../model/presentation';
import { CpuPanel } from './CpuPanel';
import { EventLog } from './EventLog';
import { LocksPanel } from './LocksPanel';
import { OutputSection } from './OutputSection';
import { QueuesPanel } from './QueuesPanel';
import { TimelinePanel } from './TimelinePanel';
import { WaitForGraph } from './WaitForGraph';
import type { StepCommand } from './StepControls';

interface PresentStageProps {
  readonly panels: readonly PresentPanel[];
  readonly state: LabState;
  readonly offReason: string | null;
  /** The window's process panel and pools view as they are (search, selection and all): drawn here when named. */
  readonly processPanel: ReactNode;
  readonly poolsView: ReactNode;
  /** Whose output the "output" panel shows: the worker the scenario names, else the one selected. */
  readonly outputWorkerId: string | null;
  /** The primitive the scenario points at: its card in the Locks and its node in the wait-for graph are marked. */
  readonly pointAt: string | null;
  operate(command: PrimitiveCommand): void;
  /** Step mode's commands: a held worker is released from the graph here too. */
  step(command: StepCommand): void;
  onNewPrimitive(): void;
  onCompare(): void;
  onStartLesson(): void;
  onSelectWorker(workerId: string): void;
  onLeave(): void;
}

/**
 * The panels presentation mode shows, each the window's own region (live, with its buttons), in a slot of
 * the stage that draws it larger. The timeline draws itself larger (its canvas scales its own drawing), so
 * its slot is not zoomed; on it, Esc leaves the presentation as it would return an expanded timeline.
 */
export function PresentStage(props: PresentStageProps) {
  // The slots themselves (no wrapper: they are the stage grid's own items, which its layout places).
  const slots = useRef(new Map<PresentPanel, HTMLDivElement>());
  // Marked by an attribute React does not manage (the cards are the Locks panel's own, drawn as the window
  // draws them): looked for after every drawing, as a card scrolls in or a node appears.
  useLayoutEffect(() => {
    for (const slot of slots.current.values()) {
      for (const element of slot.querySelectorAll('[data-pointed]')) if (element.getAttribute('data-primitive') !== props.pointAt) element.removeAttribute('data-pointed');
      if (props.pointAt !== null) for (const element of slot.querySelectorAll(`[data-primitive="${CSS.escape(props.pointAt)}"]`)) element.setAttribute('data-pointed', '');
    }
  });
  return (
    <>
      {props.panels.map((panel) => (
        <div
          key={panel}
          className={`present-slot present-${panel}`}
          data-panel={panel}
          ref={(element) => {
            if (element === null) slots.current.delete(panel);
            else slots.current.set(panel, element);
          }}
        >
          {drawPanel(panel, props)}
        </div>
      ))}
    </>
  );
}

function drawPanel(panel: PresentPanel, props: PresentStageProps): ReactNode {
  const { state } = props;
  switch (panel) {
    case 'processes':
      return props.processPanel;
    case 'locks':
      return <LocksPanel state={state} offReason={props.offReason} onNewPrimitive={props.onNewPrimitive} operate={props.operate} />;
    case 'wait-for':
      return <WaitForGraph state={state} offReason={props.offReason} step={props.step} />;
    case 'queues':
      return <QueuesPanel state={state} />;
    case 'pools':
      return props.poolsView;
    case 'timeline':
      return <TimelinePanel expanded onToggleExpanded={props.onLeave} canShrink={false} />;
    case 'cpu':
      return <CpuPanel state={state} onCompare={props.onCompare} onStartLesson={props.onStartLesson} />;
    case 'log':
      return <EventLog state={state} onSelectWorker={props.onSelectWorker} />;
    case 'output':
      return <PresentOutput state={state} workerId={props.outputWorkerId} />;
    default:
      return assertNever(panel);
  }
}

/** A worker's output as a panel of its own: what the race prints ("num:92") is often the lesson. */
function PresentOutput({ state, workerId }: { state: LabState; workerId: string | null }) {
  const worker = workerId === null ? undefined : state.workers[workerId];
  return (
    <section className="panel present-output" aria-label="Output">
      <header className="panel-head">
        <h2>Output</h2>
        {worker !== undefined && <span className="panel-note">{worker.name}</span>}
      </header>
      {worker === undefined ? (
        <p className="empty">What the program prints shows here once it runs.</p>
      ) : (
        <div className="panel-body output-body">
          <OutputSection worker={worker} output={state.output.byWorker[worker.id]} />
        </div>
      )}
    </section>
  );
}
