import type { WorkerView } from '../../shared/lab-state';

/** The search box's rule, the same in the tree, the table and the history: any of these texts contains it. */
export function matchesFilter(filter: string, texts: readonly (string | number | null | undefined)[]): boolean {
  const needle = filter.trim().toLowerCase();
  if (needle === '') return true;
  return texts.some((text) => text !== null && text !== undefined && String(text).toLowerCase().includes(needle));
}

export function workerTexts(worker: WorkerView | undefined): string[] {
  return worker === undefined ? [] : [worker.name, worker.id, worker.method, worker.command ?? ''];
}
