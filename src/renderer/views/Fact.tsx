import type { ReactNode } from 'react';

/** One term and its value in a list of facts; `wide` takes the whole row. */
export function Fact({ term, mono, wide, children }: { term: string; mono?: boolean; wide?: boolean; children: ReactNode }) {
  return (
    <div className={wide ? 'fact wide' : 'fact'}>
      <dt>{term}</dt>
      <dd className={mono ? 'mono' : undefined}>{children}</dd>
    </div>
  );
}
