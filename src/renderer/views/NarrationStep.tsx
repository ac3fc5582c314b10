/** One step of a scenario's narration, large, with where it is in the narration ("Step 2 of 5"). */
export function NarrationStep({ steps, index }: { steps: readonly string[]; index: number }) {
  const text = steps[index];
  if (text === undefined) return <p className="narration-step empty">This scenario has no narration.</p>;
  return (
    <section className="narration-step" aria-label="Narration" aria-live="polite">
      <p className="narration-count">
        Step {index + 1} of {steps.length}
      </p>
      <p className="narration-text">{text}</p>
    </section>
  );
}
