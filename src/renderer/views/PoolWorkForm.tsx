import { useKeptState } from '../hooks/use-kept-state';
import type { TaskFunction } from '../../shared/task-wire';
import type { PoolActions } from '../model/pool-actions';
import { applyCommandOf, applyLabel, ARG_OF, INITIAL_WORK, mapCommandOf, mapLabel, WORK_FUNCTIONS, type WorkDraft } from '../model/pool-work';
import { Field } from './Field';

interface PoolWorkFormProps {
  readonly pool: string;
  /** Where what is typed is kept while the card is not drawn (the pool's name and creation: a new pool of the same name starts afresh). */
  readonly keptAs: string;
  readonly offReason: string | null;
  readonly actions: PoolActions;
}

/**
 * Work for a pool: a task function, how many items, its argument, chunksize and a stand-in callback's
 * duration; the buttons say what they will do ("Map sleep over 100", "Apply square(7)").
 */
export function PoolWorkForm({ pool, keptAs, offReason, actions }: PoolWorkFormProps) {
  const [draft, setDraft] = useKeptState<WorkDraft>(`${keptAs}.work`, INITIAL_WORK);
  const set = (change: Partial<WorkDraft>) => setDraft((current) => ({ ...current, ...change }));
  const send = (built: ReturnType<typeof mapCommandOf> | ReturnType<typeof applyCommandOf>) => (built.ok ? actions.run(built.command) : actions.refuse('Map refused:', built.error));
  const off = offReason !== null;
  return (
    <div className="pool-work" role="group" aria-label={`${pool} work`}>
      <Field label="fn" inline>
        <select value={draft.fn} onChange={(event) => set({ fn: event.target.value as TaskFunction, arg: ARG_OF[event.target.value as TaskFunction].initial })}>
          {WORK_FUNCTIONS.map((fn) => (
            <option key={fn}>{fn}</option>
          ))}
        </select>
      </Field>
      <Field label="items" inline>
        <input className="mono items" inputMode="numeric" value={draft.items} onChange={(event) => set({ items: event.target.value })} />
      </Field>
      <Field label={ARG_OF[draft.fn].label} inline>
        <input
          className={draft.fn === 'fail' ? 'mono' : 'mono narrow'}
          title={draft.fn === 'square' ? 'a map squares range(items); an apply squares x' : undefined}
          value={draft.arg}
          onChange={(event) => set({ arg: event.target.value })}
        />
      </Field>
      <Field label="chunksize" inline>
        <input
          className="mono narrow"
          inputMode="numeric"
          placeholder="auto"
          title="items per task; empty = Python's default (Pool: len / (4 × size), rounded up)"
          value={draft.chunksize}
          onChange={(event) => set({ chunksize: event.target.value })}
        />
      </Field>
      <Field label="callback ms" inline>
        <input
          className="mono narrow"
          inputMode="numeric"
          placeholder="none"
          title="a callback that takes this long, run in the parent one at a time as Python's: results queue behind a slow one; empty = none"
          value={draft.callbackMs}
          onChange={(event) => set({ callbackMs: event.target.value })}
        />
      </Field>
      <button type="button" className="small primary" disabled={off} title={offReason ?? `pool.map(${draft.fn}, …)`} onClick={() => send(mapCommandOf(pool, draft))}>
        {mapLabel(draft)}
      </button>
      <button type="button" className="small" disabled={off} title={offReason ?? 'apply_async / submit: one task'} onClick={() => send(applyCommandOf(pool, draft))}>
        {applyLabel(draft)}
      </button>
    </div>
  );
}
