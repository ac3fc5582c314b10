import { useState } from 'react';
import type { CommandToSend } from '../../shared/protocol';
import { SIGNAL_NAMES, type SignalName } from '../../shared/signals';
import { processTarget, type ProcessActionContext, type ProcessTarget } from '../model/process-actions';
import type { Selection } from '../model/selection';
import { ActionButton, DisabledHint } from './ActionButton';
import { Field } from './Field';

interface ProcessActionsProps {
  readonly selection: Extract<Selection, { kind: 'process' }>;
  readonly context: ProcessActionContext;
  run(command: CommandToSend): void;
  askKill(target: ProcessTarget): void;
}

/** Terminate, kill and signal a process of the lab's tree that is not a worker (an orphaned grandchild). */
export function ProcessActions({ selection, context, run, askKill }: ProcessActionsProps) {
  const [signal, setSignal] = useState<SignalName>('SIGSTOP');
  const { target, availability } = processTarget(selection, context);
  const named = target === null ? null : { pid: target.pid, start: target.start };
  return (
    <div className="actions" aria-label="Actions" role="group">
      <div className="action-row">
        <ActionButton label="Terminate" tone="warn" availability={availability} onClick={() => named && run({ type: 'process.terminate', ...named })} />
        <ActionButton label="Kill" tone="danger" availability={availability} onClick={() => target && askKill(target)} />
      </div>
      <div className="action-row">
        <ActionButton label="Send signal" availability={availability} onClick={() => named && run({ type: 'process.signal', ...named, signal })} />
        <Field label="Signal" inline>
          <select value={signal} onChange={(event) => setSignal(event.target.value as SignalName)}>
            {SIGNAL_NAMES.map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </Field>
      </div>
      <DisabledHint reasons={[availability]} except={null} />
    </div>
  );
}
