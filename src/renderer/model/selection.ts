/** What the person has selected in the tree or the table: this window's choice, not the lab's state. */
export type Selection =
  | { readonly kind: 'worker'; readonly workerId: string }
  | { readonly kind: 'process'; readonly pid: number }
  | { readonly kind: 'thread'; readonly tid: number };

export function selectionKey(selection: Selection | null): string {
  if (selection === null) return '';
  switch (selection.kind) {
    case 'worker':
      return `worker:${selection.workerId}`;
    case 'process':
      return `process:${selection.pid}`;
    case 'thread':
      return `thread:${selection.tid}`;
  }
}

export function sameSelection(a: Selection | null, b: Selection | null): boolean {
  return selectionKey(a) === selectionKey(b);
}

/** The selection one step up or down a list of rows (arrow keys); the first row when nothing is selected. */
export function moveSelection(order: readonly Selection[], current: Selection | null, step: number): Selection | null {
  if (order.length === 0) return current;
  const index = order.findIndex((each) => sameSelection(each, current));
  if (index === -1) return order[step > 0 ? 0 : order.length - 1] ?? null;
  return order[Math.max(0, Math.min(order.length - 1, index + step))] ?? current;
}

/**
 * The selection once the workers changed: a worker that was there and is gone was closed (Process.close()
 * removes it), so nothing is selected; a worker not there yet is one just started, still to appear.
 */
export function selectionAfterWorkersChanged(selection: Selection | null, before: Readonly<Record<string, unknown>>, after: Readonly<Record<string, unknown>>): Selection | null {
  if (selection?.kind !== 'worker') return selection;
  return before[selection.workerId] !== undefined && after[selection.workerId] === undefined ? null : selection;
}
