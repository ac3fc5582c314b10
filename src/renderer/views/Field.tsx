import { cloneElement, useId, type ReactElement } from 'react';

interface FieldProps {
  readonly label: string;
  /** A line under the control, announced as its description (not part of its name). */
  readonly hint?: string | null;
  readonly wide?: boolean;
  /** Label and control on one line (the worker actions). */
  readonly inline?: boolean;
  readonly children: ReactElement<{ id?: string; 'aria-describedby'?: string }>;
}

/** A labelled form control: the label names it exactly, the hint describes it. */
export function Field({ label, hint, wide, inline, children }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const hasHint = hint !== undefined && hint !== null && hint !== '';
  return (
    <div className={inline ? 'inline-field' : wide ? 'field wide' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {cloneElement(children, { id, 'aria-describedby': hasHint ? hintId : undefined })}
      {hasHint && (
        <small id={hintId} className="field-hint">
          {hint}
        </small>
      )}
    </div>
  );
}
