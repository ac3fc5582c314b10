import { useState } from 'react';
import type { PrimitiveKind } from '../../shared/sync';
import { dataEdits, dataFields, INITIAL_DATA_DRAFT, type DataDraft, type DataField, type PrimitiveCommand } from '../model/primitive-edits';

interface PrimitiveEditorProps {
  readonly kind: PrimitiveKind;
  readonly name: string;
  /** Why commands are refused now (not connected, a recording shown), or null when they can be sent. */
  readonly offReason: string | null;
  operate(command: PrimitiveCommand): void;
}

const FIELD_TEXT: Readonly<Record<DataField, { label: string; of: string; hint: string }>> = {
  value: { label: 'value', of: 'Value for', hint: 'a number (a Dict or List also takes true, false, null or text)' },
  index: { label: 'index', of: 'Index in', hint: 'a whole number; negative counts from the end' },
  key: { label: 'key', of: 'Key in', hint: 'the key, as text' },
};

/** Writing into a shared Value, Array, Dict or List from the lab: set, reset, append, delete a key, clear. */
export function PrimitiveEditor({ kind, name, offReason, operate }: PrimitiveEditorProps) {
  const [draft, setDraft] = useState<DataDraft>(INITIAL_DATA_DRAFT);
  const fields = dataFields(kind);
  if (fields.length === 0) return null;
  return (
    <div className="primitive-edit" role="group" aria-label={`Edit ${name}`}>
      {fields.map((field) => (
        <label key={field} className="edit-field">
          <span>{FIELD_TEXT[field].label}</span>
          <input
            className={`mono edit-${field}`}
            aria-label={`${FIELD_TEXT[field].of} ${name}`}
            title={FIELD_TEXT[field].hint}
            value={draft[field]}
            onChange={(event) => setDraft({ ...draft, [field]: event.target.value })}
          />
        </label>
      ))}
      {dataEdits(kind, name, draft).map((edit) => (
        <button
          key={edit.label}
          type="button"
          className={edit.tone === undefined ? 'small' : `small ${edit.tone}`}
          aria-label={edit.ariaLabel}
          disabled={offReason !== null}
          title={offReason ?? undefined}
          onClick={() => operate(edit.command)}
        >
          {edit.label}
        </button>
      ))}
    </div>
  );
}
