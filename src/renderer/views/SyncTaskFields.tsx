import type { SyncTaskName } from '../../shared/tasks';
import type { SyncTaskDraft } from '../model/sync-task-form';
import { Field } from './Field';

interface SyncTaskFieldsProps {
  readonly task: SyncTaskName;
  readonly draft: SyncTaskDraft;
  onChange(draft: SyncTaskDraft): void;
}

type TextField = keyof SyncTaskDraft;

/** The inputs of a task that uses the lab's primitives: which primitive, how many, how long. Sent as typed. */
export function SyncTaskFields({ task, draft, onChange }: SyncTaskFieldsProps) {
  const text = (field: TextField, label: string, options: { numeric?: boolean; hint?: string } = {}) => (
    <Field key={field} label={label} hint={options.hint}>
      <input
        className="mono"
        inputMode={options.numeric === true ? 'numeric' : 'text'}
        value={draft[field]}
        onChange={(event) => onChange({ ...draft, [field]: event.target.value })}
      />
    </Field>
  );
  const number = (field: TextField, label: string, hint?: string) => text(field, label, hint === undefined ? { numeric: true } : { numeric: true, hint });
  switch (task) {
    case 'produce':
      return [text('queue', 'Queue'), number('items', 'Items (n)'), number('delayMs', 'Delay (ms)', 'pause between puts')];
    case 'consume':
      return [text('queue', 'Queue'), number('items', 'Items (n)', '0 = for ever'), number('delayMs', 'Delay (ms)', 'pause per item')];
    case 'acquire-in-order':
      return [text('first', 'First lock'), text('second', 'Second lock'), number('holdMs', 'Hold (ms)', 'holds the first this long')];
    case 'decrement':
      return [
        text('counter', 'Counter', { hint: 'a Value, or a Dict with a key' }),
        text('key', 'Key (empty = Value)', { hint: 'the Dict entry to decrement' }),
        text('lock', 'Lock (empty = none)', { hint: 'none: updates race and get lost' }),
      ];
    case 'pipe-send':
      return [text('pipe', 'Pipe'), number('sendEnd', 'End', '0 or 1: what end 1 sends, end 0 receives'), number('items', 'Items (n)'), number('delayMs', 'Delay (ms)', 'pause between sends')];
    case 'pipe-recv':
      return [text('pipe', 'Pipe'), number('recvEnd', 'End', '0 or 1: end 0 receives what end 1 sends'), number('delayMs', 'Delay (ms)', 'pause per message')];
    case 'wait-event':
      return text('event', 'Event');
    case 'barrier-wait':
      return text('barrier', 'Barrier');
    case 'semaphore-work':
      return [text('semaphore', 'Semaphore'), number('workMs', 'Work (ms)')];
    case 'contend':
      return [text('contendLock', 'Lock'), number('times', 'Times (n)')];
  }
}
