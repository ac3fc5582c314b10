import { GIL_WAIT } from '../../shared/gil';

/**
 * A Python thread that wanted to run and slept while another thread of its interpreter held the GIL, inferred
 * from /proc (src/shared/gil.ts). As short as "sleeping", to fit a state column; the share is in the title.
 */
export function GilState({ waiting }: { readonly waiting: number }) {
  const share = Math.round(waiting);
  const title = `runnable, waiting for the GIL: asleep ${share}% of the last interval while another thread of its interpreter ran (inferred from /proc; see docs/python.md)`;
  return (
    <span className="state state-gil" title={title}>
      {GIL_WAIT}
    </span>
  );
}
