import { spawn } from 'node:child_process';

/**
 * Opens the URL in the user's browser, where there is a display to open it on. The browser is the user's
 * own program, started detached on purpose: it may outlive the lab.
 */
export function openBrowser(url: string): boolean {
  const opener = openerFor(process.platform);
  if (opener === null) return false;
  try {
    const child = spawn(opener.command, [...opener.args, url], { detached: true, stdio: 'ignore' });
    child.on('error', () => undefined);
    child.unref();
    return true;
  } catch {
    return false;
  }
}

function openerFor(platform: NodeJS.Platform): { command: string; args: string[] } | null {
  switch (platform) {
    case 'darwin':
      return { command: 'open', args: [] };
    case 'win32':
      return { command: 'cmd', args: ['/c', 'start', '""'] };
    default:
      return process.env.DISPLAY || process.env.WAYLAND_DISPLAY ? { command: 'xdg-open', args: [] } : null;
  }
}
