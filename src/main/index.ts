import { app, Menu } from 'electron';
import { join } from 'node:path';
import { createLab } from '../core/lab';
import { desktopPath } from './desktop-path';
import { connectLab } from './lab-bridge';
import { createMainWindow } from './window';

/**
 * The desktop shell: one window onto the lab core. Quitting (window closed, Ctrl-C, SIGTERM) stops the lab
 * first, so no worker outlives it unless the user detached it.
 */
app.enableSandbox();

// Opened from the Finder, a packaged app's PATH lacks where Pythons are installed: the lab and its workers
// look there too (desktop-path.ts). Before the lab starts, which reads PATH for the interpreters it offers.
const withPythons = app.isPackaged ? desktopPath(process.env.PATH, process.platform) : undefined;
// (Assigned only when set: process.env would keep undefined as the string "undefined".)
if (withPythons !== undefined) process.env.PATH = withPythons;

const lab = createLab({
  entries: { thread: join(__dirname, 'worker-thread.js'), process: join(__dirname, 'worker-process.js') },
  // A teacher's own scenario files (docs/scenarios.md), beside the library, if the folder is there.
  scenarioFolders: [{ path: join(app.getPath('userData'), 'scenarios'), optional: true }],
});

let stopped = false;
async function quit(reason: string): Promise<void> {
  if (stopped) return;
  stopped = true;
  await lab.stop(reason);
  app.exit(0);
}

app.on('web-contents-created', (_event, contents) => {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

app.whenReady().then(() => {
  Menu.setApplicationMenu(null);
  const window = createMainWindow();
  const disconnect = connectLab(lab, window);
  window.on('closed', disconnect);
});

app.on('window-all-closed', () => void quit('window closed'));
app.on('before-quit', (event) => {
  if (stopped) return;
  event.preventDefault();
  void quit('quit');
});
process.on('SIGINT', () => void quit('interrupted (SIGINT)'));
process.on('SIGTERM', () => void quit('asked to stop (SIGTERM)'));
