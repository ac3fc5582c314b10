import { exportPath, type ExportKind } from '../../shared/trace/export-kinds';

/**
 * Browser mode's export downloads (src/server/export-download.ts), carrying the page's token as the
 * WebSocket does. Null in the Electron window: its exports need a save dialog in the main process, not built yet.
 */
export function exportLinks(): Readonly<Record<ExportKind, string>> | null {
  if (window.lab !== undefined) return null;
  const token = encodeURIComponent(new URLSearchParams(window.location.search).get('token') ?? '');
  const link = (kind: ExportKind) => `${exportPath(kind)}?token=${token}`;
  return { trace: link('trace'), samples: link('samples'), events: link('events') };
}
