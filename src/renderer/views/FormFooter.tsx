/** A dialog form's refusal, said where the person looks next (role alert: read out at once). */
export function FormError({ error }: { error: string | null }) {
  if (error === null) return null;
  return (
    <p className="form-error" role="alert">
      {error}
    </p>
  );
}

/** Cancel and Create, the last row of a dialog that makes one thing (a primitive, a pool). */
export function CreateButtons({ busy, onClose }: { busy: boolean; onClose(): void }) {
  return (
    <div className="dialog-buttons">
      <button type="button" onClick={onClose}>
        Cancel
      </button>
      <button type="submit" className="primary solid" disabled={busy}>
        Create
      </button>
    </div>
  );
}
