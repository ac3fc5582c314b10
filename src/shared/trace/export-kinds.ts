/**
 * What a run can be exported as, and where browser mode serves each (GET, with the page's token): shared by
 * the server's routes and the page's buttons, so they never disagree.
 */
export const EXPORT_FILES = {
  trace: 'trace.json',
  samples: 'samples.csv',
  events: 'events.csv',
} as const;
export type ExportKind = keyof typeof EXPORT_FILES;

export const EXPORT_PATH_PREFIX = '/export/';

export function exportPath(kind: ExportKind): string {
  return `${EXPORT_PATH_PREFIX}${EXPORT_FILES[kind]}`;
}

/** The export a request path names, or null. */
export function exportKindOf(path: string): ExportKind | null {
  for (const kind of Object.keys(EXPORT_FILES) as ExportKind[]) if (path === exportPath(kind)) return kind;
  return null;
}
