import { KEEP_BURST_OPS, KEEP_OPS_PER_SECOND } from './fast-path-ring';

/** A `sync.fastPathCounted` event in words, the same on the page and in the CSV export. */
export function describeCounted(ops: number, total: number): string {
  const n = (value: number) => value.toLocaleString('en');
  return `${n(ops)} fast-path ops counted, not kept (${n(total)} so far): the recording keeps ${n(KEEP_OPS_PER_SECOND)} a second per thread after a burst of ${n(KEEP_BURST_OPS)}, and none while the lab is behind`;
}
