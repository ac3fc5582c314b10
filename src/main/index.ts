import { app, Menu } from 'electron';
import { join } from 'node:path';
import { createLab } from '../core/lab';
import { connectLab } from './lab-bridge';
import { createMainWindow } from './window';

/**
 * The desktop shell: one window onto the lab core. Quitting (window closed, Ctrl-C, SIGTERM) stops the lab
 * first, so no worker outlives it unless the user detached it.
 */
app.enableSandbox();

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
