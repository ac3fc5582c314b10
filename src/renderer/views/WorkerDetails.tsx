import { useState } from 'react';
import type { LabState, WorkerView } from '../../shared/lab-state';
import type { CommandToSend } from '../../shared/protocol';
import { useBlockedOn } from '../hooks/use-blocked-on';
import type { ProcessTarget } from '../model/process-actions';
import type { Selection } from '../model/selection';
import { BadgeLegend } from './BadgeLegend';
import { BlockedBadge } from './BlockedBadge';
import { HeldBadge } from './HeldBadge';
import { ReleaseHeld } from './StepControls';
import { OutputSection } from './OutputSection';
import { ProcessActions } from './ProcessActions';
import { ProcessFacts } from './ProcessFacts';
import { WorkerActions } from './WorkerActions';
import { WorkerBadges } from './WorkerBadges';
import { WorkerFacts } from './WorkerFacts';

interface WorkerDetailsProps {
  readonly state: LabState;
  readonly selection: Selection | null;
  /** Why commands are refused now (not connected, a recording shown), or null when they can be sent. */
  readonly offReason: string | null;
  run(command: CommandToSend): void;
  askKill(worker: WorkerView): void;
  askKillProcess(process: ProcessTarget): void;
}

/** The "Worker details" region: the selected worker's facts and the actions on it. */
export function WorkerDetails({ state, selection, offReason, run, askKill, askKillProcess }: WorkerDetailsProps) {
  const worker = selection?.kind === 'worker' ? state.workers[selection.workerId] : undefined;
  const blocked = useBlockedOn(worker?.id);
  // Kept while the selection changes: a class watching results goes from worker to worker on Output.
  const [shown, setShown] = useState<'facts' | 'output'>('facts');
  const output = worker === undefined ? undefined : state.output.byWorker[worker.id];
  return (
    <section className="panel details-panel" aria-label="Worker details">
      <header className="panel-head">
        <h2>Worker details</h2>
        {worker !== undefined && (
          <div className="panel-tools">
            <div className="segmented details-switch" role="group" aria-label="Details shown">
              <button type="button" className="small" aria-pressed={shown === 'facts'} onClick={() => setShown('facts')}>
                Facts
              </button>
              <button type="button" className="small" aria-pressed={shown === 'output'} onClick={() => setShown('output')} title="what it printed on stdout and stderr">
                Output{output !== undefined && output.pieces.length > 0 && shown !== 'output' ? ' •' : ''}
              </button>
            </div>
          </div>
        )}
      </header>
      <div className="details-title">
        {worker !== undefined ? (
          <>
            <span className="worker-name big">{worker.name}</span>
            <WorkerBadges worker={worker} />
            <BlockedBadge workerId={worker.id} />
            <HeldBadge workerId={worker.id} />
          </>
        ) : selection?.kind === 'process' ? (
          <span className="big">process {selection.pid}</span>
        ) : selection?.kind === 'thread' ? (
          <span className="big">thread {selection.tid}</span>
        ) : (
          <span className="dim">Select a worker in the tree (click, or ↑ ↓).</span>
        )}
      </div>
      {worker !== undefined && <ReleaseHeld workerId={worker.id} offReason={offReason} run={run} />}
      {selection?.kind === 'process' ? (
        <ProcessActions selection={selection} context={{ state, offReason }} run={run} askKill={askKillProcess} />
      ) : (
        <WorkerActions worker={worker} context={{ state, selection, offReason }} run={run} askKill={askKill} />
      )}
      {worker !== undefined && shown === 'output' ? (
        <div className="panel-body output-body">
          <OutputSection worker={worker} output={output} />
        </div>
      ) : (
        <div className="panel-body scroll">
          {worker !== undefined ? (
            <WorkerFacts
              worker={worker}
              now={state.now}
              blocked={blocked}
              memory={worker.kind === 'process' ? state.processes.find((process) => process.pid === worker.pid)?.memory : undefined}
              nameOf={(workerId) => state.workers[workerId]?.name ?? workerId}
            />
          ) : selection !== null && selection.kind !== 'worker' ? (
            <ProcessFacts state={state} selection={selection} />
          ) : (
            <BadgeLegend />
          )}
        </div>
      )}
    </section>
  );
}
