import { memo, useCallback, useState, type ChangeEvent } from 'react';
import { isLive, type WorkerView } from '../../shared/lab-state';
import type { CommandToSend } from '../../shared/protocol';
import { SIGNAL_NAMES, type SignalName } from '../../shared/signals';
import { typedNumber } from '../model/start-form';
import { describeJoin } from '../model/worker-activity';
import { availability, groupOf, type ActionContext, type WorkerAction } from '../model/worker-actions';
import { ActionButton, DisabledHint } from './ActionButton';
import { Field } from './Field';

interface WorkerActionsProps {
  readonly worker: WorkerView | undefined;
  readonly context: ActionContext;
  run(command: CommandToSend): void;
  askKill(worker: WorkerView): void;
}

/** Join, terminate, kill, signal, close (an ended worker leaves the lists) and their group forms, for the selected worker. */
export function WorkerActions({ worker, context, run, askKill }: WorkerActionsProps) {
  const [timeout, setJoinTimeout] = useState('');
  const [signal, setSignal] = useState<SignalName>('SIGSTOP');
  // Stable handlers, so that the memoised controls below are not drawn again each frame.
  const onTimeout = useCallback((event: ChangeEvent<HTMLInputElement>) => setJoinTimeout(event.target.value), []);
  const onSignal = useCallback((event: ChangeEvent<HTMLSelectElement>) => setSignal(event.target.value as SignalName), []);
  const can = (action: WorkerAction) => availability(action, worker, context);
  const all = (['join', 'terminate', 'kill', 'signal', 'terminateTree'] as const).map(can);
  // When every action is off for one reason ("no worker selected"), say it once, at the top.
  const common = all.every((each) => !each.enabled && each.reason === all[0]?.reason) ? (all[0]?.reason ?? null) : null;
  const group = worker === undefined ? [] : groupOf(worker, context.state);
  const ids = worker === undefined ? [] : [worker.id];
  const liveOfGroup = group.filter(isLive).map((each) => each.id);
  const timeoutMs = timeout.trim() === '' ? undefined : typedNumber(timeout);
  const join = (workerIds: string[]): CommandToSend => (timeoutMs === undefined ? { type: 'join', workerIds } : { type: 'join', workerIds, timeoutMs });

  return (
    <div className="actions" aria-label="Actions" role="group">
      {common !== null && <p className="hint common">{common}</p>}
      <div className="action-row">
        <ActionButton label="Join" shortcut="j" availability={can('join')} onClick={() => run(join(ids))} />
        <Field label="Join timeout (ms)" inline>
          <TimeoutInput value={timeout} onChange={onTimeout} />
        </Field>
      </div>
      {worker?.join != null && (
        <p className="joining" role="status">
          {describeJoin(worker.join, context.state.now)}
        </p>
      )}
      {worker?.join == null && <DisabledHint reasons={[can('join')]} except={common} />}
      <div className="action-row">
        <ActionButton label="Terminate" shortcut="Del" tone="warn" availability={can('terminate')} onClick={() => run({ type: 'terminate', workerIds: ids })} />
        <ActionButton label="Kill" shortcut="k" tone="danger" availability={can('kill')} onClick={() => worker !== undefined && askKill(worker)} />
        <ActionButton label="Terminate tree" tone="warn" availability={can('terminateTree')} onClick={() => run({ type: 'terminateTree', workerIds: ids })} />
        <ActionButton label="Close" availability={can('close')} onClick={() => run({ type: 'close', workerIds: ids })} />
      </div>
      <DisabledHint reasons={[can('terminate'), can('kill'), can('terminateTree')]} except={common} />
      <div className="action-row">
        <ActionButton label="Send signal" availability={can('signal')} onClick={() => run({ type: 'signal', workerIds: ids, signal })} />
        <Field label="Signal" inline>
          <select value={signal} onChange={onSignal}>
            {SIGNAL_NAMES.map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </Field>
      </div>
      <DisabledHint reasons={[can('signal')]} except={common} />
      {group.length > 1 && (
        <>
          <div className="action-row group-row">
            <span className="group-label" title={`started together as group ${worker?.groupId ?? ''}`}>
              Group · {liveOfGroup.length}/{group.length} live
            </span>
            <ActionButton label="Join group" availability={can('joinGroup')} onClick={() => run(join(liveOfGroup))} />
            <ActionButton label="Terminate group" tone="warn" availability={can('terminateGroup')} onClick={() => run({ type: 'terminate', workerIds: liveOfGroup })} />
          </div>
          <DisabledHint reasons={[can('joinGroup'), can('terminateGroup')]} except={common} />
        </>
      )}
    </div>
  );
}

interface TimeoutInputProps {
  readonly value: string;
  onChange(event: ChangeEvent<HTMLInputElement>): void;
  /** From the Field around it. */
  readonly id?: string;
  readonly 'aria-describedby'?: string;
}

/**
 * Memoised: React sets an input's name and type again whenever it draws it (a style invalidation), and the
 * actions are drawn with every frame of a busy lab, for a field whose value had not changed.
 */
const TimeoutInput = memo(function TimeoutInput({ value, onChange, id, 'aria-describedby': describedBy }: TimeoutInputProps) {
  return <input className="mono" inputMode="numeric" placeholder="none" value={value} onChange={onChange} id={id} aria-describedby={describedBy} />;
});
